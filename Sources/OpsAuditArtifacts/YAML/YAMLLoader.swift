import CYaml
import OpsAuditModel

/// Loads every document of a YAML file into `YAMLNode` trees, within depth and node budgets.
///
/// Composes from libyaml's events (the C parser Yams wraps) rather than `Yams.compose_all`,
/// because Yams' composer aborts the whole stream on a duplicate key and recurses once per
/// nesting level; here a duplicate keeps the last value with a diagnostic, nesting is walked
/// with an explicit stack, and alias expansions are counted without being copied.
public enum YAMLLoader {
    /// Deeper nodes are dropped (replaced by an empty scalar) with one `.limit` diagnostic.
    public static let maximumDepth = 64
    /// Nodes per file, counting every alias as the size of what it repeats ("billion laughs").
    public static let maximumNodes = 200_000

    /// Every document that could be composed, and the problems met. Documents before a syntax
    /// error are kept; the document holding it is dropped.
    public static func load(_ file: TextFile) -> (documents: [YAMLNode], diagnostics: [Diagnostic]) {
        var bytes = Array(file.text.utf8)
        if bytes.isEmpty { bytes = [0x0A] }
        return bytes.withUnsafeBufferPointer { buffer in
            var composer = Composer(file: file)
            composer.run(buffer)
            composer.finish()
            return (composer.documents, composer.diagnostics)
        }
    }
}

private struct Composer {
    let file: TextFile
    var path: String { file.path }
    var documents: [YAMLNode] = []
    var diagnostics: [Diagnostic] = []

    /// An open collection. Mutated in place on the stack so appends stay O(1).
    private struct Frame {
        var isMapping: Bool
        var items: [YAMLNode] = []
        var pairs: [YAMLPair] = []
        var pendingKey: YAMLNode?
        var keyIndex: [String: Int] = [:]
        var location: Location
        var anchor: String?
        var size = 1
    }

    private var stack: [Frame] = []
    private var anchors: [String: (node: YAMLNode, size: Int)] = [:]
    private var nodeCount = 0
    /// While > 0, events are inside a collection past the depth budget and are skipped.
    private var skipping = 0
    private var reportedDepth = false
    private var suppressedDiagnostics = 0

    init(file: TextFile) { self.file = file }

    private func location(_ mark: yaml_mark_t) -> Location {
        Location(path: path, line: Int(mark.line) + 1, column: Int(mark.column) + 1)
    }

    private static func string(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String? {
        guard let pointer else { return nil }
        return String(cString: pointer)
    }

    mutating func run(_ buffer: UnsafeBufferPointer<UInt8>) {
        var parser = yaml_parser_t()
        guard yaml_parser_initialize(&parser) == 1 else {
            diagnostics.append(Diagnostic(.parse, "YAML parser could not start", at: Location(path: path, line: 1)))
            return
        }
        defer { yaml_parser_delete(&parser) }
        yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING)
        yaml_parser_set_input_string(&parser, buffer.baseAddress, buffer.count)

        var event = yaml_event_t()
        while true {
            guard yaml_parser_parse(&parser, &event) == 1 else {
                reportSyntaxError(parser)
                return
            }
            defer { yaml_event_delete(&event) }
            let done = handle(&event)
            if done { return }
        }
    }

    private mutating func reportSyntaxError(_ parser: yaml_parser_t) {
        let problem = parser.problem.map { String(cString: $0) } ?? "malformed YAML"
        var message = "YAML syntax error: \(problem)"
        if let context = parser.context.map({ String(cString: $0) }) {
            message += " (\(context) at line \(parser.context_mark.line + 1))"
        }
        // Reader errors (control characters, bad encoding) carry a byte offset, not a mark.
        var at = parser.error == YAML_READER_ERROR
            ? file.location(atUTF8Offset: min(Int(parser.problem_offset), file.text.utf8.count))
            : location(parser.problem_mark)
        // At the end of a file without a final newline libyaml's mark is on the line after the
        // last one; point at the last line instead.
        if at.line > file.lineCount { at = Location(path: path, line: max(file.lineCount, 1)) }
        diagnostics.append(Diagnostic(.parse, message, at: at))
    }

    /// Records a per-node problem; past a cap (hostile files can hold thousands of duplicate
    /// keys) the rest are summarised in one diagnostic at the end. Problems that stop loading
    /// happen once and bypass the cap.
    private mutating func report(_ diagnostic: Diagnostic) {
        if diagnostics.count < Self.maximumDiagnostics {
            diagnostics.append(diagnostic)
        } else {
            suppressedDiagnostics += 1
        }
    }

    static let maximumDiagnostics = 20

    mutating func finish() {
        if suppressedDiagnostics > 0 {
            diagnostics.append(Diagnostic(.limit, "\(suppressedDiagnostics) more YAML problems not reported",
                                          at: Location(path: path, line: 1)))
        }
    }

    /// Applies YAML merge keys (`<<: *defaults`, `<<: [*a, *b]`), which compose files and GitLab
    /// CI rely on: merged entries take the place of `<<`, keys written in the mapping win, and
    /// earlier sources win over later ones. A quoted `"<<"` is an ordinary key.
    private mutating func resolvingMergeKeys(_ pairs: [YAMLPair]) -> [YAMLPair] {
        func isMerge(_ pair: YAMLPair) -> Bool { pair.key.scalarStyle == .plain && pair.key.string == "<<" }
        guard pairs.contains(where: isMerge) else { return pairs }
        var taken = Set(pairs.filter { !isMerge($0) }.compactMap(\.key.string))
        var result: [YAMLPair] = []
        for pair in pairs {
            guard isMerge(pair) else {
                result.append(pair)
                continue
            }
            let sources = pair.value.isSequence ? pair.value.items : [pair.value]
            for source in sources {
                guard source.isMapping else {
                    report(Diagnostic(.parse, "YAML merge key `<<` needs a mapping or a list of mappings",
                                      at: pair.key.location))
                    continue
                }
                for merged in source.pairs {
                    if let name = merged.key.string {
                        guard taken.insert(name).inserted else { continue }
                    }
                    result.append(merged)
                }
            }
        }
        return result
    }

    /// Returns true when loading must stop (end of stream or budget exhausted).
    private mutating func handle(_ event: inout yaml_event_t) -> Bool {
        switch event.type {
        case YAML_STREAM_END_EVENT:
            return true
        case YAML_DOCUMENT_START_EVENT:
            stack.removeAll()
            anchors.removeAll()
            skipping = 0
            return false
        case YAML_SEQUENCE_START_EVENT, YAML_MAPPING_START_EVENT:
            if skipping > 0 || stack.count >= YAMLLoader.maximumDepth {
                if skipping == 0 {
                    if !reportedDepth {
                        reportedDepth = true
                        diagnostics.append(Diagnostic(
                            .limit, "YAML nested deeper than \(YAMLLoader.maximumDepth) levels; deeper content ignored",
                            at: location(event.start_mark)))
                    }
                    // The skipped collection still occupies its slot, as an empty scalar.
                    if attach(YAMLNode(.scalar("", .plain), at: location(event.start_mark)), size: 1, anchor: nil) {
                        return true
                    }
                }
                skipping += 1
                return false
            }
            let here = location(event.start_mark)
            if event.type == YAML_SEQUENCE_START_EVENT {
                stack.append(Frame(isMapping: false, location: here, anchor: Self.string(event.data.sequence_start.anchor)))
            } else {
                stack.append(Frame(isMapping: true, location: here, anchor: Self.string(event.data.mapping_start.anchor)))
            }
            return false
        case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
            if skipping > 0 {
                skipping -= 1
                return false
            }
            guard var frame = stack.popLast() else { return false }
            guard frame.isMapping else {
                return attach(YAMLNode(.sequence(frame.items), at: frame.location), size: frame.size, anchor: frame.anchor)
            }
            if let key = frame.pendingKey {  // unreachable for well-formed event streams
                frame.pairs.append(YAMLPair(key: key, value: YAMLNode(.scalar("", .plain), at: key.location)))
            }
            let pairs = resolvingMergeKeys(frame.pairs)
            return attach(YAMLNode(.mapping(pairs), at: frame.location), size: frame.size, anchor: frame.anchor)
        case YAML_SCALAR_EVENT:
            if skipping > 0 { return false }
            let scalar = event.data.scalar
            let text = scalar.value.map {
                String(decoding: UnsafeBufferPointer(start: $0, count: scalar.length), as: UTF8.self)
            } ?? ""
            let style: YAMLNode.ScalarStyle = switch scalar.style {
            case YAML_SINGLE_QUOTED_SCALAR_STYLE: .singleQuoted
            case YAML_DOUBLE_QUOTED_SCALAR_STYLE: .doubleQuoted
            case YAML_LITERAL_SCALAR_STYLE: .literal
            case YAML_FOLDED_SCALAR_STYLE: .folded
            default: .plain
            }
            return attach(YAMLNode(.scalar(text, style), at: location(event.start_mark)), size: 1,
                          anchor: Self.string(scalar.anchor))
        case YAML_ALIAS_EVENT:
            if skipping > 0 { return false }
            let name = Self.string(event.data.alias.anchor) ?? ""
            guard let target = anchors[name] else {
                report(Diagnostic(.parse, "YAML alias `*\(name)` refers to no anchor",
                                              at: location(event.start_mark)))
                return attach(YAMLNode(.scalar("", .plain), at: location(event.start_mark)), size: 1, anchor: nil)
            }
            // Shares the anchored tree (copy-on-write): memory stays flat, the count does not.
            return attach(target.node, size: target.size, anchor: nil, isAlias: true)
        default:
            return false
        }
    }

    /// Adds a finished node to its parent (or ends the document). Returns true when the node
    /// budget is exhausted and loading must stop.
    private mutating func attach(_ node: YAMLNode, size: Int, anchor: String?, isAlias: Bool = false) -> Bool {
        nodeCount += isAlias ? size : 1
        if nodeCount > YAMLLoader.maximumNodes {
            diagnostics.append(Diagnostic(
                .limit, "YAML expands to more than \(YAMLLoader.maximumNodes) nodes (aliases counted); rest of the file ignored",
                at: node.location))
            return true
        }
        if let anchor { anchors[anchor] = (node, size) }
        let top = stack.count - 1
        guard top >= 0 else {
            documents.append(node)
            return false
        }
        stack[top].size += size
        guard stack[top].isMapping else {
            stack[top].items.append(node)
            return false
        }
        guard let key = stack[top].pendingKey else {
            stack[top].pendingKey = node
            return false
        }
        stack[top].pendingKey = nil
        let pair = YAMLPair(key: key, value: node)
        // Several `<<` keys in one mapping are each merged (Psych and GitLab accept them; the
        // files in the wild rely on it), not duplicates.
        let isMergeKey = key.scalarStyle == .plain && key.string == "<<"
        if !isMergeKey, let name = key.string, let previous = stack[top].keyIndex[name] {
            report(Diagnostic(
                .parse, "duplicate YAML key `\(name)` (first at line \(stack[top].pairs[previous].key.location.line)); the last one is used",
                at: key.location))
            stack[top].pairs[previous] = pair
        } else {
            if !isMergeKey, let name = key.string { stack[top].keyIndex[name] = stack[top].pairs.count }
            stack[top].pairs.append(pair)
        }
        return false
    }
}
