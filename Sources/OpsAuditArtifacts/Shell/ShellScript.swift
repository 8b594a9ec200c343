import OpsAuditModel

/// Splits embedded shell text into simple commands, once, for every rule.
///
/// Not a shell parser: a single pass that honours quotes, `\` continuations, comments,
/// `$(…)`, heredoc bodies and the list operators `&&`, `||`, `;`, `|`, `&`, `(`/`)` and
/// `{`/`}` groups. What follows `||` is not a command of its own: it is how the left side's
/// failure is handled, and decides `swallowedBy`.
///
/// Not modelled (left for rules to judge if they need it): a command used as an `if`/`while`
/// condition (its failure never stops the script), `case` patterns, functions defined and
/// called later, and `exit $?`-style status capture after `set +e`.
public enum ShellScript {
    /// The commands of `script` as run by `sh -c` (no errexit, no pipefail).
    public static func commands(in script: EmbeddedScript) -> [ShellCommand] {
        commands(in: script, options: .posixSh)
    }

    /// The commands of `script` run by a shell with `options` (`.githubDefault`,
    /// `.githubBash`…: with errexit `; true` neutralises nothing; with pipefail pipes fail).
    public static func commands(in script: EmbeddedScript, options: ShellOptions) -> [ShellCommand] {
        var lexer = Lexer(script: script)
        lexer.run()
        var assembler = Assembler(options: options)
        return assembler.assemble(lexer.segments)
    }
}

/// What separates a segment from the next one.
enum ShellSeparator: Equatable {
    case and, or, pipe
    /// `;`, a newline, `;;` or the end.
    case sequence
    /// `&`: the command runs in the background; nothing waits for its status.
    case background
    case openGroup, closeGroup
}

/// Text between two operators.
struct ShellSegment {
    var text: String
    var words: [String]
    var location: Location
    var separator: ShellSeparator
}

extension ShellScript {
    /// Cuts the text into segments. Works on Unicode scalars; `\r` before `\n` is dropped.
    fileprivate struct Lexer {
        let chars: [Unicode.Scalar]
        let lineLocations: [Location]
        var pos = 0
        var line = 0
        var column = 0
        var segments: [ShellSegment] = []

        var text = ""
        var words: [String] = []
        var word = ""
        var inWord = false
        var start: Location?
        var pendingHeredocs: [(delimiter: String, stripTabs: Bool)] = []

        init(script: EmbeddedScript) {
            var scalars: [Unicode.Scalar] = []
            scalars.reserveCapacity(script.text.unicodeScalars.count)
            var previousCR = false
            for c in script.text.unicodeScalars {
                if previousCR, c != "\n" { scalars.append("\r") }
                previousCR = c == "\r"
                if !previousCR { scalars.append(c) }
            }
            chars = scalars
            lineLocations = script.lineLocations
        }

        var atEnd: Bool { pos >= chars.count }
        func peek(_ offset: Int = 0) -> Unicode.Scalar? { pos + offset < chars.count ? chars[pos + offset] : nil }

        var here: Location {
            let base = lineLocations.isEmpty ? Location(path: "", line: 1)
                : lineLocations[min(line, lineLocations.count - 1)]
            // Only a line whose own start column is known can give a column.
            return Location(path: base.path, line: base.line, column: base.column.map { $0 + column })
        }

        /// Consumes one scalar, appending it to the command text when `keep`.
        mutating func take(keep: Bool = true) {
            let c = chars[pos]
            if keep { text.unicodeScalars.append(c) }
            pos += 1
            if c == "\n" {
                line += 1
                column = 0
            } else {
                column += 1
            }
        }

        mutating func beginCommand() {
            if start == nil { start = here }
        }

        mutating func endWord() {
            if inWord { words.append(word) }
            word = ""
            inWord = false
        }

        mutating func endSegment(_ separator: ShellSeparator) {
            endWord()
            let trimmed = text.trimmingShellSpace
            if !trimmed.isEmpty || separator != .sequence {
                segments.append(ShellSegment(text: trimmed, words: words, location: start ?? here, separator: separator))
            }
            text = ""
            words = []
            start = nil
        }

        mutating func run() {
            while !atEnd {
                let c = chars[pos]
                switch c {
                case " ", "\t":
                    endWord()
                    take(keep: start != nil)
                case "\n":
                    endSegment(.sequence)
                    take(keep: false)
                    skipHeredocBodies()
                case "\\":
                    if peek(1) == "\n" {
                        // Continuation: the command goes on; its location stays on its first line.
                        take(keep: false)
                        take(keep: false)
                        endWord()
                        if start != nil, text.unicodeScalars.last != " ", text.unicodeScalars.last != "\t" { text.append(" ") }
                        while let next = peek(), next == " " || next == "\t" { take(keep: false) }
                    } else {
                        beginCommand()
                        inWord = true
                        take()
                        if !atEnd {
                            word.unicodeScalars.append(chars[pos])
                            take()
                        }
                    }
                case "#" where !inWord:
                    while let next = peek(), next != "\n" { take(keep: false) }
                case "'":
                    beginCommand()
                    inWord = true
                    take()
                    while let next = peek(), next != "'" {
                        word.unicodeScalars.append(next)
                        take()
                    }
                    if !atEnd { take() }
                case "\"":
                    beginCommand()
                    inWord = true
                    take()
                    doubleQuoted()
                case "`":
                    beginCommand()
                    inWord = true
                    word.unicodeScalars.append(c)
                    take()
                    while let next = peek(), next != "`" {
                        if next == "\\", peek(1) != nil {
                            word.unicodeScalars.append(next)
                            take()
                        }
                        word.unicodeScalars.append(chars[pos])
                        take()
                    }
                    if !atEnd {
                        word.unicodeScalars.append("`")
                        take()
                    }
                case "$" where peek(1) == "(" || peek(1) == "{":
                    beginCommand()
                    inWord = true
                    substitution()
                case ";":
                    endSegment(.sequence)
                    take(keep: false)
                    if peek() == ";" || peek() == "&" { take(keep: false) }
                case "&":
                    if peek(1) == "&" {
                        endSegment(.and)
                        take(keep: false); take(keep: false)
                    } else if peek(1) == ">" {
                        redirection()
                    } else {
                        endSegment(.background)
                        take(keep: false)
                    }
                case "|":
                    if peek(1) == "|" {
                        endSegment(.or)
                        take(keep: false); take(keep: false)
                    } else {
                        endSegment(.pipe)
                        take(keep: false)
                        if peek() == "&" { take(keep: false) }
                    }
                case "(" where !inWord:
                    endSegment(.sequence)
                    segments.append(ShellSegment(text: "", words: [], location: here, separator: .openGroup))
                    take(keep: false)
                case ")":
                    endSegment(.sequence)
                    segments.append(ShellSegment(text: "", words: [], location: here, separator: .closeGroup))
                    take(keep: false)
                case "<" where peek(1) == "<" && peek(2) != "<":
                    beginCommand()
                    heredocOperator()
                case ">", "<":
                    redirection()
                default:
                    beginCommand()
                    inWord = true
                    word.unicodeScalars.append(c)
                    take()
                }
            }
            endSegment(.sequence)
        }

        /// After the opening `"`: up to the closing one, with `\` escapes and `$(…)`.
        mutating func doubleQuoted() {
            while let next = peek(), next != "\"" {
                if next == "\\", let escaped = peek(1) {
                    take()
                    if escaped == "\n" {
                        take(keep: false)
                        continue
                    }
                    if !"\"\\$`".unicodeScalars.contains(escaped) { word.unicodeScalars.append("\\") }
                    word.unicodeScalars.append(escaped)
                    take()
                } else if next == "$", peek(1) == "(" || peek(1) == "{" {
                    substitution()
                } else {
                    word.unicodeScalars.append(next)
                    take()
                }
            }
            if !atEnd { take() }
        }

        /// `$(…)`, `$((…))` or `${…}` kept as written in the word, nested and quoted parts skipped.
        mutating func substitution() {
            let open = chars[pos + 1]
            let close: Unicode.Scalar = open == "(" ? ")" : "}"
            word.unicodeScalars.append(chars[pos]); take()
            word.unicodeScalars.append(chars[pos]); take()
            var depth = 1
            while let next = peek() {
                if next == "'" || next == "\"" {
                    word.unicodeScalars.append(next); take()
                    while let inner = peek(), inner != next {
                        if inner == "\\", next == "\"", peek(1) != nil { word.unicodeScalars.append(inner); take() }
                        word.unicodeScalars.append(chars[pos]); take()
                    }
                    if !atEnd { word.unicodeScalars.append(next); take() }
                    continue
                }
                if next == open { depth += 1 }
                if next == close {
                    depth -= 1
                    if depth == 0 {
                        word.unicodeScalars.append(next); take()
                        return
                    }
                }
                word.unicodeScalars.append(next)
                take()
            }
        }

        /// `> file`, `2>&1`, `&>> log`, `< in`, `<<< word`, `<(cmd)`: kept in the text, left out of
        /// the words so that `pg_dump > dump.sql` reads as `pg_dump`.
        mutating func redirection() {
            beginCommand()
            if inWord, !word.isEmpty, word.unicodeScalars.allSatisfy({ ("0"..."9").contains($0) }) {
                word = ""
                inWord = false
            }
            endWord()
            while let next = peek(), next == ">" || next == "<" || next == "&" || next == "|" { take() }
            while let next = peek(), next == " " || next == "\t" { take() }
            var depth = 0
            while let next = peek() {
                if next == "(" { depth += 1 }
                if next == ")" {
                    if depth == 0 { break }
                    depth -= 1
                }
                if depth == 0, " \t\n;&|<>".unicodeScalars.contains(next) { break }
                if next == "'" || next == "\"" {
                    take()
                    while let inner = peek(), inner != next {
                        if inner == "\\", next == "\"", peek(1) != nil { take() }
                        take()
                    }
                    if !atEnd { take() }
                    continue
                }
                take()
            }
        }

        /// `<<DELIM`, `<<-DELIM`, `<<'DELIM'`: the body starts after the line ends.
        mutating func heredocOperator() {
            endWord()
            take(); take()
            var stripTabs = false
            if peek() == "-" { stripTabs = true; take() }
            while let next = peek(), next == " " || next == "\t" { take() }
            var delimiter = ""
            while let next = peek(), !" \t\n;&|<>()".unicodeScalars.contains(next) {
                if next != "'" && next != "\"" && next != "\\" { delimiter.unicodeScalars.append(next) }
                take()
            }
            words.append("<<" + delimiter)
            if !delimiter.isEmpty { pendingHeredocs.append((delimiter, stripTabs)) }
        }

        /// At the start of a line after a command with heredocs: skips each body and its
        /// delimiter line. Indentation is ignored on the delimiter line (YAML block scalars
        /// and Dockerfiles often indent it; being lenient avoids eating the rest of a script).
        mutating func skipHeredocBodies() {
            for heredoc in pendingHeredocs {
                while !atEnd {
                    var content = ""
                    while let next = peek(), next != "\n" {
                        content.unicodeScalars.append(next)
                        take(keep: false)
                    }
                    if !atEnd { take(keep: false) }
                    if content.trimmingShellSpace == heredoc.delimiter { break }
                }
            }
            pendingHeredocs = []
        }
    }
}

extension StringProtocol {
    /// Without leading and trailing spaces and tabs.
    var trimmingShellSpace: String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { $0 != " " && $0 != "\t" }),
              let last = scalars.lastIndex(where: { $0 != " " && $0 != "\t" }) else { return "" }
        return String(String.UnicodeScalarView(scalars[first...last]))
    }
}

extension ShellScript {
    /// One unit of the segment stream once shell keywords are resolved.
    fileprivate enum Item {
        case command(ShellSegment)
        case open
        case close(ShellSeparator)
    }

    /// Words that start a segment without being its command (`if npm test; then`).
    static let leadingKeywords: Set<String> = ["if", "then", "else", "elif", "do", "while", "until", "!", "time"]
    /// Segments that only close a compound command.
    static let closingKeywords: Set<String> = ["fi", "done", "esac"]
    /// Segments that are compound-command headers, not commands.
    static let headerKeywords: Set<String> = ["for", "case", "select", "function"]

    /// Turns segments into commands, applying list semantics: `||` right sides, `set ±e`,
    /// `set -o pipefail`, groups, and the script's final `true`.
    fileprivate struct Assembler {
        var errexit: Bool
        var pipefail: Bool
        /// Where `set +e` turned errexit off, while it stays off.
        var setPlusE: Location?
        var commands: [ShellCommand] = []
        var setPlusEAt: [Location?] = []
        var errexitAt: [Bool] = []

        init(options: ShellOptions) {
            errexit = options.errexit
            pipefail = options.pipefail
        }

        static func items(_ segments: [ShellSegment]) -> [Item] {
            var items: [Item] = []
            for segment in segments {
                switch segment.separator {
                case .openGroup: items.append(.open); continue
                case .closeGroup: items.append(.close(.sequence)); continue
                default: break
                }
                var words = segment.words[...]
                var text = Substring(segment.text)
                while let first = words.first, first == "{" || ShellScript.leadingKeywords.contains(first) {
                    if first == "{" { items.append(.open) }
                    words = words.dropFirst()
                    if text.hasPrefix(first) { text = Substring(text.dropFirst(first.count).trimmingShellSpace) }
                }
                if let first = words.first, first == "}" || ShellScript.closingKeywords.contains(first) {
                    if first == "}" { items.append(.close(segment.separator)) }
                    continue
                }
                guard let first = words.first else {
                    // `( … ) || x`: the operator after a group belongs to the group.
                    if segment.separator != .sequence, case .close = items.last {
                        items[items.count - 1] = .close(segment.separator)
                    }
                    continue
                }
                if ShellScript.headerKeywords.contains(first) || first.hasSuffix("()") { continue }
                var command = segment
                command.words = Array(words)
                command.text = String(text)
                items.append(.command(command))
            }
            return items
        }

        mutating func assemble(_ segments: [ShellSegment]) -> [ShellCommand] {
            let items = Assembler.items(segments)
            var listStart = 0
            var listStarts: [Int] = []
            var stack: [Int] = []
            var i = 0
            while i < items.count {
                var separator: ShellSeparator
                switch items[i] {
                case .open:
                    stack.append(listStart)
                    listStart = commands.count
                    i += 1
                    continue
                case let .close(after):
                    listStart = stack.popLast() ?? listStart
                    separator = after
                case let .command(segment):
                    emit(segment)
                    separator = segment.separator
                }
                i += 1
                // `a || b || c`: each right side decides for the whole list before it.
                while separator == .or {
                    let (label, location, next, after) = rightSide(items, from: i)
                    if let label {
                        for index in listStart..<commands.count where commands[index].swallowedBy == nil {
                            commands[index].swallowedBy = label
                            commands[index].swallowedAt = location
                        }
                    }
                    i = next
                    separator = after
                }
                switch separator {
                case .pipe:
                    if !commands.isEmpty { commands[commands.count - 1].feedsPipe = true }
                    if !pipefail, !commands.isEmpty { commands[commands.count - 1].pipedWithoutPipefail = true }
                case .background:
                    for index in listStart..<commands.count where commands[index].swallowedBy == nil {
                        commands[index].swallowedBy = "&"
                        commands[index].swallowedAt = commands[index].location
                    }
                    if commands.count > listStart { listStarts.append(listStart) }
                    listStart = commands.count
                case .sequence, .openGroup, .closeGroup:
                    if commands.count > listStart { listStarts.append(listStart) }
                    listStart = commands.count
                case .and, .or:
                    break
                }
            }
            if commands.count > listStart { listStarts.append(listStart) }
            finish(listStarts: listStarts)
            return commands
        }

        mutating func emit(_ segment: ShellSegment) {
            var command = ShellCommand(text: segment.text, location: segment.location, words: segment.words)
            let words = command.effectiveWords
            if CommandClassifier.hasIfPresent(words) {
                command.swallowedBy = "--if-present"
                command.swallowedAt = segment.location
            }
            commands.append(command)
            setPlusEAt.append(errexit ? nil : setPlusE)
            errexitAt.append(errexit)
            if words.first == "set" { applySet(Array(words.dropFirst()), at: segment.location) }
        }

        /// `set -e`, `set +e`, `set -eo pipefail`, `set +o errexit`…
        mutating func applySet(_ arguments: [String], at location: Location) {
            var expectOption: Bool?
            for argument in arguments {
                if let on = expectOption {
                    if argument == "errexit" { setErrexit(on, at: location) }
                    if argument == "pipefail" { pipefail = on }
                    expectOption = nil
                    continue
                }
                guard let sign = argument.first, sign == "-" || sign == "+", argument != "--" else { break }
                let on = sign == "-"
                let flags = argument.dropFirst()
                if flags.contains("e") { setErrexit(on, at: location) }
                if flags.contains("o") { expectOption = on }
            }
        }

        mutating func setErrexit(_ on: Bool, at location: Location) {
            errexit = on
            setPlusE = on ? nil : location
        }

        /// Reads the right side of `||` starting at item `start`: how it neutralises the left
        /// side (nil when it can still fail), where, the next item index and the separator after it.
        func rightSide(_ items: [Item], from start: Int) -> (String?, Location?, Int, ShellSeparator) {
            var i = start
            var last: ShellSegment?
            var separator = ShellSeparator.sequence
            var first: Location?
            func unit() {
                guard i < items.count else { return }
                switch items[i] {
                case let .command(segment):
                    last = segment
                    first = first ?? segment.location
                    separator = segment.separator
                    i += 1
                case .open:
                    var depth = 0
                    while i < items.count {
                        switch items[i] {
                        case .open: depth += 1
                        case let .close(after):
                            depth -= 1
                            if depth == 0 { separator = after; i += 1; return }
                        case let .command(segment):
                            last = segment
                            first = first ?? segment.location
                        }
                        i += 1
                    }
                    separator = .sequence
                case let .close(after):
                    separator = after
                }
            }
            unit()
            while separator == .pipe, i < items.count { unit() }
            var label = last.flatMap { Assembler.neutralisation(CommandClassifier.effectiveWords($0.words)) }
            // `cmd || echo "failed" && exit 1` still fails.
            if label != nil, separator == .and, i < items.count, case let .command(next) = items[i],
               Assembler.fails(CommandClassifier.effectiveWords(next.words)) {
                label = nil
                separator = next.separator
                i += 1
            }
            return (label, first, i, separator)
        }

        /// The label of a right side of `||` that always succeeds, nil when it may fail.
        static func neutralisation(_ words: [String]) -> String? {
            guard let command = words.first else { return nil }
            switch command {
            case "true", ":", "/bin/true": return "|| \(command)"
            case "exit", "return": return words.count > 1 && words[1] == "0" ? "|| \(command) 0" : nil
            case "echo", "printf": return "|| \(command)"
            default: return nil
            }
        }

        /// Whether a command always fails (`exit 1`, `exit` after a failure, `false`).
        static func fails(_ words: [String]) -> Bool {
            guard let command = words.first else { return false }
            switch command {
            case "false": return true
            case "exit", "return": return words.count == 1 || words[1] != "0"
            default: return false
            }
        }

        /// Script-level facts known only at the end: the last command's status is the
        /// script's, so `set +e` does not neutralise it; a final `true` neutralises the list
        /// before it when errexit is off.
        mutating func finish(listStarts: [Int]) {
            guard let lastIndex = commands.indices.last else { return }
            for index in commands.indices where index != lastIndex && commands[index].swallowedBy == nil {
                if let location = setPlusEAt[index] {
                    commands[index].swallowedBy = "set +e"
                    commands[index].swallowedAt = location
                }
            }
            let last = commands[lastIndex]
            let words = last.effectiveWords
            let succeeds = words == ["true"] || words == [":"] || words == ["exit", "0"]
            guard succeeds, !errexitAt[lastIndex], listStarts.last == lastIndex, listStarts.count >= 2 else { return }
            for index in listStarts[listStarts.count - 2]..<lastIndex where commands[index].swallowedBy == nil {
                commands[index].swallowedBy = "; " + words.joined(separator: " ")
                commands[index].swallowedAt = last.location
            }
        }
    }
}
