import OpsAuditModel

extension ShellOptions {
    /// Jenkins `sh` steps run `sh -xe` unless the script starts with its own shebang.
    /// https://www.jenkins.io/doc/pipeline/steps/workflow-durable-task-step/#sh-shell-script
    public static let jenkins = ShellOptions(errexit: true, pipefail: false)
}

/// A Jenkinsfile (declarative `pipeline { }` or scripted `node { }`), read by a light scanner.
public struct Jenkinsfile: Artifact {
    public var path: String
    /// A `pipeline { }` block is present.
    public var isDeclarative: Bool
    /// `stage('name')` blocks in file order.
    public var stages: [JenkinsStage]
    /// Every `sh`/`bat`/`powershell`/`pwsh` step whose script is a literal string.
    public var shellSteps: [JenkinsShellStep]
    /// `timeout(...)` options and wrappers, arguments as written.
    public var timeouts: [Located<String>]
    /// `post { failure { } }`-style conditions (`always`, `failure`, `success`, `cleanup`…).
    public var postConditions: [Located<String>]
    /// `cron('...')` triggers.
    public var schedules: [Located<String>]
}

/// A `stage('name') { }` block.
public struct JenkinsStage: Sendable {
    public var name: Located<String>
    /// Where its `when { }` is, if it has one.
    public var when: Location?
}

/// A shell step with its script.
public struct JenkinsShellStep: Sendable {
    /// `sh`, `bat`, `powershell` or `pwsh`, at the step.
    public var kind: Located<String>
    public var script: EmbeddedScript
    public var commands: [ShellCommand]
    /// The enclosing stage's name.
    public var stage: String?
    /// The enclosing `post` condition (`failure`, `always`…), when the step runs in one.
    public var postCondition: String?
    /// `returnStatus: true`: the exit status is returned to Groovy instead of failing the build.
    public var returnStatus: Location?
    /// An enclosing `catchError(buildResult: 'SUCCESS')`.
    public var catchErrorSuccess: Location?
    /// An enclosing `try { }` whose `catch` neither rethrows nor marks the build failed.
    public var swallowingTry: Location?
}

/// Scans Jenkinsfiles without evaluating Groovy.
///
/// Limits: only literal scripts are read (a variable or method result passed to `sh` is
/// skipped; a GString keeps its `${…}` as written); shared-library steps, `load`ed files and
/// methods defined with `def` and called later are not followed; slashy (`/…/`) and
/// dollar-slashy strings are read as code, so braces inside them can confuse nesting; `catch`
/// bodies are judged by the words they contain (`throw`, `error`, `currentBuild.result`,
/// `unstable`).
public enum JenkinsfileParser {
    static let shellSteps: Set<String> = ["sh", "bat", "powershell", "pwsh"]

    public static func parse(_ file: TextFile) -> ParseResult {
        var lexer = GroovyLexer(path: file.path, text: file.text)
        lexer.run()
        var walker = Walker(tokens: lexer.tokens, path: file.path)
        walker.run()
        var diagnostics = lexer.diagnostics
        if walker.hitDepthLimit {
            diagnostics.append(Diagnostic(.limit, "Jenkinsfile nested deeper than \(Walker.maximumDepth) blocks; deeper blocks not tracked",
                                          at: Location(path: file.path, line: 1)))
        }
        if walker.unbalanced {
            diagnostics.append(Diagnostic(.parse, "unbalanced braces in Jenkinsfile; nesting may be misread",
                                          at: Location(path: file.path, line: 1)))
        }
        let jenkinsfile = Jenkinsfile(
            path: file.path, isDeclarative: walker.isDeclarative, stages: walker.stages, shellSteps: walker.steps,
            timeouts: walker.timeouts, postConditions: walker.postConditions, schedules: walker.schedules)
        return ParseResult(jenkinsfile, diagnostics: diagnostics)
    }
}

/// A Groovy token: what the scanner needs and no more.
struct GroovyToken {
    enum Kind: Equatable {
        case identifier(String)
        /// A string literal's decoded text and whether it was triple-quoted.
        case string(String, triple: Bool)
        case punct(Unicode.Scalar)
    }

    var kind: Kind
    var location: Location
    /// For strings: where the content starts (after the quotes).
    var contentStart: Location
    /// The line the token ends on (a triple-quoted string spans several).
    var endLine: Int

    var identifier: String? { if case let .identifier(name) = kind { name } else { nil } }
    var string: String? { if case let .string(text, _) = kind { text } else { nil } }
    func isPunct(_ c: Unicode.Scalar) -> Bool { kind == .punct(c) }
}

/// Cuts Groovy text into identifiers, string literals and punctuation, skipping comments.
struct GroovyLexer {
    let path: String
    let chars: [Unicode.Scalar]
    var pos = 0
    var line = 1
    var column = 1
    var tokens: [GroovyToken] = []
    var diagnostics: [Diagnostic] = []

    init(path: String, text: String) {
        self.path = path
        chars = Array(text.unicodeScalars.filter { $0 != "\r" })
    }

    var here: Location { Location(path: path, line: line, column: column) }
    func peek(_ offset: Int = 0) -> Unicode.Scalar? { pos + offset < chars.count ? chars[pos + offset] : nil }

    mutating func advance() {
        if chars[pos] == "\n" {
            line += 1
            column = 1
        } else {
            column += 1
        }
        pos += 1
    }

    /// Identifiers and numbers alike: both are words to the scanner.
    static func isIdentifierStart(_ c: Unicode.Scalar) -> Bool {
        c == "_" || c == "$" || (c >= "a" && c <= "z") || (c >= "A" && c <= "Z") || (c >= "0" && c <= "9")
    }

    mutating func run() {
        while pos < chars.count {
            let c = chars[pos]
            if c == " " || c == "\t" || c == "\n" || c == "\u{FEFF}" {
                advance()
            } else if c == "/", peek(1) == "/" {
                while let next = peek(), next != "\n" { _ = next; advance() }
            } else if c == "/", peek(1) == "*" {
                let start = here
                advance(); advance()
                while pos < chars.count, !(chars[pos] == "*" && peek(1) == "/") { advance() }
                if pos >= chars.count {
                    diagnostics.append(Diagnostic(.parse, "unterminated /* comment in Jenkinsfile", at: start))
                } else {
                    advance(); advance()
                }
            } else if c == "'" || c == "\"" {
                string(quote: c)
            } else if Self.isIdentifierStart(c) {
                let start = here
                var name = ""
                while let next = peek(), Self.isIdentifierStart(next) {
                    name.unicodeScalars.append(next)
                    advance()
                }
                tokens.append(GroovyToken(kind: .identifier(name), location: start, contentStart: start, endLine: start.line))
            } else {
                tokens.append(GroovyToken(kind: .punct(c), location: here, contentStart: here, endLine: line))
                advance()
            }
        }
    }

    /// A '…', "…", '''…''' or """…""" literal. Escapes of quotes, `\` and `$` are decoded; others
    /// are kept as written (so lines still match the file). In "…" strings `${…}` is kept whole.
    mutating func string(quote: Unicode.Scalar) {
        let start = here
        let triple = peek(1) == quote && peek(2) == quote
        advance()
        if triple { advance(); advance() }
        let contentStart = here
        var text = ""
        var interpolation = 0
        while pos < chars.count {
            let c = chars[pos]
            if interpolation == 0 {
                if triple, c == quote, peek(1) == quote, peek(2) == quote {
                    advance(); advance(); advance()
                    tokens.append(GroovyToken(kind: .string(text, triple: true), location: start, contentStart: contentStart, endLine: line))
                    return
                }
                if !triple, c == quote {
                    advance()
                    tokens.append(GroovyToken(kind: .string(text, triple: false), location: start, contentStart: contentStart, endLine: line))
                    return
                }
                if !triple, c == "\n" { break }
            }
            if c == "\\", let next = peek(1) {
                if next == "\n" {
                    // A line continuation inside a triple-quoted string: no newline in the value.
                    advance(); advance()
                    continue
                }
                if next == "'" || next == "\"" || next == "\\" || next == "$" {
                    text.unicodeScalars.append(next)
                } else {
                    text.unicodeScalars.append(c)
                    text.unicodeScalars.append(next)
                }
                advance(); advance()
                continue
            }
            if quote == "\"", c == "$", peek(1) == "{" {
                interpolation += 1
                text.unicodeScalars.append(c)
                advance()
                text.unicodeScalars.append("{")
                advance()
                continue
            }
            if interpolation > 0 {
                if c == "{" { interpolation += 1 }
                if c == "}" { interpolation -= 1 }
            }
            text.unicodeScalars.append(c)
            advance()
        }
        diagnostics.append(Diagnostic(.parse, "unterminated string in Jenkinsfile", at: start))
        tokens.append(GroovyToken(kind: .string(text, triple: triple), location: start, contentStart: contentStart, endLine: line))
    }
}

/// Follows block nesting over the tokens and collects stages, steps and wrappers.
private struct Walker {
    let tokens: [GroovyToken]
    let path: String
    var stages: [JenkinsStage] = []
    var steps: [JenkinsShellStep] = []
    var timeouts: [Located<String>] = []
    var postConditions: [Located<String>] = []
    var schedules: [Located<String>] = []
    var isDeclarative = false
    var unbalanced = false

    /// An open `{ }`: the call it belongs to (`stage`, `try`, `catchError`…) and its arguments.
    struct Block {
        var name: String
        var location: Location
        var arguments: Range<Int>
        var stageIndex: Int?
        /// Steps emitted inside, for a `try` judged when its `catch` is seen.
        var stepIndices: [Int] = []
    }

    var stack: [Block] = []
    /// Blocks opened past `maximumDepth`: counted, not tracked.
    var untracked = 0
    var hitDepthLimit = false
    static let maximumDepth = 200
    /// For each bracket token, the index of its partner: the closer of an opener
    /// (`tokens.count` when unclosed), the opener of a closer (-1 when unopened). Computed once,
    /// so no lookup rescans the file (hostile files open thousands of brackets).
    let partner: [Int]

    init(tokens: [GroovyToken], path: String) {
        self.tokens = tokens
        self.path = path
        var partner = Array(repeating: tokens.count, count: tokens.count)
        var open: [Unicode.Scalar: [Int]] = ["(": [], "[": [], "{": []]
        let closers: [Unicode.Scalar: Unicode.Scalar] = [")": "(", "]": "[", "}": "{"]
        for (index, token) in tokens.enumerated() {
            guard case let .punct(c) = token.kind else { continue }
            if open[c] != nil {
                open[c]?.append(index)
            } else if let opener = closers[c] {
                if let start = open[opener]?.popLast() {
                    partner[start] = index
                    partner[index] = start
                } else {
                    partner[index] = -1
                }
            }
        }
        self.partner = partner
    }

    mutating func run() {
        var i = 0
        while i < tokens.count {
            let token = tokens[i]
            if token.isPunct("{") {
                open(at: i)
            } else if token.isPunct("}") {
                close(at: i)
            } else if let name = token.identifier {
                // `obj.sh(...)` is some other method; `steps.sh` (in shared libraries) is the step.
                let isMember = i > 1 && tokens[i - 1].isPunct(".") && tokens[i - 2].identifier != "steps"
                if JenkinsfileParser.shellSteps.contains(name), !isMember {
                    i = shellStep(at: i)
                    continue
                }
                if name == "timeout", i + 1 < tokens.count, tokens[i + 1].isPunct("(") {
                    let end = matching(from: i + 1)
                    timeouts.append(Located(text(i + 2..<end), at: token.location))
                }
                if name == "cron", i + 2 < tokens.count, tokens[i + 1].isPunct("("), let cron = tokens[i + 2].string {
                    schedules.append(Located(cron, at: tokens[i + 2].contentStart))
                }
            }
            i += 1
        }
        if !stack.isEmpty || untracked > 0 { unbalanced = true }
    }

    /// The index of the token closing the bracket opened at `start` (`tokens.count` when unclosed).
    func matching(from start: Int) -> Int {
        start < partner.count ? max(partner[start], start) : tokens.count
    }

    /// Tokens as text, for messages (`time: 30, unit: 'MINUTES'`).
    func text(_ range: Range<Int>) -> String {
        var result = ""
        for index in range.prefix(40) where index < tokens.count {
            let piece: String = switch tokens[index].kind {
            case let .identifier(name): name
            case let .string(value, _): "'\(value)'"
            case let .punct(c): String(c)
            }
            let tight = [",", ":", ")", "]", "."].contains(piece) || result.hasSuffix("(") || result.hasSuffix("[") || result.hasSuffix(".")
            if !result.isEmpty, !tight { result += " " }
            result += piece
        }
        return result
    }

    mutating func open(at i: Int) {
        guard stack.count < Self.maximumDepth else {
            untracked += 1
            hitDepthLimit = true
            return
        }
        var name = ""
        var arguments = i..<i
        if i > 0, let identifier = tokens[i - 1].identifier {
            name = identifier
        } else if i > 0, tokens[i - 1].isPunct(")") {
            // The identifier before the matching `(`.
            let j = partner[i - 1]
            if j > 0, let identifier = tokens[j - 1].identifier {
                name = identifier
                arguments = (j + 1)..<(i - 1)
            }
        }
        var block = Block(name: name, location: tokens[i - (i > 0 ? 1 : 0)].location, arguments: arguments)
        if name == "pipeline" { isDeclarative = true }
        if name == "stage", let titleIndex = arguments.first(where: { tokens[$0].string != nil }), let title = tokens[titleIndex].string {
            stages.append(JenkinsStage(name: Located(title, at: tokens[titleIndex].contentStart)))
            block.stageIndex = stages.count - 1
        }
        if name == "when", let stage = stack.last(where: { $0.stageIndex != nil })?.stageIndex, stages[stage].when == nil {
            stages[stage].when = tokens[i - 1].location
        }
        if stack.last?.name == "post", !name.isEmpty {
            postConditions.append(Located(name, at: tokens[i - 1].location))
        }
        // Arguments of `stage('x')`/`catchError(...)` are located from the call's name.
        if i > 0, !arguments.isEmpty, arguments.lowerBound >= 2 { block.location = tokens[arguments.lowerBound - 2].location }
        stack.append(block)
    }

    mutating func close(at i: Int) {
        if untracked > 0 {
            untracked -= 1
            return
        }
        guard let block = stack.popLast() else {
            unbalanced = true
            return
        }
        if block.name == "try" { judgeCatch(after: i, steps: block.stepIndices, at: block.location) }
    }

    /// A `catch` that swallows: no `throw`, `error`, `currentBuild.result` or `unstable` in its body.
    mutating func judgeCatch(after i: Int, steps indices: [Int], at location: Location) {
        guard i + 1 < tokens.count, tokens[i + 1].identifier == "catch" else { return }
        var j = i + 2
        if j < tokens.count, tokens[j].isPunct("(") { j = matching(from: j) + 1 }
        guard j < tokens.count, tokens[j].isPunct("{") else { return }
        let end = matching(from: j)
        let failsBuild = (j..<min(end, tokens.count)).contains { index in
            let name = tokens[index].identifier
            return name == "throw" || name == "error" || name == "currentBuild" || name == "unstable"
        }
        guard !failsBuild else { return }
        for index in indices where steps[index].swallowingTry == nil { steps[index].swallowingTry = location }
    }

    /// Reads `sh 'x'`, `sh """x"""`, `sh(script: 'x', returnStatus: true)`, `sh script: 'x', label: 'y'`.
    /// Returns the index after the step.
    mutating func shellStep(at i: Int) -> Int {
        let kind = tokens[i]
        var j = i + 1
        guard j < tokens.count else { return j }
        var arguments: Range<Int>
        if tokens[j].isPunct("(") {
            let end = matching(from: j)
            // A step's arguments are short; an unclosed `(` must not make every step read to the end.
            arguments = (j + 1)..<min(end, tokens.count, j + 1 + 256)
            j = min(end, tokens.count, j + 1 + 256)
        } else if tokens[j].string != nil || (tokens[j].identifier != nil && j + 1 < tokens.count && tokens[j + 1].isPunct(":")) {
            // Without parentheses the arguments run to the end of the line (or on after a comma).
            var end = j + 1
            while end < tokens.count {
                let previous = tokens[end - 1]
                let sameLine = tokens[end].location.line == previous.endLine
                if !(sameLine || previous.isPunct(",")) || tokens[end].isPunct("}") { break }
                end += 1
            }
            arguments = j..<end
            j = end
        } else {
            return j
        }
        // The script: `script:`'s value, else the first positional string.
        var scriptToken: GroovyToken?
        var returnStatus: Location?
        var depth = 0
        var index = arguments.lowerBound
        while index < arguments.upperBound {
            let token = tokens[index]
            if token.isPunct("(") || token.isPunct("[") { depth += 1 }
            if token.isPunct(")") || token.isPunct("]") { depth -= 1 }
            if depth == 0, let name = token.identifier, index + 2 < arguments.upperBound, tokens[index + 1].isPunct(":") {
                let value = tokens[index + 2]
                if name == "script", value.string != nil { scriptToken = value }
                if name == "returnStatus", value.identifier == "true" { returnStatus = token.location }
                index += 3
                continue
            }
            if depth == 0, scriptToken == nil, token.string != nil,
               index == arguments.lowerBound || tokens[index - 1].isPunct(",") {
                scriptToken = token
            }
            index += 1
        }
        guard let scriptToken, let text = scriptToken.string else { return j }
        let script = EmbeddedScript(text: text, firstLineAt: scriptToken.contentStart)
        let options: ShellOptions = kind.identifier == "sh" && !text.hasPrefix("#!") ? .jenkins : .posixSh
        var step = JenkinsShellStep(
            kind: Located(kind.identifier ?? "sh", at: kind.location), script: script,
            commands: ShellScript.commands(in: script, options: options),
            stage: stack.last(where: { $0.stageIndex != nil })?.stageIndex.map { stages[$0].name.value },
            postCondition: stack.count >= 2 ? stack.indices.dropFirst().last(where: { stack[$0 - 1].name == "post" }).map { stack[$0].name } : nil,
            returnStatus: returnStatus)
        if let catchError = stack.last(where: { $0.name == "catchError" }), isSuccess(catchError.arguments) {
            step.catchErrorSuccess = catchError.location
        }
        steps.append(step)
        for b in stack.indices where stack[b].name == "try" { stack[b].stepIndices.append(steps.count - 1) }
        return j
    }

    /// `buildResult: 'SUCCESS'` among a `catchError`'s arguments.
    func isSuccess(_ arguments: Range<Int>) -> Bool {
        arguments.contains { index in
            tokens[index].identifier == "buildResult" && index + 2 < tokens.count && tokens[index + 2].string == "SUCCESS"
        }
    }
}

extension RepoModel {
    /// Every scanned Jenkinsfile.
    public var jenkinsfiles: [Jenkinsfile] { artifacts(Jenkinsfile.self) }

    var jenkinsCommands: [CICommand] {
        jenkinsfiles.flatMap { file in
            file.shellSteps.flatMap { step in
                step.commands.map { command in
                    CICommand(system: .jenkins, command: command, path: file.path, job: step.stage ?? "(pipeline)",
                              step: step.postCondition.map { "post \($0)" } ?? step.kind.value,
                              neutralizer: Self.neutralizer(command: command, step: step),
                              isScheduled: false, checksChanges: true)
                }
            }
        }
    }

    /// The command's own neutralizer, then the step's (`returnStatus`), then enclosing blocks.
    static func neutralizer(command: ShellCommand, step: JenkinsShellStep) -> Neutralizer? {
        if let how = command.swallowedBy {
            return Neutralizer(how: "`\(how)`", location: command.swallowedAt ?? command.location)
        }
        if let at = step.returnStatus {
            return Neutralizer(how: "`returnStatus: true` (the status goes to Groovy, not the build)", location: at)
        }
        if let at = step.catchErrorSuccess {
            return Neutralizer(how: "`catchError(buildResult: 'SUCCESS')`", location: at)
        }
        if let at = step.swallowingTry {
            return Neutralizer(how: "`try`/`catch` that neither rethrows nor fails the build", location: at)
        }
        return nil
    }
}
