import OpsAuditTestSupport
import Testing

@Suite("SchemaValidator")
struct SchemaValidatorTests {
    static let schema = """
    {
      "$id": "test", "type": "object", "required": ["name", "items"], "additionalProperties": false,
      "properties": {
        "name": {"type": "string", "enum": ["a", "b"]},
        "count": {"type": "integer", "minimum": 1, "maximum": 3},
        "score": {"type": ["number", "null"]},
        "items": {"type": "array", "items": {"$ref": "#/$defs/item"}},
        "tags": {"type": "object", "additionalProperties": {"type": "string"}}
      },
      "$defs": {"item": {"type": "object", "required": ["id"], "properties": {"id": {"type": "integer"}}, "additionalProperties": false}}
    }
    """

    private func errors(_ document: String, schema: String = schema) throws -> [String] {
        try SchemaValidator(root: JSONDocument.parse(schema)).validate(JSONDocument.parse(document))
    }

    @Test func acceptsAValidDocument() throws {
        #expect(try errors(#"{"name": "a", "count": 2, "score": null, "items": [{"id": 1}], "tags": {"x": "y"}}"#) == [])
        #expect(try errors(#"{"name": "b", "score": 6.5, "items": []}"#) == [])
    }

    @Test func reportsEachViolationWithItsPointer() throws {
        #expect(try errors(#"{"items": []}"#) == [": missing required name"])
        #expect(try errors(#"{"name": "c", "items": []}"#) == ["/name: value not in enum"])
        #expect(try errors(#"{"name": 1, "items": []}"#) == ["/name: expected string, got number"])
        #expect(try errors(#"{"name": "a", "count": 1.5, "items": []}"#) == ["/count: expected integer, got number"])
        #expect(try errors(#"{"name": "a", "count": 0, "items": []}"#) == ["/count: 0.0 is below the minimum 1.0"])
        #expect(try errors(#"{"name": "a", "count": 4, "items": []}"#) == ["/count: 4.0 is above the maximum 3.0"])
        #expect(try errors(#"{"name": "a", "score": "x", "items": []}"#) == ["/score: expected number or null, got string"])
        #expect(try errors(#"{"name": "a", "extra": 1, "items": []}"#) == ["/extra: additional property not allowed"])
        #expect(try errors(#"{"name": "a", "items": [{"id": 1}, {"id": "2", "x": 0}]}"#)
            == ["/items/1/id: expected integer, got string", "/items/1/x: additional property not allowed"])
        #expect(try errors(#"{"name": "a", "items": [], "tags": {"k": 3}}"#) == ["/tags/k: expected string, got number"])
    }

    @Test func rejectsWhatItCannotCheck() throws {
        #expect(try errors(#""x""#, schema: #"{"type": "string", "maxLength": 3}"#) == [": unsupported keyword maxLength"])
        #expect(try errors("1", schema: ##"{"$ref": "#/$defs/missing"}"##) == [": unresolved $ref #/$defs/missing"])
        #expect(try errors("1", schema: ##"{"$ref": "#/definitions/missing"}"##) == [": unresolved $ref #/definitions/missing"])
        #expect(try errors(#""x""#, schema: #"{"type": "string", "format": "email"}"#) == [": unsupported format email"])
        // An unchecked keyword in a branch is reported even when another branch passes.
        #expect(try errors(#""x""#, schema: #"{"anyOf": [{"type": "string"}, {"not": {}}]}"#) == [": unsupported keyword not"])
        #expect(try errors("{}", schema: #"{"dependencies": {"a": ["b"]}}"#) == [": unsupported keyword dependencies"])
    }

    /// The draft-04 keywords the SARIF schema uses.
    static let draft04 = """
    {
      "$schema": "http://json-schema.org/draft-04/schema#", "id": "x", "type": "object",
      "properties": {
        "level": {"enum": ["error", "warning"], "default": "warning"},
        "uri": {"type": "string", "format": "uri"},
        "ref": {"type": "string", "format": "uri-reference"},
        "time": {"type": "string", "format": "date-time"},
        "guid": {"type": "string", "pattern": "^[0-9a-f]{4}$"},
        "tags": {"type": "array", "minItems": 1, "uniqueItems": true, "items": {"type": "string"}},
        "message": {"$ref": "#/definitions/message"},
        "one": {"oneOf": [{"required": ["a"]}, {"required": ["b"]}]}
      },
      "definitions": {"message": {"type": "object", "anyOf": [{"required": ["text"]}, {"required": ["id"]}]}}
    }
    """

    @Test func checksDraft04Keywords() throws {
        #expect(try errors(#"{"level": "error", "uri": "https://x.dev/a", "ref": "src/a%20b.yml", "time": "2026-11-30T12:00:00Z", "guid": "0a1b", "tags": ["a", "b"], "message": {"id": "m"}, "one": {"a": 1}}"#, schema: Self.draft04) == [])
        #expect(try errors(#"{"level": "fatal"}"#, schema: Self.draft04) == ["/level: value not in enum"])
        #expect(try errors(#"{"uri": "no scheme"}"#, schema: Self.draft04) == ["/uri: not a valid uri"])
        #expect(try errors(#"{"ref": "a b.yml"}"#, schema: Self.draft04) == ["/ref: not a valid uri-reference"])
        #expect(try errors(#"{"ref": "a%zz.yml"}"#, schema: Self.draft04) == ["/ref: not a valid uri-reference"])
        #expect(try errors(#"{"time": "2026-11-30"}"#, schema: Self.draft04) == ["/time: not a valid date-time"])
        #expect(try errors(#"{"guid": "0a1g"}"#, schema: Self.draft04) == ["/guid: does not match pattern ^[0-9a-f]{4}$"])
        #expect(try errors(#"{"tags": []}"#, schema: Self.draft04) == ["/tags: 0 items, fewer than 1"])
        #expect(try errors(#"{"tags": ["a", "b", "a"]}"#, schema: Self.draft04) == ["/tags/2: duplicate item"])
        #expect(try errors(#"{"message": {"markdown": "m"}}"#, schema: Self.draft04) == ["/message: matches none of anyOf"])
        #expect(try errors(#"{"one": {"a": 1, "b": 2}}"#, schema: Self.draft04) == ["/one: matches 2 of oneOf, not exactly 1"])
        #expect(try errors(#"{"one": {}}"#, schema: Self.draft04) == ["/one: matches 0 of oneOf, not exactly 1"])
    }
}
