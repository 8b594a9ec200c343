import ArgumentParser
import Foundation
import OpsAuditKit
import OpsAuditModel

/// `opsaudit init [--ci github|gitlab]`: writes a commented `.opsaudit.yml` and, on request, a CI job.
struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Write a commented .opsaudit.yml (gate at today's score) and optionally a CI workflow.")

    enum CI: String, ExpressibleByArgument, CaseIterable {
        case github, gitlab
    }

    @Argument(help: "The repository to set up.")
    var path: String = "."

    @Option(name: .long, help: "Also write a CI job: github (.github/workflows/opsaudit.yml) or gitlab (.gitlab/opsaudit.gitlab-ci.yml).")
    var ci: CI?

    @Option(name: .long, help: "The opsaudit GitHub Action to use (owner/repo@ref).")
    var action: String = InitTemplates.Origin().action

    @Option(name: .long, help: "Git URL of the opsaudit sources (GitLab job).")
    var source: String = InitTemplates.Origin().repository

    @Option(name: .long, help: "Git tag or branch of the opsaudit sources (GitLab job).")
    var ref: String = InitTemplates.Origin().ref

    @Flag(name: .long, help: "Overwrite existing files.")
    var force = false

    func run() throws {
        var options = ScanOptions()
        options.targetPath = path
        options.timestamp = "1970-01-01T00:00:00Z"
        let report = try ScanRunner.scan(path: path, options: options, loaded: LoadedConfiguration.load(path: nil))
        let floor = report.summary.overallScore.map { ($0 * 10).rounded(.down) / 10 }
        var files = [(".opsaudit.yml", InitTemplates.configuration(failUnder: floor))]
        let origin = InitTemplates.Origin(action: action, repository: source, ref: ref)
        switch ci {
        case .github: files.append((".github/workflows/opsaudit.yml", InitTemplates.githubWorkflow(origin)))
        case .gitlab: files.append((".gitlab/opsaudit.gitlab-ci.yml", InitTemplates.gitlabJob(origin)))
        case nil: break
        }
        let fm = FileManager.default
        for (name, _) in files where !force && fm.fileExists(atPath: (path as NSString).appendingPathComponent(name)) {
            throw usageFailure("`\(name)` exists; use --force to overwrite it")
        }
        for (name, text) in files {
            let target = (path as NSString).appendingPathComponent(name)
            do {
                try fm.createDirectory(atPath: (target as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
                try text.write(toFile: target, atomically: true, encoding: .utf8)
            } catch {
                throw usageFailure("cannot write `\(target)`: \(error.localizedDescription)")
            }
            print("wrote \(Terminal.sanitize(target))")
        }
        if ci == .gitlab { print("include it from .gitlab-ci.yml:\n  include:\n    - local: .gitlab/opsaudit.gitlab-ci.yml") }
    }
}
