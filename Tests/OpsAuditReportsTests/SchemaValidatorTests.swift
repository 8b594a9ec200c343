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
        try SchemaValidator(root: JSONValue.parse(schema)).validate(JSONValue.parse(document))
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
        #expect(try errors(#""x""#, schema: #"{"type": "string", "pattern": "^y$"}"#) == [": unsupported keyword pattern"])
        #expect(try errors("1", schema: ##"{"$ref": "#/$defs/missing"}"##) == [": unresolved $ref #/$defs/missing"])
    }
}
