/// Whether the process a container starts receives `SIGTERM`: shared by CTR-007 (the image
/// side) and RES-001 (the handler in code is useless if the signal never arrives).
public enum SignalForwarding {
    /// Inits that forward signals to their child.
    public static let inits: Set<String> = ["tini", "tini-static", "dumb-init", "catatonit"]
    public static let shells: Set<String> = ["sh", "bash", "ash", "dash", "zsh"]
    public static let packageRunners: Set<String> = ["npm", "yarn", "pnpm"]

    /// Why the exec-form command keeps `SIGTERM` from the app, or nil.
    public static func problem(_ argv: [String]) -> String? {
        guard let first = argv.first.map(basename) else { return nil }
        if inits.contains(first) { return nil }
        if shells.contains(first), let c = argv.firstIndex(of: "-c"), c + 1 < argv.count {
            let script = argv[c + 1]
            let lastCommand = script.split(whereSeparator: { $0 == ";" || $0 == "&" || $0 == "\n" }).last.map(String.init) ?? script
            if startsWithExec(lastCommand) { return nil }
            return "runs the app under `\(first) -c` without `exec`, so the shell is PID 1 and the app never receives `SIGTERM`"
        }
        for (index, word) in argv.enumerated() where packageRunners.contains(basename(word)) {
            let next = argv.dropFirst(index + 1).first { !$0.hasPrefix("-") }
            if let next, next == "start" || next == "run" || next == "run-script" {
                return "starts the app through `\(basename(word)) \(next)`, which does not reliably forward `SIGTERM` to the app, so stops wait for the kill timeout and drop in-flight requests"
            }
        }
        return nil
    }

    public static func startsWithExec(_ text: String) -> Bool {
        let trimmed = text.drop { $0 == " " || $0 == "\t" }
        return trimmed.hasPrefix("exec ") || trimmed.hasPrefix("exec\t")
    }

    public static func basename(_ word: String) -> String {
        word.split(separator: "/").last.map(String.init) ?? word
    }
}
