import OpsAuditModel

/// Extracts `SourceSignals` from one source file in a single pass over its UTF-8 bytes.
///
/// Why bytes and not regular expressions: source files are the bulk of a repository, and the
/// design budget (ARCHITECTURE.md, Performance) is "read the bytes that matter once". One
/// forward walk tracks comments and string literals per language and, at each code byte, tries
/// only the triggers of `SignalTable` that start with that byte; every capture after a trigger
/// is bounded, so a minified megabyte line costs one linear walk. Regex engines would rescan
/// each file once per pattern and cannot tell code from comments.
public enum SourceScanner {
    /// How many lines after a health route's declaration count as its handler when looking for
    /// a dependency probe (stopping earlier at the next route). A heuristic: handlers that check
    /// dependencies do so in their first lines, and a wider window would reach other handlers.
    public static let healthWindowLines = 15
    /// How many bytes of CORS configuration windows one file may read in total: a file made of
    /// CORS anchors (fuzzing, generated code) then costs linear work, not anchors × window.
    public static let corsBudgetBytes = 64 * 1024
    /// The most CORS configurations recorded for one file.
    public static let maxCORSConfigurations = 256

    /// Scans `text` as `language`; a file without a known language yields nothing.
    public static func scan(_ text: TextFile, language: SourceLanguage?) -> ParseResult {
        guard let language else { return ParseResult() }
        var walker = Walker(file: text, language: language)
        walker.run()
        return ParseResult(walker.signals, diagnostics: walker.diagnostics)
    }
}

/// Comment and string syntax of a language, as far as the scanner needs it.
private struct LexicalSyntax {
    var slashComments = false
    var hashComments = false
    var singleQuoteStrings = true
    var backtickStrings = false
    var tripleQuotes = false
    var templateInterpolation = false

    init(_ language: SourceLanguage) {
        switch language {
        case .javascript, .typescript:
            slashComments = true; backtickStrings = true; templateInterpolation = true
        case .go: slashComments = true; backtickStrings = true
        case .python: hashComments = true; tripleQuotes = true
        case .ruby, .shell: hashComments = true; backtickStrings = true
        case .elixir: hashComments = true; tripleQuotes = true
        case .php: slashComments = true; hashComments = true
        case .java, .kotlin: slashComments = true; tripleQuotes = true
        case .csharp: slashComments = true
        case .rust: slashComments = true; singleQuoteStrings = false
        case .swift: slashComments = true; singleQuoteStrings = false; tripleQuotes = true
        }
    }
}

private enum LexState {
    case code, lineComment, blockComment
    /// Inside a literal opened by `quote`; `start` is the first content byte, or nil when the
    /// literal resumed after a template interpolation.
    case string(quote: UInt8, triple: Bool, start: Int?)
    /// Inside a shell here-document body: text written somewhere (a config, a script, SQL), not
    /// code of this file, so quotes (`don't`) open nothing and no signal fires; it ends at a line
    /// holding only `delimiter` (after tabs, for `<<-`).
    case heredoc(delimiter: [UInt8], stripTabs: Bool)
}

private let newline = UInt8(ascii: "\n")
private let maxLiteral = 1024
private let maxTemplateDepth = 32

private func isIdentifier(_ b: UInt8) -> Bool {
    (b >= 0x61 && b <= 0x7A) || (b >= 0x41 && b <= 0x5A) || (b >= 0x30 && b <= 0x39) || b == 0x5F || b == 0x24
}
private func isAlphanumeric(_ b: UInt8) -> Bool {
    (b >= 0x61 && b <= 0x7A) || (b >= 0x41 && b <= 0x5A) || (b >= 0x30 && b <= 0x39)
}
private func isBlank(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 }
private func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D }

/// One language's triggers by first byte (longest first) and its module signals, built once
/// rather than per file.
private struct LanguageTable {
    let buckets: [[SignalTrigger]]
    let modules: [ModuleSignal]

    init(_ language: SourceLanguage) {
        var buckets = [[SignalTrigger]](repeating: [], count: 256)
        for trigger in SignalTable.triggers where trigger.languages.contains(language) {
            buckets[Int(trigger.bytes[0])].append(trigger)
        }
        self.buckets = buckets.map { $0.sorted { $0.bytes.count > $1.bytes.count } }
        self.modules = SignalTable.modules.filter { $0.languages.contains(language) }
    }

    static let all = Dictionary(uniqueKeysWithValues: SourceLanguage.allCases.map { ($0, LanguageTable($0)) })
}

private struct Walker {
    let file: TextFile
    let language: SourceLanguage
    let syntax: LexicalSyntax
    let bytes: [UInt8]
    /// This language's triggers by first byte, longest first (so `os.environ.get(` beats `os.environ[`).
    let buckets: [[SignalTrigger]]
    let modules: [ModuleSignal]

    var signals: SourceSignals
    var i = 0
    var line = 1
    var column = 1
    var lineStart = 0
    var state = LexState.code
    /// Brace depth per open `${` of JavaScript template literals.
    var templateStack: [Int] = []
    /// Where the literal being read opened (its quote).
    var literalOpening = Location(path: "", line: 1)
    var blockCommentOpening = Location(path: "", line: 1)
    var diagnostics: [Diagnostic] = []
    /// The health route whose handler is being read, and the last line of its window.
    var healthWindow: (route: Int, lastLine: Int)?
    /// A shell here-document announced on the current line (`<<EOF`), entered at its end.
    var pendingHeredoc: (delimiter: [UInt8], stripTabs: Bool)?
    /// A health-check dependency registration (ASP.NET `.AddNpgSql(`) was seen in the file.
    var registersHealthDependency = false
    /// Bytes CORS windows may still read in this file (`SourceScanner.corsBudgetBytes`).
    var corsBudget = SourceScanner.corsBudgetBytes
    /// File-level CORS facts combined at the end (Django settings, Spring setters, headers set by hand).
    var corsSettings = CORSFileSettings()

    init(file: TextFile, language: SourceLanguage) {
        self.file = file
        self.language = language
        self.syntax = LexicalSyntax(language)
        self.bytes = Array(file.text.utf8)
        let table = LanguageTable.all[language]!
        self.buckets = table.buckets
        self.modules = table.modules
        self.signals = SourceSignals(path: file.path, language: language)
    }

    // MARK: Position

    mutating func step() {
        let b = bytes[i]
        if b == newline {
            line += 1; column = 1; lineStart = i + 1
        } else if b & 0xC0 != 0x80 {
            column += 1
        }
        i += 1
    }

    mutating func advance(to target: Int) {
        let end = min(target, bytes.count)
        while i < end { step() }
    }

    /// Location of byte `offset` at or after the current position.
    func location(of offset: Int) -> Location {
        var l = line, c = column, k = i
        while k < offset, k < bytes.count {
            if bytes[k] == newline { l += 1; c = 1 } else if bytes[k] & 0xC0 != 0x80 { c += 1 }
            k += 1
        }
        return Location(path: file.path, line: l, column: c)
    }

    func byte(_ k: Int) -> UInt8? { k >= 0 && k < bytes.count ? bytes[k] : nil }

    // MARK: Lexing

    mutating func run() {
        while i < bytes.count {
            let b = bytes[i]
            // A here-document starts on the line after its `<<WORD` (once that line's code and
            // comment are read).
            if b == newline, let pending = pendingHeredoc {
                switch state {
                case .code, .lineComment:
                    step()
                    pendingHeredoc = nil
                    state = .heredoc(delimiter: pending.delimiter, stripTabs: pending.stripTabs)
                    continue
                default: break
                }
            }
            switch state {
            case .code:
                codeByte(b)
            case .lineComment:
                if b == newline { state = .code }
                step()
            case let .heredoc(delimiter, stripTabs):
                heredocByte(b, delimiter: delimiter, stripTabs: stripTabs)
            case .blockComment:
                if b == UInt8(ascii: "*"), byte(i + 1) == UInt8(ascii: "/") {
                    state = .code; advance(to: i + 2)
                } else {
                    step()
                }
            case let .string(quote, triple, start):
                stringByte(b, quote: quote, triple: triple, start: start)
            }
        }
        finishCORS()
        for route in signals.routes where route.isHealthCheckRegistration {
            signals.healthHandlers.append(HealthHandler(route: route.path, touchesDependency: registersHealthDependency))
        }
        // The code may be fine and our lexer wrong (a JavaScript regex holding `/*`); either way
        // the rest of the file was not scanned, and that is said.
        switch state {
        case .blockComment:
            diagnostics.append(Diagnostic(.parse, "block comment never closed; code signals after it were not read",
                                          at: blockCommentOpening))
        case .string(_, _, _) where multiLineStringOpen:
            diagnostics.append(Diagnostic(.parse, "string literal never closed; code signals after it were not read",
                                          at: literalOpening))
        default: break
        }
    }

    /// True in a literal that may span lines (one-line literals end at their newline anyway).
    var multiLineStringOpen: Bool {
        if case let .string(quote, triple, _) = state { return triple || quote == UInt8(ascii: "`") }
        return false
    }

    mutating func stringByte(_ b: UInt8, quote: UInt8, triple: Bool, start: Int?) {
        let rawString = (language == .go && quote == UInt8(ascii: "`"))
            || (language == .shell && quote == UInt8(ascii: "'"))
        if b == UInt8(ascii: "\\"), !rawString {
            advance(to: i + 2)
            return
        }
        if syntax.templateInterpolation, quote == UInt8(ascii: "`"), b == UInt8(ascii: "$"),
           byte(i + 1) == UInt8(ascii: "{"), templateStack.count < maxTemplateDepth {
            templateStack.append(0)
            state = .code
            advance(to: i + 2)
            return
        }
        if b == quote {
            if triple {
                guard byte(i + 1) == quote, byte(i + 2) == quote else { step(); return }
                if let start { literalClosed(start: start, end: i) }
                state = .code
                advance(to: i + 3)
            } else {
                if let start { literalClosed(start: start, end: i) }
                state = .code
                step()
            }
            return
        }
        // Only triple-quoted and backtick literals span lines; an unterminated one-line literal
        // ends at the newline so one stray quote cannot swallow the rest of the file.
        if b == newline, !triple, quote != UInt8(ascii: "`") { state = .code }
        step()
    }

    mutating func codeByte(_ b: UInt8) {
        switch b {
        case UInt8(ascii: "/") where syntax.slashComments:
            if byte(i + 1) == UInt8(ascii: "/") { state = .lineComment; advance(to: i + 2); return }
            if byte(i + 1) == UInt8(ascii: "*") {
                blockCommentOpening = Location(path: file.path, line: line, column: column)
                state = .blockComment; advance(to: i + 2); return
            }
        case UInt8(ascii: "#") where syntax.hashComments:
            let previous = byte(i - 1)
            let isComment: Bool = switch language {
            case .php: byte(i + 1) != UInt8(ascii: "[")
            // `${#array[@]}`, `$#`: only a `#` starting a word opens a shell comment.
            case .shell: previous == nil || isSpace(previous!) || previous == UInt8(ascii: ";")
            default: true
            }
            if isComment { state = .lineComment; step(); return }
        case UInt8(ascii: "{") where !templateStack.isEmpty:
            templateStack[templateStack.count - 1] += 1
        case UInt8(ascii: "}") where !templateStack.isEmpty:
            if templateStack[templateStack.count - 1] == 0 {
                templateStack.removeLast()
                state = .string(quote: UInt8(ascii: "`"), triple: false, start: nil)
                step()
                return
            }
            templateStack[templateStack.count - 1] -= 1
        case UInt8(ascii: "\""), UInt8(ascii: "'"), UInt8(ascii: "`"):
            if openString(b) { return }
        case UInt8(ascii: "<") where language == .shell:
            // `<<<` is a here-string, not a here-document (whichever of its `<` we are at).
            if byte(i + 1) == UInt8(ascii: "<"), byte(i + 2) != UInt8(ascii: "<"), byte(i - 1) != UInt8(ascii: "<"),
               let (heredoc, end) = heredocOperator() {
                pendingHeredoc = heredoc
                advance(to: end)
                return
            }
        default:
            break
        }
        for trigger in buckets[Int(b)] where matches(trigger) {
            let end = fire(trigger)
            advance(to: max(end, i + trigger.bytes.count))
            return
        }
        step()
    }

    /// Reads `<<WORD`, `<<-WORD`, `<<'WORD'`, `<<"WORD"` or `<<\\WORD` at `i`: the delimiter and
    /// the offset after it. An unquoted delimiter must look like one (`EOF`, `END_SQL`: capitals,
    /// digits, `_`), so an arithmetic shift (`$(( x << n ))`) is not taken for a here-document
    /// that would swallow the rest of the script.
    func heredocOperator() -> (heredoc: (delimiter: [UInt8], stripTabs: Bool), end: Int)? {
        var k = i + 2
        let stripTabs = byte(k) == UInt8(ascii: "-")
        if stripTabs { k += 1 }
        while let b = byte(k), isBlank(b) { k += 1 }
        guard let first = byte(k) else { return nil }
        if first == UInt8(ascii: "'") || first == UInt8(ascii: "\"") {
            let start = k + 1
            var end = start
            while end < bytes.count, bytes[end] != first, bytes[end] != newline, end - start < 64 { end += 1 }
            guard byte(end) == first, end > start else { return nil }
            return ((Array(bytes[start..<end]), stripTabs), end + 1)
        }
        let start = first == UInt8(ascii: "\\") ? k + 1 : k
        var end = start
        while let b = byte(end), (b >= 0x41 && b <= 0x5A) || (b >= 0x30 && b <= 0x39) || b == 0x5F || (first == UInt8(ascii: "\\") && isIdentifier(b)) {
            end += 1
        }
        guard end > start, end - start <= 64, let lead = byte(start), !(lead >= 0x30 && lead <= 0x39) else { return nil }
        if let after = byte(end), isIdentifier(after) { return nil }
        return ((Array(bytes[start..<end]), stripTabs), end)
    }

    /// One byte of a here-document body: text; a line holding only the delimiter ends it.
    mutating func heredocByte(_ b: UInt8, delimiter: [UInt8], stripTabs: Bool) {
        if i == lineStart {
            var k = i
            if stripTabs { while byte(k) == UInt8(ascii: "\t") { k += 1 } }
            var end = k + delimiter.count
            if bytes[k...].starts(with: delimiter), byte(end) == UInt8(ascii: "\r") { end += 1 }
            if bytes[k...].starts(with: delimiter), end == bytes.count || bytes[end] == newline {
                state = .code
                advance(to: end)
                return
            }
        }
        step()
    }

    /// Enters a string state at a quote byte; false when the byte does not open a literal here.
    mutating func openString(_ quote: UInt8) -> Bool {
        if quote == UInt8(ascii: "'"), !syntax.singleQuoteStrings { return false }
        if quote == UInt8(ascii: "`"), !syntax.backtickStrings { return false }
        literalOpening = Location(path: file.path, line: line, column: column)
        if syntax.tripleQuotes, quote != UInt8(ascii: "`"), byte(i + 1) == quote, byte(i + 2) == quote {
            state = .string(quote: quote, triple: true, start: i + 3)
            advance(to: i + 3)
        } else {
            state = .string(quote: quote, triple: false, start: i + 1)
            step()
        }
        return true
    }

    func matches(_ trigger: SignalTrigger) -> Bool {
        let count = trigger.bytes.count
        guard i + count <= bytes.count else { return false }
        var k = 1
        while k < count {
            if bytes[i + k] != trigger.bytes[k] { return false }
            k += 1
        }
        let previous = byte(i - 1)
        switch trigger.boundary {
        case .none: return true
        case .loose: return previous.map { !isAlphanumeric($0) } ?? true
        case .word: return previous.map { !isIdentifier($0) && $0 != UInt8(ascii: ".") } ?? true
        case .lineStart:
            var k = i - 1
            while k >= lineStart {
                if !isBlank(bytes[k]) { return false }
                k -= 1
            }
            return true
        }
    }

    // MARK: Captures

    /// Records what `trigger` (matched at `i`) reveals; returns the offset to resume at.
    mutating func fire(_ trigger: SignalTrigger) -> Int {
        let here = location(of: i)
        let after = i + trigger.bytes.count
        switch trigger.capture {
        case .envIdentifier:
            var end = after
            while end < bytes.count, end - after < 256, isIdentifier(bytes[end]) { end += 1 }
            if end > after { signals.envReads.append(Located(text(after, end), at: here)) }
            return end
        case .envLiteral:
            guard let literal = readLiteral(from: after, skipKey: false) else { return after }
            let name = text(literal.start, literal.end)
            guard !name.isEmpty, name.utf8.allSatisfy({ isIdentifier($0) || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "-") })
            else { return after }
            signals.envReads.append(Located(name, at: here))
            return literal.next
        case .envDestructuring:
            if after < bytes.count, isIdentifier(bytes[after]) { return after }
            signals.envReads += destructuredNames(before: i)
            return after
        case let .route(method, requiresSlash, healthCheck):
            guard let literal = readLiteral(from: after, skipKey: true) else { return after }
            var value = text(literal.start, literal.end)
            var routeMethod = method
            // Go 1.22 patterns carry the method: `HandleFunc("GET /health", …)`.
            if method == nil, let space = value.firstIndex(of: " "),
               ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD"].contains(String(value[..<space])) {
                routeMethod = String(value[..<space])
                value = String(value[value.index(after: space)...]).trimmingBlanks()
            }
            if requiresSlash, !value.hasPrefix("/") { return after }
            if trigger.bytes[0] == UInt8(ascii: "."), !isServerRouteCall(literalNext: literal.next) { return after }
            let route = Route(method: routeMethod, path: Located(value, at: location(of: literal.start - 1)),
                              isHealthCheckRegistration: healthCheck)
            healthWindow = nil
            if !healthCheck, route.looksLikeHealthCheck, !handlerIsReference(after: literal.next) {
                healthWindow = (signals.healthHandlers.count, route.path.location.line + SourceScanner.healthWindowLines)
                signals.healthHandlers.append(HealthHandler(route: route.path, touchesDependency: false))
            }
            signals.routes.append(route)
            return literal.next
        case .signalArguments:
            var names = signalNames(from: after)
            // `['SIGINT', 'SIGTERM'].forEach((s) => process.on(s, stop))`: the names sit before
            // the call on the same line.
            if names.isEmpty, language == .javascript || language == .typescript {
                names = signalNames(from: max(lineStart, i - 256), upTo: i)
            }
            for name in names where !signals.signalHandlers.contains(where: { $0.value == name && $0.location == here }) {
                signals.signalHandlers.append(Located(name, at: here))
            }
            return after
        case let .signal(name):
            signals.signalHandlers.append(Located(name, at: here))
            return after
        case let .shutdownHelper(name, installsHandler):
            signals.shutdownHelpers.append(Located(name, at: here))
            if installsHandler { signals.signalHandlers.append(Located("SIGTERM", at: here)) }
            return after
        case let .sdk(kind):
            addSDK(kind, at: here)
            if !signals.sdkInitialisations.contains(where: { $0.value == kind }) {
                signals.sdkInitialisations.append(Located(kind, at: here))
            }
            return after
        case .logger:
            signals.loggerCalls += 1
            return after
        case .console:
            signals.consoleCalls += 1
            if signals.firstConsoleCall == nil { signals.firstConsoleCall = here }
            return after
        case .importStatement:
            return importStatement(from: after, at: here)
        case let .library(name):
            addLibrary(name, at: here)
            return after
        case let .outboundCall(client, timeoutWord, alwaysUnbounded):
            let close: UInt8 = trigger.bytes.last == UInt8(ascii: "{") ? UInt8(ascii: "}") : UInt8(ascii: ")")
            guard let arguments = scanArguments(from: after, close: close, word: timeoutWord) else { return after }
            // `fetch(url) {` / `function fetch(url) {`: a definition, not a call.
            if arguments.followedByBrace, close == UInt8(ascii: ")") { return after }
            if arguments.opaque, !alwaysUnbounded { return after }
            signals.outboundCalls.append(OutboundCall(client: client, location: here,
                                                      hasTimeout: !alwaysUnbounded && arguments.containsWord))
            return after
        case let .timeoutDefault(client):
            signals.timeoutDefaults.append(Located(client, at: here))
            return after
        case .poolSetting:
            signals.poolSettings.append(here)
            return after
        case .poolConstructor:
            for word in ["max", "max_size", "connectionLimit", "maxconn"] {
                if let arguments = scanArguments(from: after, close: UInt8(ascii: ")"), word: word, exact: true),
                   arguments.containsWord {
                    signals.poolSettings.append(here)
                    break
                }
            }
            return after
        case .dependencyProbe:
            markHealthProbe()
            return after
        case .healthCheckDependency:
            registersHealthDependency = true
            return after
        case .requestID:
            signals.requestIDs.append(here)
            return after
        case let .cors(idiom):
            corsAnchor(idiom, trigger: trigger, at: here, after: after)
            return after
        }
    }

    /// Marks the open health route as touching a dependency when the scanner is inside its window.
    mutating func markHealthProbe() {
        guard let window = healthWindow else { return }
        if line <= window.lastLine {
            signals.healthHandlers[window.route].touchesDependency = true
        }
        healthWindow = nil
    }

    /// `app.get('/health', healthHandler)` or `HandleFunc("/healthz", healthz)`: the handler is a
    /// function named elsewhere, so this scan cannot see what it does.
    func handlerIsReference(after offset: Int) -> Bool {
        var k = offset
        let limit = min(bytes.count, offset + 256)
        while k < limit, isSpace(bytes[k]) { k += 1 }
        guard k < limit, bytes[k] == UInt8(ascii: ",") else { return false }
        k += 1
        while k < limit, isSpace(bytes[k]) { k += 1 }
        let start = k
        while k < limit, isIdentifier(bytes[k]) || bytes[k] == UInt8(ascii: ".") || bytes[k] == UInt8(ascii: "&") { k += 1 }
        guard k > start else { return false }
        while k < limit, isSpace(bytes[k]) { k += 1 }
        return k < limit && (bytes[k] == UInt8(ascii: ")") || bytes[k] == UInt8(ascii: ","))
    }

    /// Reads a call's arguments (or a composite literal's fields) up to the `close` byte that
    /// matches, at most 2 KB, skipping string literals and comments only roughly. Reports whether
    /// an identifier containing `word` (case-insensitive; equal when `exact`) appears, whether an
    /// argument after the first is opaque (a variable, a spread, `**kwargs`: the timeout may hide
    /// in it), and whether a `{` follows the closing byte. Nil when the end is not found.
    func scanArguments(from offset: Int, close: UInt8, word: String, exact: Bool = false)
        -> (containsWord: Bool, opaque: Bool, followedByBrace: Bool)? {
        let open: UInt8 = close == UInt8(ascii: "}") ? UInt8(ascii: "{") : UInt8(ascii: "(")
        let needle = Array(word.lowercased().utf8)
        var depth = 0
        var k = offset
        let limit = min(bytes.count, offset + 2048)
        var containsWord = false
        var opaque = false
        var argumentIndex = 0
        var argumentStart = true
        while k < limit {
            let b = bytes[k]
            if b == UInt8(ascii: "\"") || b == UInt8(ascii: "'") || b == UInt8(ascii: "`") {
                var j = k + 1
                while j < limit, bytes[j] != b, bytes[j] != newline { j += bytes[j] == UInt8(ascii: "\\") ? 2 : 1 }
                k = j + 1
                argumentStart = false
                continue
            }
            if b == open || b == UInt8(ascii: "(") || b == UInt8(ascii: "[") || b == UInt8(ascii: "{") {
                depth += 1
            } else if b == close && depth == 0 {
                var next = k + 1
                while next < min(bytes.count, k + 64), isSpace(bytes[next]) { next += 1 }
                let brace = next < bytes.count && bytes[next] == UInt8(ascii: "{")
                return (containsWord, opaque, brace)
            } else if b == UInt8(ascii: ")") || b == UInt8(ascii: "]") || b == UInt8(ascii: "}") {
                depth -= 1
                if depth < 0 { return nil }
            } else if b == UInt8(ascii: ","), depth == 0 {
                argumentIndex += 1
                argumentStart = true
                k += 1
                continue
            }
            if isSpace(b) { k += 1; continue }
            if depth == 0, argumentStart, argumentIndex >= 1 || close == UInt8(ascii: "}") {
                // A bare variable or spread as a config argument hides what it sets.
                if b == UInt8(ascii: ".") || b == UInt8(ascii: "*") { opaque = true }
                if isIdentifier(b), argumentIndex >= 1 {
                    var e = k
                    while e < limit, isIdentifier(bytes[e]) || bytes[e] == UInt8(ascii: ".") { e += 1 }
                    var n = e
                    while n < limit, isBlank(bytes[n]) { n += 1 }
                    if n < limit, bytes[n] == UInt8(ascii: ",") || bytes[n] == close { opaque = true }
                }
            }
            argumentStart = false
            if isIdentifier(b), k == offset || !isIdentifier(bytes[k - 1]) {
                var e = k
                while e < limit, isIdentifier(bytes[e]) { e += 1 }
                let identifier = bytes[k..<e].map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }
                if !needle.isEmpty {
                    if exact ? identifier == needle : contains(identifier, needle) { containsWord = true }
                }
                k = e
                continue
            }
            k += 1
        }
        return nil
    }

    func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        guard needle.count <= haystack.count else { return false }
        for start in 0...(haystack.count - needle.count) where haystack[start..<(start + needle.count)].elementsEqual(needle) {
            return true
        }
        return false
    }

    mutating func addLibrary(_ name: String, at here: Location) {
        if !signals.libraries.contains(where: { $0.value == name }) { signals.libraries.append(Located(name, at: here)) }
    }

    /// The keys of `{ A, B: b, C = 'x' } =` ending just before `offset` (at most 512 bytes back),
    /// each located at its own name.
    func destructuredNames(before offset: Int) -> [Located<String>] {
        let floor = max(0, offset - 512)
        var k = offset - 1
        while k >= floor, isSpace(bytes[k]) { k -= 1 }
        guard k >= floor, bytes[k] == UInt8(ascii: "=") else { return [] }
        k -= 1
        while k >= floor, isSpace(bytes[k]) { k -= 1 }
        guard k >= floor, bytes[k] == UInt8(ascii: "}") else { return [] }
        let close = k
        var depth = 0
        while k >= floor {
            if bytes[k] == UInt8(ascii: "}") { depth += 1 }
            if bytes[k] == UInt8(ascii: "{") { depth -= 1; if depth == 0 { break } }
            k -= 1
        }
        guard k >= floor else { return [] }
        // Keys are the identifiers at the start of each top-level comma-separated part.
        var names: [(Int, Int)] = []
        var p = k + 1
        var expectKey = true
        var nested = 0
        while p < close {
            let b = bytes[p]
            if b == UInt8(ascii: "{") || b == UInt8(ascii: "[") || b == UInt8(ascii: "(") { nested += 1 }
            if b == UInt8(ascii: "}") || b == UInt8(ascii: "]") || b == UInt8(ascii: ")") { nested -= 1 }
            if nested == 0, b == UInt8(ascii: ",") { expectKey = true; p += 1; continue }
            if expectKey, nested == 0, isIdentifier(b) {
                var e = p
                while e < close, isIdentifier(bytes[e]) { e += 1 }
                names.append((p, e))
                expectKey = false
                p = e
                continue
            }
            if !isSpace(b) { expectKey = false }
            p += 1
        }
        return names.map { Located(text($0.0, $0.1), at: locationBehind($0.0)) }
    }

    /// Location of an offset shortly before the current position (destructuring lookbehind);
    /// bounded work, so the column is omitted when its line starts too far back.
    func locationBehind(_ offset: Int) -> Location {
        var newlines = 0
        for k in offset..<i where bytes[k] == newline { newlines += 1 }
        if newlines == 0 {
            var scalars = 0
            for k in offset..<i where bytes[k] & 0xC0 != 0x80 { scalars += 1 }
            return Location(path: file.path, line: line, column: column - scalars)
        }
        var start = offset
        while start > 0, offset - start < 4096, bytes[start - 1] != newline { start -= 1 }
        guard start == 0 || bytes[start - 1] == newline else { return Location(path: file.path, line: line - newlines) }
        var column = 1
        for k in start..<offset where bytes[k] & 0xC0 != 0x80 { column += 1 }
        return Location(path: file.path, line: line - newlines, column: column)
    }

    /// HTTP clients share the server routers' verbs (`axios.get('/api')`, `http.Get(url)`,
    /// `requests.get(...)`, supertest's `request(app).get('/health')`): a generic `.get(` call
    /// counts as a route only on a receiver that is not a known client nor a call result, and
    /// only as a Python decorator or, elsewhere, with a handler argument after the path.
    func isServerRouteCall(literalNext: Int) -> Bool {
        var k = i - 1
        // Axum and chi chain `.route(` off calls (`Router::new().route(`); verbs do not.
        let isVerb = !trigger(at: i, is: ".route(") && !trigger(at: i, is: ".Route(")
        if isVerb, k >= 0, bytes[k] == UInt8(ascii: ")") { return false }
        let end = k + 1
        while k >= max(0, i - 64), isIdentifier(bytes[k]) { k -= 1 }
        let receiver = text(k + 1, end).lowercased()
        if Self.httpClientReceivers.contains(receiver) { return false }
        if language == .python {
            var start = lineStart
            while start < i, isBlank(bytes[start]) { start += 1 }
            return bytes[start] == UInt8(ascii: "@")
        }
        var next = literalNext
        while next < min(bytes.count, literalNext + 64), isSpace(bytes[next]) { next += 1 }
        return next < bytes.count && bytes[next] == UInt8(ascii: ",")
    }

    func trigger(at offset: Int, is literal: StaticString) -> Bool {
        let count = literal.utf8CodeUnitCount
        guard offset + count <= bytes.count else { return false }
        return literal.withUTF8Buffer { bytes[offset..<(offset + count)].elementsEqual($0) }
    }

    static let httpClientReceivers: Set<String> = [
        "axios", "http", "https", "httpclient", "client", "apiclient", "request", "requests", "fetch", "ky", "got",
        "superagent", "agent", "instance", "httpx", "session", "$http", "resty",
    ]

    /// A string literal after optional blanks (and, for annotations, `value = `, `{`, `[`).
    func readLiteral(from offset: Int, skipKey: Bool) -> (start: Int, end: Int, next: Int)? {
        var k = offset
        let limit = min(bytes.count, offset + 128)
        while k < limit, isSpace(bytes[k]) { k += 1 }
        if skipKey {
            while k < limit, bytes[k] == UInt8(ascii: "{") || bytes[k] == UInt8(ascii: "[") || isSpace(bytes[k]) { k += 1 }
            var j = k
            while j < limit, isIdentifier(bytes[j]) { j += 1 }
            if j > k {
                var e = j
                while e < limit, isBlank(bytes[e]) { e += 1 }
                if e < limit, bytes[e] == UInt8(ascii: "=") || bytes[e] == UInt8(ascii: ":") {
                    k = e + 1
                    while k < limit, isSpace(bytes[k]) { k += 1 }
                }
            }
        }
        // Python prefixes (`r"…"`, `f"…"`) and C# verbatim strings (`@"…"`).
        var prefix = 0
        while k < limit, prefix < 2, [UInt8(ascii: "r"), UInt8(ascii: "f"), UInt8(ascii: "b"), UInt8(ascii: "u"),
                                       UInt8(ascii: "R"), UInt8(ascii: "@")].contains(bytes[k]) {
            k += 1; prefix += 1
        }
        guard k < limit else { return nil }
        let quote = bytes[k]
        guard quote == UInt8(ascii: "\"") || (quote == UInt8(ascii: "'") && syntax.singleQuoteStrings)
            || (quote == UInt8(ascii: "`") && syntax.backtickStrings) else { return nil }
        let start = k + 1
        var j = start
        let end = min(bytes.count, start + maxLiteral)
        while j < end {
            let b = bytes[j]
            if b == quote { return (start, j, j + 1) }
            if b == UInt8(ascii: "\\") { j += 2; continue }
            if b == newline { return nil }
            if quote == UInt8(ascii: "`"), b == UInt8(ascii: "$"), byte(j + 1) == UInt8(ascii: "{") { return nil }
            j += 1
        }
        return nil
    }

    /// Signal names among the identifiers of a call's arguments (to the closing parenthesis or
    /// the end of the line, at most 256 bytes).
    func signalNames(from offset: Int, upTo end: Int? = nil) -> [String] {
        var names: [String] = []
        var k = offset
        var depth = 0
        let limit = min(bytes.count, end ?? offset + 256)
        while k < limit {
            let b = bytes[k]
            if b == newline { break }
            if b == UInt8(ascii: "(") { depth += 1 }
            if b == UInt8(ascii: ")") { if depth == 0 { break }; depth -= 1 }
            if isIdentifier(b), k == offset || !isIdentifier(bytes[k - 1]) {
                var e = k
                while e < limit, isIdentifier(bytes[e]) { e += 1 }
                let name: String? = switch text(k, e) {
                case "SIGTERM", "TERM": "SIGTERM"
                case "SIGINT", "INT", "Interrupt": "SIGINT"
                default: nil
                }
                if let name, !names.contains(name) { names.append(name) }
                k = e
                continue
            }
            k += 1
        }
        return names
    }

    /// Reads the module names of an import statement and applies the module table.
    mutating func importStatement(from offset: Int, at here: Location) -> Int {
        var k = offset
        let limit = min(bytes.count, offset + 512)
        func skipBlanks() { while k < limit, isBlank(bytes[k]) { k += 1 } }
        skipBlanks()
        for keyword in ["static ", "using "] where k + keyword.utf8.count <= limit
            && bytes[k..<(k + keyword.utf8.count)].elementsEqual(keyword.utf8) {
            k += keyword.utf8.count
            skipBlanks()
        }
        while k < limit {
            let start = k
            while k < limit, isIdentifier(bytes[k]) || bytes[k] == UInt8(ascii: ".")
                || bytes[k] == UInt8(ascii: "\\") || bytes[k] == UInt8(ascii: ":") { k += 1 }
            guard k > start else { break }
            let module = text(start, k).replacingBackslashesAndColons()
            applyModule(module, at: here)
            // Python: `import a, b as c`.
            guard language == .python else { break }
            while k < limit, bytes[k] != UInt8(ascii: ","), bytes[k] != newline { k += 1 }
            guard k < limit, bytes[k] == UInt8(ascii: ",") else { break }
            k += 1
            skipBlanks()
        }
        return k
    }

    mutating func applyModule(_ module: String, at here: Location) {
        var appliedPrimary = false
        for entry in modules where entry.matches(module) {
            if case let .library(name) = entry.effect {
                addLibrary(name, at: here)
                continue
            }
            if appliedPrimary { continue }
            appliedPrimary = true
            switch entry.effect {
            case .library: break
            case let .sdk(kind): addSDK(kind, at: here)
            case let .database(kind): addDatabase(kind, at: here)
            case let .shutdownHelper(installsHandler):
                signals.shutdownHelpers.append(Located(entry.name, at: here))
                if installsHandler { signals.signalHandlers.append(Located("SIGTERM", at: here)) }
            case let .loadTest(tool):
                if !signals.loadTestTools.contains(where: { $0.value == tool }) {
                    signals.loadTestTools.append(Located(tool, at: here))
                }
            case let .middleware(kind):
                signals.securityMiddleware.append(Located(SecurityMiddleware(kind: kind, module: entry.name), at: here))
            }
        }
    }

    mutating func addSDK(_ kind: SDKKind, at here: Location) {
        if !signals.sdks.contains(where: { $0.value == kind }) { signals.sdks.append(Located(kind, at: here)) }
    }

    mutating func addDatabase(_ kind: DatabaseKind, at here: Location) {
        if !signals.databaseClients.contains(where: { $0.value == kind }) {
            signals.databaseClients.append(Located(kind, at: here))
        }
    }

    /// A literal ended at `end` (exclusive); `i` is on its closing quote.
    mutating func literalClosed(start: Int, end: Int) {
        guard end > start, end - start <= maxLiteral * 4 else { return }
        for scheme in SignalTable.connectionSchemes where end - start >= scheme.prefix.count
            && bytes[start..<(start + scheme.prefix.count)].elementsEqual(scheme.prefix) {
            addDatabase(scheme.kind, at: literalOpening)
            break
        }
        if end - start == 27 || end - start == 32 { corsHeaderLiteral(start: start, end: end) }
        if end - start <= maxLiteral {
            let lowered = bytes[start..<end].map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }
            if SignalTable.requestIDHeaders.contains(where: { lowered == $0 || (lowered.count < 40 && contains(lowered, $0) && lowered.first != UInt8(ascii: "/")) }) {
                signals.requestIDs.append(literalOpening)
            }
            if SignalTable.poolLiteralMarkers.contains(where: { contains(lowered, $0) }) {
                signals.poolSettings.append(literalOpening)
            }
            if healthWindow != nil, SignalTable.probeLiteralMarkers.contains(where: { contains(lowered, $0) }) {
                markHealthProbe()
            }
        }
        guard end - start <= 200, !modules.isEmpty else { return }
        let importContext: Bool = switch language {
        case .go: true
        case .javascript, .typescript: precededBy(start - 1, ["require", "from", "import"])
        case .ruby: precededBy(start - 1, ["require", "gem"])
        default: false
        }
        if importContext {
            applyModule(text(start, end), at: literalOpening)
        }
    }

    /// True when the code before `quote` ends with one of `words`, optionally followed by `(`.
    func precededBy(_ quote: Int, _ words: [String]) -> Bool {
        var k = quote - 1
        let floor = max(0, quote - 64)
        while k >= floor, isSpace(bytes[k]) { k -= 1 }
        if k >= floor, bytes[k] == UInt8(ascii: "(") {
            k -= 1
            while k >= floor, isSpace(bytes[k]) { k -= 1 }
        }
        let end = k + 1
        while k >= floor, isIdentifier(bytes[k]) { k -= 1 }
        guard end > k + 1 else { return false }
        let word = text(k + 1, end)
        return words.contains(word)
    }

    func text(_ start: Int, _ end: Int) -> String {
        String(decoding: bytes[max(0, start)..<min(end, bytes.count)], as: UTF8.self)
    }
}

private extension String {
    func trimmingBlanks() -> String {
        String(drop { $0 == " " || $0 == "\t" })
    }

    func replacingBackslashesAndColons() -> String {
        var result = ""
        var previousColon = false
        for character in self {
            switch character {
            case "\\": result.append("."); previousColon = false
            case ":":
                if previousColon { result.append("."); previousColon = false } else { previousColon = true }
            default:
                if previousColon { result.append(":") }
                previousColon = false
                result.append(character)
            }
        }
        return result
    }
}

// MARK: CORS

extension Walker {
    /// Reads the configuration after a CORS anchor (matched at `i`) within the file's CORS budget.
    mutating func corsAnchor(_ idiom: CORSIdiom, trigger: SignalTrigger, at here: Location, after: Int) {
        guard signals.corsConfigurations.count < SourceScanner.maxCORSConfigurations else { return }
        guard corsBudget > 0 else {
            if corsBudget == 0 {
                corsBudget = -1
                diagnostics.append(Diagnostic(.parse, "more CORS configuration text than one file may hold (\(SourceScanner.corsBudgetBytes) bytes read); later CORS settings were not read", at: here))
            }
            return
        }
        let last = trigger.bytes.last
        let opensWindow = last == UInt8(ascii: "(") || last == UInt8(ascii: "{")
        switch idiom {
        case let .fixed(framework, origins, credentials):
            addCORS(CORSConfiguration(framework: framework, location: here, origins: origins, allowsCredentials: credentials))
        case let .options(spec, parenthesesOptional):
            var start = after
            var tokens: [CORSToken] = []
            if !opensWindow {
                while start < bytes.count, isBlank(bytes[start]) { start += 1 }
                let next = byte(start)
                if next == UInt8(ascii: "(") || next == UInt8(ascii: ",") {
                    start += 1
                } else if parenthesesOptional || (next == UInt8(ascii: ")") && spec.framework == "starlette") {
                    start = -1
                } else {
                    return
                }
            } else if precededBy(i, ["function", "def", "func", "fun"]) {
                return
            }
            if start >= 0 {
                guard let read = corsWindow(from: start, until: .closing) else { return }
                tokens = read.tokens
                // `cors(options) {`: a method definition, not a call.
                var next = read.next + 1
                while next < min(bytes.count, read.next + 64), isSpace(bytes[next]) { next += 1 }
                if last == UInt8(ascii: "("), next < bytes.count, bytes[next] == UInt8(ascii: "{") { return }
            }
            let found = CORSReader.options(tokens, spec)
            addCORS(CORSConfiguration(framework: spec.framework, location: found.originKey.map { location(of: $0) } ?? here,
                                      origins: found.origins, allowsCredentials: found.credentials,
                                      credentialsLocation: found.credentialsKey.map { location(of: $0) }))
        case let .chain(framework, originsKind, credentialsCall):
            var origins = CORSConfiguration.Origins.wildcard
            if originsKind == .arguments {
                guard let read = corsWindow(from: after, until: .closing) else { return }
                origins = CORSReader.origins(read.tokens[...], trueMeans: .unknown)
            }
            let statement = corsWindow(from: statementStart(before: i), until: .statement)?.tokens ?? []
            var credentials = false
            var credentialsLocation: Location?
            for (n, token) in statement.enumerated() where token.kind == .identifier && token.text == credentialsCall
                && n + 1 < statement.count && statement[n + 1].text == "(" {
                let argument = n + 2 < statement.count ? statement[n + 2].text : ")"
                credentials = argument == ")" || argument == "true"
                if credentials, token.start >= i { credentialsLocation = location(of: token.start) }
                if credentials, token.start < i { credentialsLocation = locationBehind(token.start) }
            }
            addCORS(CORSConfiguration(framework: framework, location: here, origins: origins, allowsCredentials: credentials,
                                      credentialsLocation: credentialsLocation))
        case let .setting(framework, kind):
            var value: ArraySlice<CORSToken>
            if opensWindow {
                guard let read = corsWindow(from: after, until: .closing) else { return }
                value = read.tokens[...]
            } else {
                guard let read = corsWindow(from: after, until: .line), read.tokens.first?.text == "=",
                      read.tokens.count > 1, read.tokens[1].text != "=" else { return }
                value = read.tokens.dropFirst()
            }
            corsSettings.framework = framework
            switch kind {
            case .allowAll:
                if CORSReader.credentials(value) == true { corsSettings.origins.append((here, .wildcard)) }
            case .origins:
                corsSettings.origins.append((here, CORSReader.origins(value, trueMeans: .unknown)))
            case .credentials:
                if let allowed = CORSReader.credentials(value) { corsSettings.credentials = (here, allowed) }
            }
        case .rackOrigins:
            guard let line = corsWindow(from: after, until: .line), let first = line.tokens.first,
                  first.kind == .string || first.kind == .regex else { return }
            let origins = CORSReader.origins(line.tokens[...], trueMeans: .unknown)
            var credentials = false
            var credentialsLocation: Location?
            if let block = corsWindow(from: line.next, until: .rubyBlock) {
                for pair in CORSReader.pairs(block.tokens) where pair.key == "credentials" {
                    credentials = CORSReader.credentials(CORSReader.valueExtent(block.tokens, from: pair.value)) == true
                    credentialsLocation = credentials ? location(of: block.tokens[pair.keyIndex].start) : nil
                }
            }
            addCORS(CORSConfiguration(framework: "rack-cors", location: here, origins: origins, allowsCredentials: credentials,
                                      credentialsLocation: credentialsLocation))
        }
    }

    /// Tokens of a CORS window, charged to the file's budget; nil when its end is not found.
    mutating func corsWindow(from start: Int, until end: CORSWindowEnd) -> (tokens: [CORSToken], next: Int)? {
        guard corsBudget > 0 else { return nil }
        let read = CORSReader.tokens(bytes, from: start, until: end, language: language, limit: corsBudget)
        corsBudget = max(0, corsBudget - max(1, read.next - start))
        return read.closed ? (read.tokens, read.next) : nil
    }

    /// The start of the statement holding offset `k`: after the previous `;`, `{`, `}` or
    /// unmatched `(` (at most 1 KB back).
    func statementStart(before k: Int) -> Int {
        var j = k - 1
        var depth = 0
        let floor = max(0, k - 1024)
        while j >= floor {
            let b = bytes[j]
            if b == UInt8(ascii: ")") { depth += 1 }
            if b == UInt8(ascii: "(") { if depth == 0 { break }; depth -= 1 }
            if depth == 0, b == UInt8(ascii: ";") || b == UInt8(ascii: "{") || b == UInt8(ascii: "}") { break }
            j -= 1
        }
        return j + 1
    }

    mutating func addCORS(_ configuration: CORSConfiguration) {
        guard signals.corsConfigurations.count < SourceScanner.maxCORSConfigurations else { return }
        signals.corsConfigurations.append(configuration)
    }

    /// A 27- or 32-byte literal closed at `end` (`i` on its quote): an `Access-Control-Allow-Origin`
    /// or `-Credentials` header name followed by its value.
    mutating func corsHeaderLiteral(start: Int, end: Int) {
        let lowered = String(decoding: bytes[start..<end].map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }, as: UTF8.self)
        let isOrigin = lowered == "access-control-allow-origin"
        guard isOrigin || lowered == "access-control-allow-credentials" else { return }
        var k = end + 1
        let limit = min(bytes.count, k + 16)
        while k < limit, isSpace(bytes[k]) || bytes[k] == UInt8(ascii: "]") { k += 1 }
        guard k < limit, [UInt8(ascii: ","), UInt8(ascii: ":"), UInt8(ascii: "=")].contains(bytes[k]),
              byte(k + 1) != UInt8(ascii: "=") else { return }
        guard let read = corsWindow(from: k + 1, until: .line) ?? corsWindowUnclosed(from: k + 1) else { return }
        let value = CORSReader.valueExtent(read.tokens, from: 0)
        if !isOrigin {
            if value.count == 1, value.first?.text == "true" { corsSettings.headerCredentials = literalOpening }
            return
        }
        let tokens = Array(value)
        let reflects = tokens.contains { $0.kind == .string && ["origin", "http_origin"].contains($0.text.lowercased()) }
            || tokens.indices.contains { n in
                n >= 2 && tokens[n].kind == .identifier && tokens[n].text.lowercased() == "origin" && tokens[n - 1].text == "."
                    && tokens[n - 2].text.lowercased() == "headers"
            }
        let origins: CORSConfiguration.Origins
        if reflects {
            origins = .reflectAny
        } else if tokens.count == 1, tokens[0].kind == .string {
            origins = tokens[0].text == "*" ? .wildcard : .explicit
        } else {
            return
        }
        corsSettings.headerOrigins.append((literalOpening, origins))
    }

    /// A header value ended by the call's `)` (`setHeader(name, value)`): the `.line` window stops there unclosed.
    mutating func corsWindowUnclosed(from start: Int) -> (tokens: [CORSToken], next: Int)? {
        guard corsBudget > 0 else { return nil }
        let read = CORSReader.tokens(bytes, from: start, until: .closing, language: language, limit: corsBudget)
        corsBudget = max(0, corsBudget - max(1, read.next - start))
        return read.closed ? (read.tokens, read.next) : nil
    }

    /// Combines the file-level CORS facts: settings with the file's credentials setting, hand-set
    /// origin headers with a hand-set credentials header.
    mutating func finishCORS() {
        let settings = corsSettings
        for entry in settings.origins {
            addCORS(CORSConfiguration(framework: settings.framework, location: entry.location, origins: entry.origins,
                                      allowsCredentials: settings.credentials?.value ?? false,
                                      credentialsLocation: settings.credentials.flatMap { $0.value ? $0.location : nil }))
        }
        for entry in settings.headerOrigins {
            addCORS(CORSConfiguration(framework: "header", location: entry.location, origins: entry.origins,
                                      allowsCredentials: settings.headerCredentials != nil,
                                      credentialsLocation: settings.headerCredentials))
        }
    }
}
