import Foundation
import OpsAuditModel

/// Reads `${{ … }}` expressions in workflow text and says which context values in them an
/// outsider controls (issue and PR titles and bodies, comments, branch names, labels, commit
/// messages, author names and emails). Numbers, ids and SHAs are not attacker-controlled.
public enum WorkflowExpressions {
    /// Context paths inside `${{ … }}` in `text`, lowercased, `[0]`/`[*]` written `.*`
    /// (`github.event.commits[0].message` → `github.event.commits.*.message`), in order.
    public static func contextPaths(in text: String) -> [String] {
        var paths: [String] = []
        let scalars = Array(text.unicodeScalars)
        var index = 0
        while index + 2 < scalars.count {
            guard scalars[index] == "$", scalars[index + 1] == "{", scalars[index + 2] == "{" else { index += 1; continue }
            var end = index + 3
            while end + 1 < scalars.count, !(scalars[end] == "}" && scalars[end + 1] == "}") { end += 1 }
            // Unterminated: the expression runs to the end of the text.
            if end + 1 >= scalars.count { end = scalars.count }
            paths += tokens(scalars[(index + 3)..<end])
            index = end + 2
        }
        return paths
    }

    /// Dotted identifiers of one expression body; `['key']` and `[n]` indexes become segments.
    static func tokens(_ body: ArraySlice<Unicode.Scalar>) -> [String] {
        var result: [String] = []
        var token = ""
        var index = body.startIndex
        func isIdentifier(_ c: Unicode.Scalar) -> Bool {
            ("a"..."z").contains(c) || ("A"..."Z").contains(c) || ("0"..."9").contains(c) || c == "_" || c == "-" || c == "." || c == "*"
        }
        func flush() {
            if let first = token.unicodeScalars.first, ("a"..."z").contains(first) || ("A"..."Z").contains(first) {
                result.append(token.lowercased())
            }
            token = ""
        }
        while index < body.endIndex {
            let c = body[index]
            if isIdentifier(c) {
                token.unicodeScalars.append(c)
            } else if c == "[", !token.isEmpty {
                var close = index + 1
                while close < body.endIndex, body[close] != "]" { close += 1 }
                let inner = String(String.UnicodeScalarView(body[(index + 1)..<min(close, body.endIndex)]))
                let key = inner.trimmingCharacters(in: ["'", "\"", " "])
                let isIndex = key == "*" || (!key.isEmpty && key.unicodeScalars.allSatisfy { ("0"..."9").contains($0) })
                token += "." + (isIndex ? "*" : key)
                index = close
            } else {
                flush()
            }
            index += 1
        }
        flush()
        return result
    }

    /// Whether a context path (as `contextPaths` returns it) carries text an outsider writes.
    public static func isAttackerControlled(_ path: String) -> Bool {
        if path == "github.head_ref" { return true }
        let segments = path.split(separator: ".").map(String.init)
        guard segments.count >= 2, segments[0] == "github", segments[1] == "event" else { return false }
        // The whole event or one of its objects serialises every field, titles and bodies included.
        guard let last = segments.last, segments.count > 2 else { return true }
        let previous = segments.count > 1 ? segments[segments.count - 2] : ""
        if ["issue", "pull_request", "comment", "review", "review_comment", "head_commit", "commits", "discussion",
            "workflow_run", "pages"].contains(last) { return true }
        if ["title", "body", "message", "head_ref", "head_branch", "default_branch", "page_name"].contains(last) { return true }
        if last == "ref" || last == "label", previous == "head" { return true }
        if last == "name" || last == "email" {
            return segments.contains { ["author", "committer", "label", "labels"].contains($0) }
        }
        return false
    }

    /// The attacker-controlled context paths interpolated in `text`.
    public static func attackerControlled(in text: String) -> [String] {
        contextPaths(in: text).filter(isAttackerControlled)
    }
}

extension EmbeddedScript {
    /// Attacker-controlled `${{ … }}` values in the script, with the line each is on.
    public var attackerControlledExpressions: [Located<String>] {
        var result: [Located<String>] = []
        for (offset, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let location = offset < lineLocations.count ? lineLocations[offset] : location
            result += WorkflowExpressions.attackerControlled(in: String(line)).map { Located($0, at: location) }
        }
        return result
    }
}
