import Foundation
import OpsAuditModel

/// Reads Dockerfiles the way BuildKit's parser does (directives, escape character, continuations,
/// heredocs, flags, exec vs shell form) while keeping every position.
public enum DockerfileParser {
    /// Instructions BuildKit knows; anything else is reported and kept.
    static let knownKeywords: Set<String> = [
        "ADD", "ARG", "CMD", "COPY", "ENTRYPOINT", "ENV", "EXPOSE", "FROM", "HEALTHCHECK", "LABEL",
        "MAINTAINER", "ONBUILD", "RUN", "SHELL", "STOPSIGNAL", "USER", "VOLUME", "WORKDIR",
    ]
    /// Instructions whose argument may be a JSON array (BuildKit's `parseMaybeJSON(ToList)`).
    static let jsonCapable: Set<String> = ["RUN", "CMD", "ENTRYPOINT", "SHELL", "COPY", "ADD", "VOLUME"]
    /// Instructions BuildKit reads heredocs for.
    static let heredocCapable: Set<String> = ["RUN", "COPY", "ADD"]
    /// Instructions whose shell form is a shell command line.
    static let scriptKeywords: Set<String> = ["RUN", "CMD", "ENTRYPOINT", "HEALTHCHECK"]

    /// Parses one Dockerfile; never throws.
    public static func parse(_ file: TextFile) -> ParseResult {
        var reader = DockerfileReader(file: file)
        return reader.run()
    }
}

/// A logical line: the physical pieces joined without their escape characters, with where each
/// piece starts, so any offset maps back to a line and column.
private struct LogicalLine {
    struct Piece {
        var start: Int
        var line: Int
        var column: Int
    }

    var chars: [Unicode.Scalar] = []
    var pieces: [Piece] = []
    let path: String

    func pieceIndex(at offset: Int) -> Int {
        var low = 0, high = pieces.count - 1
        while low < high {
            let mid = (low + high + 1) / 2
            if pieces[mid].start <= offset { low = mid } else { high = mid - 1 }
        }
        return low
    }

    func pieceEnd(_ index: Int) -> Int { index + 1 < pieces.count ? pieces[index + 1].start : chars.count }

    func location(at offset: Int) -> Location {
        let piece = pieces[pieceIndex(at: offset)]
        return Location(path: path, line: piece.line, column: piece.column + max(0, offset - piece.start))
    }

    func string(_ range: Range<Int>) -> String {
        var view = String.UnicodeScalarView()
        view.append(contentsOf: chars[range])
        return String(view)
    }

    /// Whitespace-separated words in `range`, with their start offsets.
    func words(_ range: Range<Int>) -> [(String, Int)] {
        var result: [(String, Int)] = []
        var start: Int?
        for offset in range {
            if isBlank(chars[offset]) {
                if let s = start { result.append((string(s..<offset), s)) }
                start = nil
            } else if start == nil {
                start = offset
            }
        }
        if let s = start { result.append((string(s..<range.upperBound), s)) }
        return result
    }
}

private func isBlank(_ c: Unicode.Scalar) -> Bool { c == " " || c == "\t" }

private func isBlankOrComment(_ line: Substring) -> Bool {
    for c in line.unicodeScalars where !isBlank(c) { return c == "#" }
    return true
}

private struct HeredocMarker {
    var offset: Int
    var end: Int
    var fileDescriptor: Int?
    var chomp: Bool
    var name: String
    var quoted: Bool
}

private struct DockerfileReader {
    let file: TextFile
    let lines: [Substring]
    var escape: Unicode.Scalar = "\\"
    var directives: [String: Located<String>] = [:]
    var diagnostics: [Diagnostic] = []
    var instructions: [DockerInstruction] = []
    var stages: [DockerStage] = []
    var index = 0
    static let diagnosticBudget = 10

    init(file: TextFile) {
        self.file = file
        var lines = file.lines
        // A final newline leaves an empty last "line" that is not part of the content.
        if lines.count > 1, lines.last?.isEmpty == true { lines.removeLast() }
        self.lines = lines
    }

    func location(_ line: Int, _ column: Int? = nil) -> Location {
        Location(path: file.path, line: line, column: column)
    }

    mutating func diagnose(_ message: String, at location: Location) {
        diagnostics.append(Diagnostic(.parse, message, at: location))
    }

    mutating func run() -> ParseResult {
        readDirectives()
        while index < lines.count {
            if isBlankOrComment(lines[index]) {
                index += 1
                continue
            }
            let logical = readLogicalLine()
            parseInstruction(logical)
        }
        if stages.isEmpty, let first = instructions.first {
            diagnose("no `FROM` instruction: nothing to build", at: first.location)
        }
        finishStages()
        // A template or a misnamed file would otherwise bury the report in one line per line.
        if diagnostics.count > DockerfileReader.diagnosticBudget {
            let extra = diagnostics.count - DockerfileReader.diagnosticBudget
            diagnostics.removeLast(extra)
            diagnose("\(extra) more parse problems (is this a Dockerfile?)", at: location(1))
        }
        let dockerfile = Dockerfile(
            path: file.path, instructions: instructions, stages: stages, escape: Character(escape),
            directives: directives)
        return ParseResult(dockerfile, diagnostics: diagnostics)
    }

    // MARK: Directives

    /// `# name=value` lines at the very top. The first line that is not a known directive ends
    /// them (an unknown one is a plain comment and ends them too, as BuildKit documents).
    mutating func readDirectives() {
        for (offset, line) in lines.enumerated() {
            let scalars = Array(line.unicodeScalars)
            var p = 0
            while p < scalars.count, isBlank(scalars[p]) { p += 1 }
            guard p < scalars.count, scalars[p] == "#" else { return }
            p += 1
            while p < scalars.count, isBlank(scalars[p]) { p += 1 }
            let nameStart = p
            guard p < scalars.count, isASCIILetter(scalars[p]) else { return }
            while p < scalars.count, isASCIILetter(scalars[p]) || ("0"..."9").contains(scalars[p]) { p += 1 }
            let name = String(String.UnicodeScalarView(scalars[nameStart..<p])).lowercased()
            while p < scalars.count, isBlank(scalars[p]) { p += 1 }
            guard p < scalars.count, scalars[p] == "=" else { return }
            p += 1
            while p < scalars.count, isBlank(scalars[p]) { p += 1 }
            var end = scalars.count
            while end > p, isBlank(scalars[end - 1]) { end -= 1 }
            guard end > p, ["syntax", "escape", "check"].contains(name) else { return }
            let value = String(String.UnicodeScalarView(scalars[p..<end]))
            let at = location(offset + 1, p + 1)
            if directives[name] != nil {
                diagnose("only one `\(name)` parser directive can be used", at: at)
                continue
            }
            directives[name] = Located(value, at: at)
            if name == "escape" {
                if value == "`" { escape = "`" } else if value != "\\" {
                    diagnose("invalid escape character `\(value)`: must be ` or \\", at: at)
                }
            }
        }
    }

    private func isASCIILetter(_ c: Unicode.Scalar) -> Bool { ("a"..."z").contains(c) || ("A"..."Z").contains(c) }

    // MARK: Logical lines

    /// Joins physical lines ending with the escape character (trailing blanks allowed), skipping
    /// blank and comment lines inside the continuation as BuildKit does.
    mutating func readLogicalLine() -> LogicalLine {
        var logical = LogicalLine(path: file.path)
        var scalars = Array(lines[index].unicodeScalars)
        var start = 0
        while start < scalars.count, isBlank(scalars[start]) { start += 1 }
        while true {
            var end = scalars.count
            while end > start, isBlank(scalars[end - 1]) { end -= 1 }
            // BuildKit's rule: an escape character ends the line unless it is itself escaped.
            let continued = end > start && scalars[end - 1] == escape
                && (end - 1 == start || scalars[end - 2] != escape)
            if continued { end -= 1 } else { end = scalars.count }
            logical.pieces.append(.init(start: logical.chars.count, line: index + 1, column: start + 1))
            logical.chars.append(contentsOf: scalars[start..<end])
            guard continued else { break }
            let continuedLine = index + 1
            index += 1
            while index < lines.count, isBlankOrComment(lines[index]) { index += 1 }
            if index >= lines.count {
                diagnose("line continuation at end of file", at: location(continuedLine, end + 1))
                return logical
            }
            scalars = Array(lines[index].unicodeScalars)
            start = 0
        }
        index += 1
        return logical
    }

    // MARK: Instructions

    mutating func parseInstruction(_ logical: LogicalLine) {
        let chars = logical.chars
        let n = chars.count
        var p = 0
        while p < n, !isBlank(chars[p]) { p += 1 }
        var keyword = logical.string(0..<p).uppercased()
        let keywordLocation = logical.location(at: 0)
        skipBlanks(chars, &p)
        var onbuild = false
        if keyword == "ONBUILD" {
            let innerStart = p
            while p < n, !isBlank(chars[p]) { p += 1 }
            let inner = logical.string(innerStart..<p).uppercased()
            skipBlanks(chars, &p)
            if inner.isEmpty {
                diagnose("`ONBUILD` without an instruction", at: keywordLocation)
            } else {
                onbuild = true
                if ["ONBUILD", "FROM", "MAINTAINER"].contains(inner) {
                    diagnose("`\(inner)` is not allowed as an `ONBUILD` trigger", at: logical.location(at: innerStart))
                }
                keyword = inner
            }
        }
        if !DockerfileParser.knownKeywords.contains(keyword) {
            diagnose("unknown instruction `\(keyword)`", at: keywordLocation)
        }
        let flags = parseFlags(logical, &p)
        var argumentsEnd = n
        while argumentsEnd > p, isBlank(chars[argumentsEnd - 1]) { argumentsEnd -= 1 }
        let arguments = logical.string(p..<argumentsEnd)
        let argumentsLocation = logical.location(at: p)

        // The command part: for HEALTHCHECK, what follows `CMD`.
        var commandStart = p
        var form = DockerInstruction.Form.shell(arguments)
        var hasCommand = DockerfileParser.scriptKeywords.contains(keyword)
        if keyword == "HEALTHCHECK" {
            hasCommand = false
            if let (first, _) = logical.words(p..<argumentsEnd).first, first.uppercased() == "CMD" {
                commandStart = p + 3
                skipBlanks(chars, &commandStart)
                commandStart = min(commandStart, argumentsEnd)
                form = maybeJSON(logical.string(commandStart..<argumentsEnd))
                hasCommand = true
            }
        } else if DockerfileParser.jsonCapable.contains(keyword) {
            form = maybeJSON(arguments)
        }

        var heredocs: [DockerHeredoc] = []
        var rawBodies: [[(String, Int)]] = []
        var terminatorLines: [Int?] = []
        var markers: [HeredocMarker] = []
        if DockerfileParser.heredocCapable.contains(keyword), case .shell = form {
            markers = heredocMarkers(chars, p..<argumentsEnd)
            for marker in markers {
                let (heredoc, raw, terminator) = readHeredoc(marker, at: logical.location(at: marker.offset))
                heredocs.append(heredoc)
                rawBodies.append(raw)
                terminatorLines.append(terminator)
            }
        }
        let endLine = heredocs.last?.endLine ?? logical.pieces.last?.line ?? keywordLocation.line

        var script: EmbeddedScript?
        if hasCommand, case .shell = form {
            script = buildScript(logical, commandStart..<argumentsEnd, markers: markers, heredocs: heredocs,
                                 rawBodies: rawBodies, terminatorLines: terminatorLines)
        }

        var words: [Located<String>]?
        if script == nil, case .shell = form { words = quotedWords(logical, p..<argumentsEnd) }

        var stageIndex: Int? = stages.isEmpty ? nil : stages.count - 1
        if keyword == "FROM", !onbuild {
            stageIndex = stages.count
            stages.append(fromStage(logical, p..<argumentsEnd, index: stages.count, at: keywordLocation))
        } else if stages.isEmpty, keyword != "ARG" || onbuild {
            diagnose("`\(onbuild ? "ONBUILD " : "")\(keyword)` before the first `FROM`", at: keywordLocation)
        }

        let instruction = DockerInstruction(
            keyword: keyword, arguments: arguments, flags: flags, form: form, location: keywordLocation,
            argumentsLocation: argumentsLocation, endLine: endLine, heredocs: heredocs, onbuild: onbuild,
            stageIndex: stageIndex, script: script, words: words)
        instructions.append(instruction)
        if let stageIndex { stages[stageIndex].instructions.append(instruction) }
    }

    /// Blank-separated words with quotes removed and the escape character applied, as BuildKit
    /// reads `ENV`, `ARG`, `LABEL`, `COPY` and `ADD` arguments; each word located where it starts
    /// (on its own physical line when continued).
    func quotedWords(_ logical: LogicalLine, _ range: Range<Int>) -> [Located<String>] {
        let chars = logical.chars
        var result: [Located<String>] = []
        var word = String.UnicodeScalarView()
        var start: Int?
        var quote: Unicode.Scalar?
        var q = range.lowerBound
        while q < range.upperBound {
            let c = chars[q]
            if let open = quote {
                if c == open {
                    quote = nil
                } else if c == escape, open == "\"", q + 1 < range.upperBound {
                    q += 1
                    word.append(chars[q])
                } else {
                    word.append(c)
                }
            } else if isBlank(c) {
                if let s = start { result.append(Located(String(word), at: logical.location(at: s))) }
                word = String.UnicodeScalarView()
                start = nil
            } else {
                if start == nil { start = q }
                if c == "'" || c == "\"" {
                    quote = c
                } else if c == escape, q + 1 < range.upperBound {
                    q += 1
                    word.append(chars[q])
                } else {
                    word.append(c)
                }
            }
            q += 1
        }
        if let s = start { result.append(Located(String(word), at: logical.location(at: s))) }
        return result
    }

    private func skipBlanks(_ chars: [Unicode.Scalar], _ p: inout Int) {
        while p < chars.count, isBlank(chars[p]) { p += 1 }
    }

    /// Leading `--name[=value]` words, with BuildKit's quote and backslash handling; a bare `--`
    /// ends them.
    func parseFlags(_ logical: LogicalLine, _ p: inout Int) -> [DockerFlag] {
        let chars = logical.chars
        var flags: [DockerFlag] = []
        while true {
            var q = p
            skipBlanks(chars, &q)
            guard q + 1 < chars.count, chars[q] == "-", chars[q + 1] == "-" else { return flags }
            let wordStart = q
            var word = String.UnicodeScalarView()
            var quote: Unicode.Scalar?
            while q < chars.count {
                let c = chars[q]
                if let open = quote {
                    if c == open { quote = nil } else if c == "\\", q + 1 < chars.count {
                        q += 1
                        word.append(chars[q])
                    } else { word.append(c) }
                } else if isBlank(c) {
                    break
                } else if c == "'" || c == "\"" {
                    quote = c
                } else if c == "\\", q + 1 < chars.count {
                    q += 1
                    word.append(chars[q])
                } else {
                    word.append(c)
                }
                q += 1
            }
            p = q
            skipBlanks(chars, &p)
            let text = String(word)
            if text == "--" { return flags }
            let body = text.dropFirst(2)
            let at = logical.location(at: wordStart)
            if let equals = body.firstIndex(of: "=") {
                flags.append(DockerFlag(name: String(body[..<equals]), value: String(body[body.index(after: equals)...]),
                                        hasValue: true, location: at))
            } else {
                flags.append(DockerFlag(name: String(body), value: "", hasValue: false, location: at))
            }
        }
    }

    /// Exec form when the text is a JSON array of strings, else shell form (Docker's fallback).
    func maybeJSON(_ text: String) -> DockerInstruction.Form {
        guard text.hasPrefix("["),
              let words = try? JSONDecoder().decode([String].self, from: Data(text.utf8)) else { return .shell(text) }
        return .exec(words)
    }

    /// Words starting with `[n]<<[-]` outside quotes (BuildKit lexes words, then matches them).
    func heredocMarkers(_ chars: [Unicode.Scalar], _ range: Range<Int>) -> [HeredocMarker] {
        var markers: [HeredocMarker] = []
        var q = range.lowerBound
        let end = range.upperBound
        var quote: Unicode.Scalar?
        var atWordStart = true
        while q < end {
            let c = chars[q]
            if let open = quote {
                if c == open { quote = nil } else if c == "\\", open == "\"" { q += 1 }
                q += 1
                continue
            }
            if isBlank(c) {
                atWordStart = true
                q += 1
                continue
            }
            if atWordStart, let marker = heredocMarker(chars, from: q, end: end) {
                markers.append(marker)
                q = marker.end
                atWordStart = false
                continue
            }
            atWordStart = false
            if c == "'" || c == "\"" { quote = c } else if c == "\\" { q += 1 }
            q += 1
        }
        return markers
    }

    private func heredocMarker(_ chars: [Unicode.Scalar], from start: Int, end: Int) -> HeredocMarker? {
        var r = start
        while r < end, ("0"..."9").contains(chars[r]) { r += 1 }
        guard r + 1 < end, chars[r] == "<", chars[r + 1] == "<", r + 2 < end, chars[r + 2] != "<" else { return nil }
        let fd = r > start ? Int(String(String.UnicodeScalarView(chars[start..<r]))) : nil
        var s = r + 2
        var chomp = false
        if chars[s] == "-" {
            chomp = true
            s += 1
        }
        var name = String.UnicodeScalarView()
        var quoted = false
        var open: Unicode.Scalar?
        while s < end {
            let d = chars[s]
            if let o = open {
                if d == o { open = nil } else { name.append(d) }
            } else if d == "'" || d == "\"" {
                open = d
                quoted = true
            } else if isBlank(d) || ";|&<>()".unicodeScalars.contains(d) {
                break
            } else {
                name.append(d)
            }
            s += 1
        }
        guard let first = name.first, first == "_" || first.properties.isAlphabetic else { return nil }
        return HeredocMarker(offset: start, end: s, fileDescriptor: fd, chomp: chomp, name: String(name), quoted: quoted)
    }

    /// Reads one heredoc body from the current line on. Returns the model, the raw body lines
    /// with their numbers, and the terminator's line.
    mutating func readHeredoc(_ marker: HeredocMarker, at markerLocation: Location) -> (DockerHeredoc, [(String, Int)], Int?) {
        let bodyStart = index + 1
        var body: [String] = []
        var raw: [(String, Int)] = []
        var terminator: Int?
        while index < lines.count {
            let line = lines[index]
            let stripped = marker.chomp ? line.drop(while: { $0 == "\t" }) : line
            index += 1
            if stripped == marker.name {
                terminator = index
                break
            }
            body.append(String(stripped))
            raw.append((String(line), index))
        }
        if terminator == nil {
            diagnose("unterminated heredoc `<<\(marker.chomp ? "-" : "")\(marker.name)`", at: markerLocation)
        }
        let heredoc = DockerHeredoc(
            name: marker.name, body: body.joined(separator: "\n"), isQuoted: marker.quoted,
            stripsLeadingTabs: marker.chomp, fileDescriptor: marker.fileDescriptor, location: markerLocation,
            bodyStartLine: bodyStart, endLine: terminator ?? max(bodyStart, index), isTerminated: terminator != nil)
        return (heredoc, raw, terminator)
    }

    /// The shell text of a command, one entry per physical line (see `DockerInstruction.script`).
    func buildScript(
        _ logical: LogicalLine, _ range: Range<Int>, markers: [HeredocMarker], heredocs: [DockerHeredoc],
        rawBodies: [[(String, Int)]], terminatorLines: [Int?]
    ) -> EmbeddedScript {
        var texts: [String] = []
        var locations: [Location] = []
        if !heredocs.isEmpty {
            // `RUN <<EOF` alone: Docker runs the body itself.
            var rest = logical.chars[range]
            for marker in markers.reversed() { rest.removeSubrange(marker.offset..<marker.end) }
            if rest.allSatisfy(isBlank) {
                for (heredoc, raw) in zip(heredocs, rawBodies) where !raw.isEmpty {
                    let bodyLines = heredoc.body.split(separator: "\n", omittingEmptySubsequences: false)
                    for (line, (_, number)) in zip(bodyLines, raw) {
                        texts.append(String(line))
                        locations.append(location(number))
                    }
                }
                if texts.isEmpty { return EmbeddedScript(text: "", lineLocations: [logical.location(at: range.lowerBound)]) }
                return EmbeddedScript(text: texts.joined(separator: "\n"), lineLocations: locations)
            }
        }
        let first = logical.pieceIndex(at: range.lowerBound)
        for pieceIndex in first..<logical.pieces.count {
            let piece = logical.pieces[pieceIndex]
            let pieceEnd = logical.pieceEnd(pieceIndex)
            if pieceIndex > first, piece.start >= range.upperBound { break }
            let start = max(piece.start, range.lowerBound)
            let end = max(start, min(pieceEnd, range.upperBound))
            // The command starts on a later line (flags filled the first one).
            if pieceIndex == first, start == end, range.upperBound > pieceEnd { continue }
            texts.append(logical.string(start..<end))
            locations.append(Location(path: file.path, line: piece.line, column: piece.column + (start - piece.start)))
        }
        for i in 0..<max(0, texts.count - 1) { texts[i] += "\\" }
        for (body, terminator) in zip(zip(rawBodies, heredocs), terminatorLines) {
            for (text, line) in body.0 {
                texts.append(text)
                locations.append(location(line))
            }
            if let terminator {
                texts.append(String(lines[terminator - 1]))
                locations.append(location(terminator))
            }
        }
        if texts.isEmpty { return EmbeddedScript(text: "", lineLocations: [logical.location(at: range.lowerBound)]) }
        return EmbeddedScript(text: texts.joined(separator: "\n"), lineLocations: locations)
    }

    // MARK: Stages

    mutating func fromStage(_ logical: LogicalLine, _ range: Range<Int>, index: Int, at keywordLocation: Location) -> DockerStage {
        let words = logical.words(range)
        var baseImage = Located("", at: logical.location(at: range.lowerBound))
        var name: Located<String>?
        if let (image, offset) = words.first {
            baseImage = Located(image, at: logical.location(at: offset))
        } else {
            diagnose("`FROM` without an image", at: keywordLocation)
        }
        if words.count == 3, words[1].0.lowercased() == "as" {
            name = Located(words[2].0, at: logical.location(at: words[2].1))
        } else if words.count > 1 {
            diagnose("`FROM` takes an image and an optional `AS name`", at: keywordLocation)
        }
        return DockerStage(index: index, name: name, baseImage: baseImage, instructions: [])
    }

    /// Derives each stage's effective user, healthcheck and ports, inheriting from an earlier
    /// stage its `FROM` names.
    mutating func finishStages() {
        // The same resolution rules use (`ARG` defaults expanded, names case-insensitive), so
        // `FROM ${BASE}` with `ARG BASE=build` inherits from stage `build`.
        let bases = Dockerfile.resolveBases(stages, instructions: instructions)
        for s in stages.indices {
            let own = stages[s].instructions.filter { !$0.onbuild }
            var parent: DockerStage?
            if case let .stage(index) = bases[s], index < s { parent = stages[index] }
            if let user = own.last(where: { $0.keyword == "USER" }) {
                stages[s].user = Located(user.arguments, at: user.argumentsLocation)
            } else {
                stages[s].user = parent?.user
            }
            let healthcheck = own.last { $0.keyword == "HEALTHCHECK" } ?? parent?.healthcheck
            stages[s].healthcheck = healthcheck
            stages[s].healthcheckDisabled = healthcheck.map {
                $0.arguments.split(whereSeparator: { $0 == " " || $0 == "\t" }).first?.uppercased() == "NONE"
            } ?? false
            var ports: [Located<String>] = []
            for expose in own where expose.keyword == "EXPOSE" {
                var column = expose.argumentsLocation.column ?? 1
                var word = ""
                var wordColumn = column
                for scalar in expose.arguments.unicodeScalars {
                    if isBlank(scalar) {
                        if !word.isEmpty { ports.append(Located(word, at: portLocation(expose, wordColumn))) }
                        word = ""
                    } else {
                        if word.isEmpty { wordColumn = column }
                        word.unicodeScalars.append(scalar)
                    }
                    column += 1
                }
                if !word.isEmpty { ports.append(Located(word, at: portLocation(expose, wordColumn))) }
            }
            stages[s].exposedPorts = ports
        }
    }

    /// Port positions are exact on one-line `EXPOSE`s; continued ones cite the arguments' start.
    private func portLocation(_ expose: DockerInstruction, _ column: Int) -> Location {
        if expose.endLine == expose.argumentsLocation.line { return location(expose.argumentsLocation.line, column) }
        return expose.argumentsLocation
    }
}
