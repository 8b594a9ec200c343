import OpsAuditModel

/// A light HCL scanner for `*.tf` files: blocks with their labels and `key = value` attributes,
/// positions kept. Our own byte-level pass, not an HCL implementation: expressions are skipped
/// (strings with `${…}`/`%{…}` templates, heredocs, brackets, comments) and kept as written.
public enum TerraformScanner {
    /// Blocks nested deeper are scanned but not kept.
    public static let maximumDepth = 32
    /// Template interpolations nested deeper (`"${"${…}"}"`) end the string with a diagnostic.
    static let maximumTemplateDepth = 16
    static let maximumDiagnostics = 10

    /// Scans one file. Never throws; unbalanced input becomes diagnostics and the blocks read so far.
    public static func parse(_ file: TextFile) -> ParseResult {
        var scanner = HCLScanner(file: file)
        scanner.run()
        return ParseResult(TerraformFile(path: file.path, blocks: scanner.topLevel), diagnostics: scanner.diagnostics)
    }
}

private struct HCLScanner {
    let file: TextFile
    let bytes: [UInt8]
    var pos = 0
    var diagnostics: [Diagnostic] = []
    var stack: [TerraformBlock] = []
    var skippedDepth = 0
    var topLevel: [TerraformBlock] = []

    init(file: TextFile) {
        self.file = file
        self.bytes = Array(file.text.utf8)
    }

    // MARK: Characters

    static let newline = UInt8(ascii: "\n"), quote = UInt8(ascii: "\""), backslash = UInt8(ascii: "\\")
    static let openBrace = UInt8(ascii: "{"), closeBrace = UInt8(ascii: "}"), hash = UInt8(ascii: "#")
    static let slash = UInt8(ascii: "/"), star = UInt8(ascii: "*"), equals = UInt8(ascii: "=")
    static let dollar = UInt8(ascii: "$"), percent = UInt8(ascii: "%"), less = UInt8(ascii: "<"), dash = UInt8(ascii: "-")

    func byte(_ offset: Int = 0) -> UInt8? { pos + offset < bytes.count ? bytes[pos + offset] : nil }

    static func isIdentifierStart(_ b: UInt8) -> Bool {
        (b >= 0x61 && b <= 0x7A) || (b >= 0x41 && b <= 0x5A) || b == UInt8(ascii: "_") || b >= 0x80
    }

    static func isIdentifierPart(_ b: UInt8) -> Bool {
        isIdentifierStart(b) || (b >= 0x30 && b <= 0x39) || b == dash
    }

    static func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0D }

    func location(_ offset: Int) -> Location { file.location(atUTF8Offset: offset) }

    func text(_ start: Int, _ end: Int) -> String {
        String(decoding: bytes[start..<max(start, end)], as: UTF8.self)
    }

    mutating func report(_ message: String, at offset: Int, kind: Diagnostic.Kind = .parse) {
        guard diagnostics.count < TerraformScanner.maximumDiagnostics else { return }
        diagnostics.append(Diagnostic(kind, message, at: location(min(offset, bytes.count))))
    }

    // MARK: Trivia

    /// Skips spaces and comments; newlines too when `newlines`. A `#`/`//` comment stops before its newline.
    mutating func skipTrivia(newlines: Bool) {
        while let b = byte() {
            if Self.isSpace(b) || (newlines && b == Self.newline) {
                pos += 1
            } else if b == Self.hash || (b == Self.slash && byte(1) == Self.slash) {
                skipToEndOfLine()
            } else if b == Self.slash && byte(1) == Self.star {
                skipBlockComment()
            } else {
                return
            }
        }
    }

    mutating func skipToEndOfLine() {
        while let b = byte(), b != Self.newline { pos += 1 }
    }

    mutating func skipBlockComment() {
        let start = pos
        pos += 2
        while let b = byte() {
            if b == Self.star && byte(1) == Self.slash {
                pos += 2
                return
            }
            pos += 1
        }
        report("unterminated `/*` comment", at: start)
    }

    mutating func readIdentifier() -> String {
        let start = pos
        while let b = byte(), Self.isIdentifierPart(b) { pos += 1 }
        return text(start, pos)
    }

    // MARK: Structure

    mutating func run() {
        while true {
            skipTrivia(newlines: true)
            guard let b = byte() else { break }
            if b == Self.closeBrace {
                closeBlock(at: pos)
                pos += 1
            } else if Self.isIdentifierStart(b) {
                statement()
            } else {
                report("unexpected `\(text(pos, pos + 1))`; expected an attribute or a block", at: pos)
                skipToEndOfLine()
            }
        }
        if let open = stack.first {
            if diagnostics.count < TerraformScanner.maximumDiagnostics {
                diagnostics.append(Diagnostic(.parse, "block `\(open.address)` is not closed", at: open.location))
            }
            while !stack.isEmpty { closeBlock(at: bytes.count) }
        } else if skippedDepth > 0 {
            report("block not closed", at: bytes.count)
        }
    }

    mutating func statement() {
        let start = pos
        let name = readIdentifier()
        skipTrivia(newlines: false)
        if byte() == Self.equals && byte(1) != Self.equals {
            pos += 1
            attribute(name, at: start)
            return
        }
        var labels: [Located<String>] = []
        while let b = byte() {
            if b == Self.quote {
                let labelStart = pos
                let end = skipString(depth: 0)
                labels.append(Located(String(text(labelStart + 1, end - 1)), at: location(labelStart)))
            } else if Self.isIdentifierStart(b) {
                let labelStart = pos
                labels.append(Located(readIdentifier(), at: location(labelStart)))
            } else {
                break
            }
            skipTrivia(newlines: false)
        }
        guard byte() == Self.openBrace else {
            report("expected `=` or `{` after `\(name)`", at: pos)
            skipToEndOfLine()
            return
        }
        pos += 1
        if stack.count >= TerraformScanner.maximumDepth || skippedDepth > 0 {
            if skippedDepth == 0 {
                report("blocks nested deeper than \(TerraformScanner.maximumDepth) levels; deeper content ignored", at: start, kind: .limit)
            }
            skippedDepth += 1
            return
        }
        stack.append(TerraformBlock(type: Located(name, at: location(start)), labels: labels, location: location(start)))
    }

    mutating func closeBlock(at offset: Int) {
        if skippedDepth > 0 {
            skippedDepth -= 1
            return
        }
        guard var block = stack.popLast() else {
            report("unexpected `}` with no open block", at: offset)
            return
        }
        block.location.endLine = location(max(0, min(offset, bytes.count - 1))).line
        if stack.isEmpty {
            topLevel.append(block)
        } else {
            stack[stack.count - 1].blocks.append(block)
        }
    }

    mutating func attribute(_ name: String, at start: Int) {
        skipTrivia(newlines: false)
        let valueStart = pos
        var valueEnd = readExpression()
        while valueEnd > valueStart, Self.isSpace(bytes[valueEnd - 1]) { valueEnd -= 1 }
        guard !stack.isEmpty, skippedDepth == 0 else { return }
        let attribute = TerraformAttribute(name: Located(name, at: location(start)),
                                           value: Located(text(valueStart, valueEnd), at: location(valueStart)))
        stack[stack.count - 1].attributes.append(attribute)
    }

    // MARK: Expressions

    /// Skips an attribute's expression to the end of its line (brackets may span lines) and
    /// returns where its text ends (before a trailing comment). Stops before an unmatched `}`:
    /// one-line blocks `x { a = 1 }`.
    mutating func readExpression() -> Int {
        var depth = 0
        let start = pos
        while let b = byte() {
            switch b {
            case Self.newline:
                if depth == 0 { return pos }
                pos += 1
            case Self.quote:
                pos = skipString(depth: 0)
            case Self.less where byte(1) == Self.less:
                skipHeredoc()
            case Self.hash:
                if depth == 0 { let end = pos; skipToEndOfLine(); return end }
                skipToEndOfLine()
            case Self.slash where byte(1) == Self.slash:
                if depth == 0 { let end = pos; skipToEndOfLine(); return end }
                skipToEndOfLine()
            case Self.slash where byte(1) == Self.star:
                skipBlockComment()
            case UInt8(ascii: "("), UInt8(ascii: "["), Self.openBrace:
                depth += 1
                pos += 1
            case UInt8(ascii: ")"), UInt8(ascii: "]"), Self.closeBrace:
                if depth == 0 {
                    if b == Self.closeBrace { return pos }
                    report("unbalanced `\(text(pos, pos + 1))` in expression", at: pos)
                } else {
                    depth -= 1
                }
                pos += 1
            default:
                pos += 1
            }
        }
        if depth > 0 { report("unclosed bracket in expression", at: start) }
        return pos
    }

    /// Skips a quoted template starting at `pos` (on its `"`); returns the offset after the
    /// closing quote. A newline ends an unterminated string (HCL strings are one line).
    mutating func skipString(depth: Int) -> Int {
        let start = pos
        pos += 1
        while let b = byte() {
            switch b {
            case Self.backslash:
                pos += 2
            case Self.quote:
                pos += 1
                return pos
            case Self.newline:
                report("unterminated string", at: start)
                return pos
            case Self.dollar, Self.percent:
                if byte(1) == b && byte(2) == Self.openBrace {  // `$${` and `%%{` are literal
                    pos += 3
                } else if byte(1) == Self.openBrace {
                    pos += 2
                    if depth >= TerraformScanner.maximumTemplateDepth {
                        report("string templates nested too deeply", at: start, kind: .limit)
                        skipToEndOfLine()
                        return pos
                    }
                    skipTemplateSequence(depth: depth + 1)
                } else {
                    pos += 1
                }
            default:
                pos += 1
            }
        }
        report("unterminated string", at: start)
        return min(pos, bytes.count)
    }

    /// Skips the inside of `${…}` or `%{…}` up to and including its closing brace.
    mutating func skipTemplateSequence(depth: Int) {
        var braces = 0
        while let b = byte() {
            switch b {
            case Self.quote:
                pos = skipString(depth: depth)
            case Self.openBrace:
                braces += 1
                pos += 1
            case Self.closeBrace:
                pos += 1
                if braces == 0 { return }
                braces -= 1
            case Self.newline where braces == 0:
                return  // leaves the string scanner to report it
            default:
                pos += 1
            }
        }
    }

    /// Skips `<<EOF` / `<<-EOF` and its body up to the line holding only the marker.
    mutating func skipHeredoc() {
        let start = pos
        pos += 2
        if byte() == Self.dash { pos += 1 }
        guard let b = byte(), Self.isIdentifierStart(b) else { return }
        let marker = Array(readIdentifier().utf8)
        skipToEndOfLine()
        while byte() == Self.newline {
            pos += 1
            var lineStart = pos
            while let c = byte(), Self.isSpace(c) { pos += 1 }
            lineStart = pos
            skipToEndOfLine()
            var lineEnd = pos
            while lineEnd > lineStart, Self.isSpace(bytes[lineEnd - 1]) { lineEnd -= 1 }
            if bytes[lineStart..<lineEnd].elementsEqual(marker) { return }
        }
        report("heredoc `\(String(decoding: marker, as: UTF8.self))` is not terminated", at: start)
    }
}
