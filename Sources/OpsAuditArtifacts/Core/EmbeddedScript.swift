import OpsAuditModel

/// Shell text embedded in a configuration file (a workflow `run:`, a Dockerfile `RUN`, a
/// GitLab `script:` line, a Procfile command), with where each of its lines sits in that file.
///
/// The YAML and Dockerfile parsers build these; the shell model (`ShellScript`) splits them
/// into commands once, for every rule, and passes the locations on.
public struct EmbeddedScript: Hashable, Sendable {
    public var text: String
    /// One location per line of `text` (split on `\n`), pointing into the enclosing file.
    public var lineLocations: [Location]

    public init(text: String, lineLocations: [Location]) {
        self.text = text
        let count = Self.lineCount(text)
        var locations = Array(lineLocations.prefix(count))
        let last = locations.last ?? lineLocations.last ?? Location(path: "", line: 1)
        while locations.count < count { locations.append(last) }
        self.lineLocations = locations
    }

    /// A script whose lines follow each other in the file from `start` (a YAML literal block
    /// `|`, whose first content line is the line after the indicator, or a one-line scalar).
    public init(text: String, firstLineAt start: Location) {
        let count = Self.lineCount(text)
        self.init(text: text, lineLocations: (0..<count).map { offset in
            Location(path: start.path, line: start.line + offset, column: offset == 0 ? start.column : nil)
        })
    }

    /// A script whose lines cannot be mapped one to one (folded or quoted multi-line
    /// scalars): every line cites the scalar's start.
    public init(text: String, allAt location: Location) {
        let count = Self.lineCount(text)
        self.init(text: text, lineLocations: Array(repeating: location, count: count))
    }

    /// Lines split on `\n` bytes: a `\r\n` pair is one `Character`, so splitting Characters
    /// would see a CRLF script as one line.
    static func lineCount(_ text: String) -> Int {
        text.utf8.reduce(1) { $1 == 0x0A ? $0 + 1 : $0 }
    }

    /// Where the script starts.
    public var location: Location { lineLocations.first ?? Location(path: "", line: 1) }
}
