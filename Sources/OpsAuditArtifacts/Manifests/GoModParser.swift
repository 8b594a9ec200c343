import OpsAuditModel

/// Parses `go.mod`: the module path and its `require` directives (single and block form).
public enum GoModParser {
    public static func parse(_ file: TextFile) -> ParseResult {
        var name: String?
        var dependencies: [Dependency] = []
        var diagnostics: [Diagnostic] = []
        var blockStart: Int?
        var blockVerb = ""
        for (offset, raw) in file.lines.enumerated() {
            let number = offset + 1
            let line = stripComment(raw)
            let words = words(line)
            guard let first = words.first else { continue }
            if blockStart != nil {
                if first.text == ")" {
                    blockStart = nil
                    continue
                }
                if blockVerb == "require" { dependencies.append(require(words, line: number, file)) }
                continue
            }
            switch first.text {
            case "module":
                if words.count > 1 { name = words[1].text.trimming(characters: "\"") }
            case "require", "replace", "exclude", "retract", "tool", "godebug", "ignore":
                if words.count > 1, words[1].text == "(" {
                    blockStart = number
                    blockVerb = first.text
                } else if first.text == "require", words.count > 1 {
                    dependencies.append(require(Array(words.dropFirst()), line: number, file))
                }
            default: break
            }
        }
        if let blockStart {
            diagnostics.append(Diagnostic(.parse, "`\(blockVerb) (` block never closed", at: file.location(line: blockStart)))
        }
        return ParseResult(PackageManifest(path: file.path, ecosystem: .go, name: name, dependencies: dependencies),
                           diagnostics: diagnostics)
    }

    private static func require(_ words: [(text: String, column: Int)], line: Int, _ file: TextFile) -> Dependency {
        Dependency(name: words[0].text.trimming(characters: "\""), version: words.count > 1 ? words[1].text : nil,
                   location: file.location(line: line, column: words[0].column), isDev: false, ecosystem: .go)
    }

    private static func stripComment(_ line: Substring) -> Substring {
        guard let range = line.range(of: "//") else { return line }
        return line[..<range.lowerBound]
    }

    private static func words(_ line: Substring) -> [(text: String, column: Int)] {
        var result: [(String, Int)] = []
        var current = ""
        var start = 0
        for (offset, scalar) in line.unicodeScalars.enumerated() {
            if scalar == " " || scalar == "\t" {
                if !current.isEmpty { result.append((current, start + 1)) }
                current = ""
            } else {
                if current.isEmpty { start = offset }
                current.unicodeScalars.append(scalar)
            }
        }
        if !current.isEmpty { result.append((current, start + 1)) }
        return result
    }
}
