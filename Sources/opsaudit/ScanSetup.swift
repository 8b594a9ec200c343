import ArgumentParser
import Foundation
import OpsAuditKit
import OpsAuditModel

/// Options shared by the commands that read `.opsaudit.yml` (`scan`, `baseline write`, `config check`).
struct ConfigOptions: ParsableArguments {
    @Option(name: .long, help: "The configuration file (default: .opsaudit.yml in the scanned directory, when present).")
    var config: String?

    @Flag(name: .long, help: "Ignore .opsaudit.yml.")
    var noConfig = false

    /// The configuration file to read for a scan of `path`, or nil for none.
    func configPath(scanning path: String) -> String? {
        if noConfig { return nil }
        if let config { return config }
        let candidate = path == "." || path == "./" ? ".opsaudit.yml" : (path as NSString).appendingPathComponent(".opsaudit.yml")
        return FileManager.default.fileExists(atPath: candidate) ? candidate : nil
    }

    /// Loads the configuration; any problem is printed as `file:line: message` and exits 2.
    func load(scanning path: String) throws -> LoadedConfiguration {
        let configPath = configPath(scanning: path)
        if let config, !noConfig, !FileManager.default.fileExists(atPath: config) {
            throw usageFailure("no configuration file `\(config)`")
        }
        // The default file sits at the repository root: cite it as `.opsaudit.yml`, like any repository file.
        let display = config == nil && configPath != nil ? ".opsaudit.yml" : configPath
        let loaded = LoadedConfiguration.load(path: configPath, displayPath: display)
        if !loaded.problems.isEmpty {
            for problem in loaded.problems { FileHandle.standardError.write(Data((ConfigOptions.describe(problem, file: configPath) + "\n").utf8)) }
            throw usageFailure("\(loaded.problems.count) configuration problem\(loaded.problems.count == 1 ? "" : "s") in `\(display ?? "")`")
        }
        return loaded
    }

    /// `file:line:column: message`, the form editors and CI logs link.
    static func describe(_ problem: Diagnostic, file: String?) -> String {
        let place = problem.location.map { "\($0.path):\($0.line)" + ($0.column.map { ":\($0)" } ?? "") } ?? (file ?? "configuration")
        return "\(Terminal.sanitize(place)): error: \(Terminal.sanitize(problem.message))"
    }
}

/// Builds scan options from the command line and the configuration, and runs the scan.
enum ScanRunner {
    static func scan(path: String, options base: ScanOptions, loaded: LoadedConfiguration) throws -> Report {
        let options = loaded.apply(to: base)
        let source = WorkingDirectorySource(root: path, limits: options.limits)
        do {
            return try Scanner().scan(source, options: options).report
        } catch {
            throw usageFailure("cannot scan `\(path)`: \(error)")
        }
    }

    /// Reads a baseline file; a missing or malformed one exits 2.
    static func baseline(at file: String, displayPath: String) throws -> Baseline {
        guard let data = FileManager.default.contents(atPath: file) else {
            throw usageFailure("cannot read the baseline `\(displayPath)`; write one with `opsaudit baseline write`")
        }
        do {
            return try Baseline.parse(String(decoding: data, as: UTF8.self), path: displayPath)
        } catch {
            throw usageFailure(error.description)
        }
    }
}
