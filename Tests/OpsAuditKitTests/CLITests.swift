import Foundation
import OpsAuditKit
import OpsAuditModel
import OpsAuditTestSupport
import Testing

/// The built `opsaudit` binary, end to end: issue 2's "Done when", exit codes, output files,
/// determinism, the rules commands and colour.
@Suite("CLI")
struct CLITests {
    /// Issue 2's repository: one problem per rule family, each on a known line.
    static let doneWhenFiles: [String: String] = [
        ".github/workflows/ci.yml": """
        on: push
        jobs:
          test:
            runs-on: ubuntu-latest
            steps:
              - uses: actions/checkout@v4
              - run: npm test || true

        """,
        "Dockerfile": """
        FROM node:20-slim
        WORKDIR /app
        COPY . .
        CMD ["node", "server.js"]

        """,
        "fly.toml": """
        app = "demo"
        primary_region = "ams"

        [http_service]
          internal_port = 8080

        [[vm]]
          memory = "256mb"

        """,
        ".env.production": "DATABASE_URL=postgres://app:hunter2@db.internal/app\n",
        "package.json": #"{"name": "demo", "scripts": {"test": "node --test"}}"# + "\n",
    ]
    static let timestamp = "2026-01-31T12:00:00Z"

    private func doneWhenRepository() throws -> TemporaryRepository {
        let repo = try TemporaryRepository()
        try repo.write(Self.doneWhenFiles)
        try repo.commitAll()
        return repo
    }

    /// `RULE path:line` of every finding in a JSON report.
    private func findings(_ json: String) throws -> [String] {
        let report = try JSONDocument.parse(json)
        guard case .array(let rules)? = report["rules"] else { return [] }
        var result: [String] = []
        for rule in rules {
            guard case .string(let id)? = rule["id"], case .array(let findings)? = rule["findings"] else { continue }
            for finding in findings {
                if case .string(let path)? = finding["location"]?["path"], case .number(let line)? = finding["location"]?["line"] {
                    result.append("\(id) \(path):\(Int(line))")
                } else {
                    result.append("\(id) (repository)")
                }
            }
        }
        return result
    }

    @Test func issueTwoRepositoryReportsTheFourProblemsAtTheirLines() throws {
        let repo = try doneWhenRepository()
        defer { repo.remove() }
        let run = try CLIRunner.opsaudit(["scan", repo.root, "--format", "json", "--timestamp", Self.timestamp])
        try #require(run.status == 0, "\(run)")
        let found = try findings(run.out)
        for expected in ["CI-003 .github/workflows/ci.yml:7", "CTR-001 Dockerfile:1", "DEP-003 fly.toml:8",
                         "DEP-001 fly.toml:4", "SEC-002 .env.production:1"] {
            #expect(found.contains(expected), "missing \(expected) in \(found)")
        }
        // The committed secret is cited, never printed.
        #expect(!run.out.contains("hunter2"))
        let errors = try reportSchema().validate(JSONDocument.parse(run.out))
        #expect(errors == [], "schema: \(errors.prefix(10))")
    }

    @Test func gateFailsBelowTheThreshold() throws {
        let repo = try doneWhenRepository()
        defer { repo.remove() }
        let text = try CLIRunner.opsaudit(["scan", repo.root, "--fail-under", "8"])
        #expect(text.status == 1, "\(text)")
        let gateLine = text.out.split(separator: "\n").first { $0.hasPrefix("gate failed:") }
        #expect(gateLine?.contains("--fail-under 8") == true, "\(text)")
        #expect(text.err.isEmpty, "\(text)")

        let json = try CLIRunner.opsaudit(["scan", repo.root, "--fail-under", "8", "--format", "json"])
        #expect(json.status == 1, "\(json)")
        let report = try JSONDocument.parse(json.out)
        #expect(report["gate"]?["passed"] == .bool(false), "\(json.out.prefix(400))")

        let passing = try CLIRunner.opsaudit(["scan", repo.root, "--fail-under", "0"])
        #expect(passing.status == 0, "\(passing)")
    }

    /// nil when equal, else the first differing line of each.
    private func difference(_ a: CLIRunner.Result, _ b: CLIRunner.Result) -> String? {
        guard a.stdout != b.stdout else { return nil }
        let x = a.out.split(separator: "\n", omittingEmptySubsequences: false)
        let y = b.out.split(separator: "\n", omittingEmptySubsequences: false)
        let line = zip(x, y).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(x.count, y.count)
        return "line \(line + 1):\n  \(line < x.count ? x[line] : "<end>")\n  \(line < y.count ? y[line] : "<end>")"
    }

    @Test func sameScanGivesTheSameBytes() throws {
        // Two copies at different places, each scanned by a relative path (`app`) from its parent,
        // as a user would: no absolute path or time may leak into the output.
        let first = try doneWhenRepository(), second = try doneWhenRepository()
        defer { first.remove(); second.remove() }
        for format in ["json", "markdown", "sarif", "junit", "html", "text"] {
            let arguments = ["scan", "app", "-f", format, "--timestamp", Self.timestamp]
            let a = try CLIRunner.opsaudit(arguments, in: first.container)
            let b = try CLIRunner.opsaudit(arguments, in: first.container)
            let c = try CLIRunner.opsaudit(arguments, in: second.container)
            #expect(a.status == 0 && !a.stdout.isEmpty, "\(a)")
            #expect(difference(a, b) == nil, "\(format): two runs differ")
            #expect(difference(a, c) == nil, "\(format): two copies differ")
            #expect(!a.out.contains(first.container), "\(format): absolute path in the output")
        }
        // SOURCE_DATE_EPOCH=1769860800 is 2026-01-31T12:00:00Z.
        let epoch = ["SOURCE_DATE_EPOCH": "1769860800"]
        for format in ["json", "markdown"] {
            let a = try CLIRunner.opsaudit(["scan", "app", "-f", format], in: first.container, environment: epoch)
            let b = try CLIRunner.opsaudit(["scan", "app", "-f", format], in: second.container, environment: epoch)
            let fixed = try CLIRunner.opsaudit(["scan", "app", "-f", format, "--timestamp", Self.timestamp], in: first.container)
            #expect(difference(a, b) == nil, "\(format) with SOURCE_DATE_EPOCH differs between runs")
            #expect(difference(a, fixed) == nil, "\(format): SOURCE_DATE_EPOCH and --timestamp disagree")
        }
        let json = try CLIRunner.opsaudit(["scan", "app", "-f", "json"], in: first.container, environment: epoch)
        #expect(try JSONDocument.parse(json.out)["generated_at"] == .string(Self.timestamp))
    }

    @Test func severalFormatsGoToADirectory() throws {
        let repo = try doneWhenRepository()
        defer { repo.remove() }
        let out = repo.container + "/audit"
        let run = try CLIRunner.opsaudit(["scan", repo.root, "--format", "json,markdown", "-o", out, "--timestamp", Self.timestamp])
        #expect(run.status == 0, "\(run)")
        let json = try String(contentsOfFile: out + "/opsaudit-report.json", encoding: .utf8)
        let markdown = try String(contentsOfFile: out + "/opsaudit-report.md", encoding: .utf8)
        let files = try FileManager.default.contentsOfDirectory(atPath: out).sorted()
        #expect(files == ["opsaudit-report.json", "opsaudit-report.md"])
        // The files hold exactly what stdout would.
        let stdoutJSON = try CLIRunner.opsaudit(["scan", repo.root, "-f", "json", "--timestamp", Self.timestamp])
        let stdoutMarkdown = try CLIRunner.opsaudit(["scan", repo.root, "-f", "markdown", "--timestamp", Self.timestamp])
        #expect(json == stdoutJSON.out)
        #expect(markdown == stdoutMarkdown.out)
        #expect(markdown.contains(".github/workflows/ci.yml:7"))

        // Repeated --format works like a comma list.
        let repeated = repo.container + "/audit2"
        let again = try CLIRunner.opsaudit(["scan", repo.root, "-f", "json", "-f", "sarif", "-o", repeated])
        #expect(again.status == 0, "\(again)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: repeated).sorted() == ["opsaudit-report.json", "opsaudit.sarif"])
    }

    @Test func oneFormatGoesToTheNamedFile() throws {
        let repo = try doneWhenRepository()
        defer { repo.remove() }
        let file = repo.container + "/report.md"
        let run = try CLIRunner.opsaudit(["scan", repo.root, "-f", "markdown", "-o", file, "--quiet"])
        #expect(run.status == 0, "\(run)")
        #expect(run.stdout.isEmpty, "--quiet still printed: \(run)")
        let text = try String(contentsOfFile: file, encoding: .utf8)
        #expect(text.hasPrefix("#"), "\(text.prefix(200))")
        var isDirectory: ObjCBool = false
        #expect(FileManager.default.fileExists(atPath: file, isDirectory: &isDirectory) && !isDirectory.boolValue)
    }

    @Test func usageErrorsExitTwoWithAMessage() throws {
        let repo = try doneWhenRepository()
        defer { repo.remove() }
        let several = try CLIRunner.opsaudit(["scan", repo.root, "-f", "json,markdown"])
        #expect(several.status == 2 && several.err.contains("--output"), "\(several)")
        #expect(several.stdout.isEmpty, "\(several)")

        let unknown = try CLIRunner.opsaudit(["scan", repo.root, "-f", "yaml"])
        #expect(unknown.status == 2 && unknown.err.contains("yaml"), "\(unknown)")

        let missingPath = repo.container + "/does-not-exist"
        let missing = try CLIRunner.opsaudit(["scan", missingPath])
        #expect(missing.status == 2 && missing.err.contains(missingPath), "\(missing)")
        #expect(missing.stdout.isEmpty, "\(missing)")

        let notDirectory = try CLIRunner.opsaudit(["scan", repo.path("Dockerfile")])
        #expect(notDirectory.status == 2 && notDirectory.err.contains("Dockerfile"), "\(notDirectory)")

        for bad in ["11", "-1", "abc"] {
            let gate = try CLIRunner.opsaudit(["scan", repo.root, "--fail-under=\(bad)"])
            #expect(gate.status == 2 && gate.err.contains("fail-under"), "--fail-under \(bad): \(gate)")
        }
        let time = try CLIRunner.opsaudit(["scan", repo.root, "--timestamp", "yesterday"])
        #expect(time.status == 2 && time.err.contains("yesterday"), "\(time)")
        let epoch = try CLIRunner.opsaudit(["scan", repo.root], environment: ["SOURCE_DATE_EPOCH": "soon"])
        #expect(epoch.status == 2 && epoch.err.contains("SOURCE_DATE_EPOCH"), "\(epoch)")
        let option = try CLIRunner.opsaudit(["scan", repo.root, "--no-such-option"])
        #expect(option.status == 2 && !option.err.isEmpty, "\(option)")
        let command = try CLIRunner.opsaudit(["rules", "frobnicate"])
        #expect(command.status == 2 && !command.err.isEmpty, "\(command)")
    }

    // MARK: rules

    /// The catalog as the files under `rules/` say, decoded independently of the embedded copy.
    private func catalogOnDisk() throws -> [RuleMetadata] {
        let root = Corpus.packageRoot.appendingPathComponent("rules")
        let fm = FileManager.default
        var files: [(path: String, text: String)] = []
        for category in try fm.contentsOfDirectory(atPath: root.path).sorted() {
            let directory = root.appendingPathComponent(category)
            for name in try fm.contentsOfDirectory(atPath: directory.path).sorted() where name.hasSuffix(".yml") {
                files.append(("rules/\(category)/\(name)", try String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8)))
            }
        }
        let (catalog, problems) = Catalog.decode(files: files)
        try #require(problems.isEmpty, "\(problems)")
        try #require(catalog.rules.count == files.count && !files.isEmpty)
        return catalog.rules
    }

    @Test func rulesShowPrintsTheRuleAndItsExamples() throws {
        let rule = try #require(try catalogOnDisk().first { $0.id == "CI-003" })
        let run = try CLIRunner.opsaudit(["rules", "show", "CI-003"])
        #expect(run.status == 0, "\(run)")
        let flat = run.out.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        for text in [rule.title, rule.rationale, rule.remediation] {
            let words = text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
            #expect(flat.contains(words), "missing: \(words.prefix(80))")
        }
        for example in rule.examples.fail + rule.examples.pass {
            for (path, content) in example.files {
                #expect(run.out.contains(path))
                for line in content.split(separator: "\n") where !line.trimmingCharacters(in: .whitespaces).isEmpty {
                    #expect(run.out.contains(line.trimmingCharacters(in: .whitespaces)), "example line missing: \(line)")
                }
            }
            for expected in example.expect { #expect(run.out.contains(expected)) }
        }
        // By name, and case-insensitively, too.
        let byName = try CLIRunner.opsaudit(["rules", "show", "tests-must-block"])
        #expect(byName.status == 0 && difference(byName, run) == nil, "\(byName)")
        let lower = try CLIRunner.opsaudit(["rules", "show", "ci-003"])
        #expect(lower.status == 0 && difference(lower, run) == nil, "\(lower)")
    }

    @Test func rulesShowSuggestsANearRule() throws {
        let typo = try CLIRunner.opsaudit(["rules", "show", "tests-must-blok"])
        #expect(typo.status == 2 && typo.err.contains("did you mean CI-003 (tests-must-block)?"), "\(typo)")
        #expect(typo.stdout.isEmpty)
        let id = try CLIRunner.opsaudit(["rules", "show", "CI-03"])
        #expect(id.status == 2 && id.err.contains("did you mean CI-003 (tests-must-block)?"), "\(id)")
        let part = try CLIRunner.opsaudit(["rules", "show", "non-root"])
        #expect(part.status == 2 && part.err.contains("did you mean CTR-001 (non-root-user)?"), "\(part)")
        let partial = try CLIRunner.opsaudit(["rules", "show", "ci-00"])
        #expect(partial.status == 2, "\(partial)")
        // Equally near CI-001 and CI-003: either is a fair suggestion.
        #expect(partial.err.contains("did you mean CI-00"), "\(partial)")
        let nothingNear = try CLIRunner.opsaudit(["rules", "show", "ZZZZ-999-completely-unrelated"])
        #expect(nothingNear.status == 2 && nothingNear.err.contains("rules list"), "\(nothingNear)")
    }

    @Test func rulesListListsEveryRuleOfTheCatalog() throws {
        let rules = try catalogOnDisk()
        let run = try CLIRunner.opsaudit(["rules", "list"])
        #expect(run.status == 0, "\(run)")
        let lines = run.out.split(separator: "\n")
        for rule in rules {
            let line = lines.first { $0.contains(rule.id.rawValue) }
            #expect(line?.contains(rule.name) == true, "\(rule.id) missing or without its name")
            #expect(line?.contains(" \(rule.category.rawValue) ") == true && line?.contains(" L\(rule.level) ") == true
                    && line?.contains(rule.severity.rawValue) == true, "\(rule.id) without its category, severity or level")
        }
        let ids = lines.compactMap { $0.split(separator: " ").first }.filter { $0.contains("-") && $0.first!.isUppercase }
        #expect(ids.count == rules.count, "listed \(ids.count) IDs, rules/ has \(rules.count)")
        let ci = try CLIRunner.opsaudit(["rules", "list", "--category", "ci"])
        #expect(ci.status == 0 && ci.out.contains("CI-003") && !ci.out.contains("SEC-001"), "\(ci)")
    }

    @Test func versionPrintsTheVersion() throws {
        let run = try CLIRunner.opsaudit(["--version"])
        #expect(run.status == 0, "\(run)")
        #expect(run.out.hasPrefix("opsaudit \(OpsAudit.version)"), "\(run)")
    }

    // MARK: colour

    @Test func noEscapeBytesWhenPipedOrWithNoColor() throws {
        let repo = try doneWhenRepository()
        defer { repo.remove() }
        let piped = try CLIRunner.opsaudit(["scan", repo.root])
        #expect(piped.status == 0 && !piped.stdout.contains(0x1B), "\(piped)")
        let noColor = try CLIRunner.opsaudit(["scan", repo.root], environment: ["NO_COLOR": "1"])
        #expect(noColor.status == 0 && !noColor.stdout.contains(0x1B))
        let help = try CLIRunner.opsaudit(["rules", "show", "CI-003"], environment: ["NO_COLOR": "1"])
        #expect(!help.stdout.contains(0x1B))

        // On a terminal (script(1) gives one) colour is on, and NO_COLOR still turns it off.
        let script = URL(fileURLWithPath: "/usr/bin/script")
        guard FileManager.default.isExecutableFile(atPath: script.path) else { return }
        let command = "\(try CLIRunner.binary().path) scan \(repo.root)"
        let tty = try CLIRunner.run(script, ["-qec", command, "/dev/null"], environment: CLIRunner.cleanEnvironment(["TERM": "xterm"]))
        #expect(tty.stdout.contains(0x1B), "no colour on a terminal: \(tty)")
        let ttyNoColor = try CLIRunner.run(script, ["-qec", command, "/dev/null"],
                                           environment: CLIRunner.cleanEnvironment(["TERM": "xterm", "NO_COLOR": "1"]))
        #expect(!ttyNoColor.stdout.contains(0x1B) && ttyNoColor.out.contains("overall"), "\(ttyNoColor)")
    }

    // MARK: the sample repository

    @Test func sampleRepositoryJSONValidatesAgainstTheSchema() throws {
        let repo = try TemporaryRepository(name: "sample-app")
        defer { repo.remove() }
        let fixture = Corpus.packageRoot.appendingPathComponent("Tests/Fixtures/sample-app").path
        try FileManager.default.removeItem(atPath: repo.root)
        try FileManager.default.copyItem(atPath: fixture, toPath: repo.root)
        let run = try CLIRunner.opsaudit(["scan", repo.root, "-f", "json", "--timestamp", Self.timestamp])
        #expect(run.status == 0, "\(run)")
        let errors = try reportSchema().validate(JSONDocument.parse(run.out))
        #expect(errors == [], "schema: \(errors.prefix(10))")
    }

    private func reportSchema() throws -> SchemaValidator {
        let path = Corpus.packageRoot.appendingPathComponent("reports/schema/report.schema.json").path
        return SchemaValidator(root: try JSONDocument.parse(String(contentsOfFile: path, encoding: .utf8)))
    }
}
