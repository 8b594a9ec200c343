import CLibXML2
import Foundation

/// Validates an XML document against an XML Schema file with libxml2 (what `xmllint --schema`
/// does), collecting every error message instead of printing it.
public enum XMLSchemaValidator {
    /// Collects libxml2's structured errors; passed to its C callback as an opaque pointer.
    private final class Errors {
        var messages: [String] = []
    }

    /// Every problem found, `line N: message`; empty when the document is well-formed and valid.
    public static func validate(_ xml: String, schemaPath: String) -> [String] {
        // Idempotent; called first because the tests validate from several threads at once.
        xmlInitParser()
        let errors = Errors()
        let box = Unmanaged.passRetained(errors)
        defer { box.release() }
        let context = box.toOpaque()
        let collect: xmlStructuredErrorFunc = { userData, error in
            guard let userData, let error else { return }
            let errors = Unmanaged<Errors>.fromOpaque(userData).takeUnretainedValue()
            let message = error.pointee.message.map { String(cString: $0) } ?? "unknown error"
            let trimmed = message.trimmingCharacters(in: .whitespacesAndNewlines)
            errors.messages.append("line \(error.pointee.line): \(trimmed)")
        }

        guard let parser = xmlSchemaNewParserCtxt(schemaPath) else { return ["cannot open schema \(schemaPath)"] }
        defer { xmlSchemaFreeParserCtxt(parser) }
        xmlSchemaSetParserStructuredErrors(parser, collect, context)
        guard let schema = xmlSchemaParse(parser) else { return ["schema does not parse"] + errors.messages }
        defer { xmlSchemaFree(schema) }

        let bytes = Array(xml.utf8)
        // The parser's own errors (not well-formed input) go through the global handler.
        xmlSetStructuredErrorFunc(context, collect)
        defer { xmlSetStructuredErrorFunc(nil, nil) }
        let document = bytes.withUnsafeBufferPointer { buffer in
            buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) {
                xmlReadMemory($0, Int32(buffer.count), "report.xml", "UTF-8", Int32(XML_PARSE_NONET.rawValue))
            }
        }
        guard let document else { return ["not well-formed"] + errors.messages }
        defer { xmlFreeDoc(document) }

        guard let validator = xmlSchemaNewValidCtxt(schema) else { return ["cannot create validator"] }
        defer { xmlSchemaFreeValidCtxt(validator) }
        xmlSchemaSetValidStructuredErrors(validator, collect, context)
        let result = xmlSchemaValidateDoc(validator, document)
        if result != 0 && errors.messages.isEmpty { return ["invalid (libxml2 code \(result))"] }
        return errors.messages
    }
}
