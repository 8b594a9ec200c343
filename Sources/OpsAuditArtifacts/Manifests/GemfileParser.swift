import OpsAuditModel

/// Parses a Gemfile line by line (it is Ruby; we read the common DSL, not arbitrary code):
/// `gem` lines, `group … do … end` blocks and `group:` options.
public enum GemfileParser {
    static let devGroups: Set<String> = ["development", "test", "dev", "lint", "ci"]

    public static func parse(_ file: TextFile) -> ParseResult {
        // One entry per open `do`/`if` block: true when it is a development-only group.
        var blocks: [Bool] = []
        var dependencies: [Dependency] = []
        var diagnostics: [Diagnostic] = []
        for (offset, raw) in file.lines.enumerated() {
            let number = offset + 1
            let line = stripComment(raw)
            let indent = line.unicodeScalars.prefix { $0 == " " || $0 == "\t" }.count
            let code = line.trimmingSpacesAndTabs()
            guard !code.isEmpty else { continue }
            let firstWord = code.prefix { $0.isLetter || $0 == "_" }
            if firstWord == "end" {
                if blocks.popLast() == nil {
                    diagnostics.append(Diagnostic(.parse, "`end` without an open block", at: file.location(line: number)))
                }
                continue
            }
            if firstWord == "gem", code.dropFirst(3).first.map({ $0 == " " || $0 == "(" || $0 == "\t" }) == true {
                let arguments = strings(code.dropFirst(3))
                guard let name = arguments.first else {
                    diagnostics.append(Diagnostic(.parse, "`gem` without a quoted name", at: file.location(line: number)))
                    continue
                }
                let constraints = arguments.dropFirst().filter {
                    $0.first.map { "0123456789~><=!".contains($0) } ?? false
                }
                let optionGroups = groupOption(code)
                let isDev = blocks.contains(true) || (!optionGroups.isEmpty && optionGroups.allSatisfy(devGroups.contains))
                let column = indent + (code.firstIndex(where: { $0 == "'" || $0 == "\"" }).map {
                    code.unicodeScalars.distance(from: code.startIndex, to: $0) + 2
                } ?? 1)
                dependencies.append(Dependency(
                    name: name, version: constraints.isEmpty ? nil : constraints.joined(separator: ", "),
                    location: file.location(line: number, column: column), isDev: isDev, ecosystem: .ruby))
                continue
            }
            let opensBlock = code.hasSuffix(" do") || code.range(of: " do |") != nil
            if firstWord == "group", opensBlock {
                let groups = symbols(code.dropFirst(5))
                blocks.append(!groups.isEmpty && groups.allSatisfy(devGroups.contains))
            } else if opensBlock || ["if", "unless", "case", "begin", "while", "until"].contains(firstWord) {
                blocks.append(false)
            }
        }
        return ParseResult(PackageManifest(path: file.path, ecosystem: .ruby, name: nil, dependencies: dependencies),
                           diagnostics: diagnostics)
    }

    /// Quoted string arguments, in order.
    static func strings(_ text: Substring) -> [String] {
        var result: [String] = []
        var current: String?
        var quote: Character = "\""
        for character in text {
            if var open = current {
                if character == quote {
                    result.append(open)
                    current = nil
                } else {
                    open.append(character)
                    current = open
                }
            } else if character == "'" || character == "\"" {
                quote = character
                current = ""
            }
        }
        return result
    }

    /// `:name` symbols and quoted words in `text` (group lists).
    static func symbols(_ text: Substring) -> [String] {
        var result: [String] = []
        var current: String?
        for character in text {
            if character.isLetter || character.isNumber || character == "_" {
                current?.append(character)
            } else {
                if let word = current, !word.isEmpty { result.append(word) }
                current = character == ":" ? "" : nil
            }
        }
        if let word = current, !word.isEmpty { result.append(word) }
        return result + strings(text)
    }

    /// Groups named by a `group:`/`groups:`/`:group =>` option on a gem line.
    static func groupOption(_ code: String) -> [String] {
        for marker in ["groups:", "group:", ":groups =>", ":group =>", ":groups=>", ":group=>"] {
            if let range = code.range(of: marker) {
                var rest = code[range.upperBound...]
                // The value ends at its closing bracket, or at the next option.
                if rest.trimmingSpacesAndTabs().hasPrefix("["), let close = rest.firstIndex(of: "]") {
                    rest = rest[..<close]
                } else if let comma = rest.firstIndex(of: ",") {
                    rest = rest[..<comma]
                }
                return symbols(rest)
            }
        }
        return []
    }

    static func stripComment(_ line: Substring) -> Substring {
        var quote: Character?
        for index in line.indices {
            let character = line[index]
            if let open = quote {
                if character == open { quote = nil }
            } else if character == "'" || character == "\"" {
                quote = character
            } else if character == "#" {
                return line[..<index]
            }
        }
        return line
    }
}
