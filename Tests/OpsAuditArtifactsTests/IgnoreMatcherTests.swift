import Foundation
import Testing
@testable import OpsAuditArtifacts
import OpsAuditModel
import OpsAuditTestSupport

@Suite struct IgnoreMatcherTests {
    private func matcher(_ text: String, base: String = "") -> IgnoreMatcher {
        var matcher = IgnoreMatcher()
        matcher.add(patterns: text, baseDirectory: base, source: base.isEmpty ? ".gitignore" : base + "/.gitignore")
        return matcher
    }

    @Test func basenamePatternsMatchAtAnyDepth() {
        let m = matcher("*.log\nbuild\n")
        #expect(m.isIgnored("a.log", isDirectory: false))
        #expect(m.isIgnored("src/deep/a.log", isDirectory: false))
        #expect(!m.isIgnored("a.log.txt", isDirectory: false))
        #expect(m.isIgnored("build", isDirectory: true))
        #expect(m.isIgnored("x/build", isDirectory: false))
        #expect(m.isIgnored("build/out.js", isDirectory: false))
        #expect(!m.isIgnored("builder", isDirectory: false))
    }

    @Test func slashesAnchorToTheFileDirectory() {
        let m = matcher("/todo\ndoc/frotz\n")
        #expect(m.isIgnored("todo", isDirectory: false))
        #expect(!m.isIgnored("sub/todo", isDirectory: false))
        #expect(m.isIgnored("doc/frotz", isDirectory: false))
        #expect(!m.isIgnored("a/doc/frotz", isDirectory: false))
        // `*` does not cross `/`.
        let star = matcher("doc/*.txt\n")
        #expect(star.isIgnored("doc/a.txt", isDirectory: false))
        #expect(!star.isIgnored("doc/sub/a.txt", isDirectory: false))
    }

    @Test func trailingSlashMatchesDirectoriesOnly() {
        let m = matcher("cache/\n")
        #expect(m.isIgnored("cache", isDirectory: true))
        #expect(!m.isIgnored("cache", isDirectory: false))
        #expect(m.isIgnored("a/cache/file", isDirectory: false))
        let rule = m.match("a/cache/file", isDirectory: false)
        #expect(rule?.pattern.text == "cache/")
        #expect(rule?.pattern.directoryOnly == true)
        #expect(rule?.pattern.location == Location(path: ".gitignore", line: 1, column: 1))
    }

    @Test func commentsBlankLinesTrailingSpacesAndEscapes() {
        let m = matcher("# comment\n\n\\#hash\n\\!bang\ntrail   \nkeep\\ \n  lead\r\n")
        #expect(!m.isIgnored("# comment", isDirectory: false))
        #expect(m.isIgnored("#hash", isDirectory: false))
        #expect(m.isIgnored("!bang", isDirectory: false))
        #expect(m.isIgnored("trail", isDirectory: false))
        #expect(!m.isIgnored("trail ", isDirectory: false))
        #expect(m.isIgnored("keep ", isDirectory: false))
        #expect(!m.isIgnored("keep", isDirectory: false))
        #expect(m.isIgnored("  lead", isDirectory: false))
        #expect(!m.isIgnored("lead", isDirectory: false))
        let lines = m.match("  lead", isDirectory: false)?.pattern.location.line
        #expect(lines == 7)
    }

    @Test func negationAndLastMatchWins() {
        let m = matcher("*.env\n!example.env\n")
        #expect(m.isIgnored("prod.env", isDirectory: false))
        #expect(!m.isIgnored("example.env", isDirectory: false))
        let rule = m.match("example.env", isDirectory: false)
        #expect(rule?.pattern.negated == true)
        #expect(rule?.pattern.location.line == 2)
        let reversed = matcher("!example.env\n*.env\n")
        #expect(reversed.isIgnored("example.env", isDirectory: false))
    }

    @Test func cannotReincludeInsideExcludedDirectory() {
        let m = matcher("build/\n!build/keep.txt\n")
        #expect(m.isIgnored("build/keep.txt", isDirectory: false))
        #expect(m.match("build/keep.txt", isDirectory: false)?.pattern.text == "build/")
        // Excluding the content instead of the directory lets a negation work.
        let content = matcher("build/*\n!build/keep.txt\n")
        #expect(!content.isIgnored("build/keep.txt", isDirectory: false))
        #expect(content.isIgnored("build/other.txt", isDirectory: false))
        // The documented recipe: everything but foo/bar.
        let recipe = matcher("/*\n!/foo\n/foo/*\n!/foo/bar\n")
        #expect(!recipe.isIgnored("foo/bar", isDirectory: true))
        #expect(!recipe.isIgnored("foo/bar/x", isDirectory: false))
        #expect(recipe.isIgnored("foo/baz", isDirectory: false))
        #expect(recipe.isIgnored("other", isDirectory: false))
    }

    @Test func doubleStar() {
        let leading = matcher("**/foo\n**/logs/debug.log\n")
        #expect(leading.isIgnored("foo", isDirectory: false))
        #expect(leading.isIgnored("a/b/foo", isDirectory: false))
        #expect(!leading.isIgnored("afoo", isDirectory: false))
        #expect(leading.isIgnored("logs/debug.log", isDirectory: false))
        #expect(leading.isIgnored("x/logs/debug.log", isDirectory: false))
        let trailing = matcher("abc/**\n")
        #expect(trailing.isIgnored("abc/x", isDirectory: false))
        #expect(trailing.isIgnored("abc/x/y", isDirectory: false))
        #expect(!trailing.isIgnored("abc", isDirectory: true))
        let middle = matcher("a/**/b\n")
        #expect(middle.isIgnored("a/b", isDirectory: false))
        #expect(middle.isIgnored("a/x/b", isDirectory: false))
        #expect(middle.isIgnored("a/x/y/b", isDirectory: false))
        #expect(!middle.isIgnored("a/xb", isDirectory: false))
        #expect(!middle.isIgnored("ab", isDirectory: false))
        // `**` not between slashes is an ordinary `*`.
        let plain = matcher("a**b\n")
        #expect(plain.isIgnored("axxb", isDirectory: false))
        #expect(!matcher("x/a**b\n").isIgnored("x/a/c/b", isDirectory: false))
    }

    @Test func questionMarkAndClasses() {
        let m = matcher("file?.txt\n[abc].md\n[!0-9]x\n[^a]y\n[]]z\n[a-]w\n[[:digit:]]d\n")
        #expect(m.isIgnored("file1.txt", isDirectory: false))
        #expect(!m.isIgnored("file.txt", isDirectory: false))
        #expect(!m.isIgnored("file12.txt", isDirectory: false))
        #expect(m.isIgnored("b.md", isDirectory: false))
        #expect(!m.isIgnored("d.md", isDirectory: false))
        #expect(m.isIgnored("ax", isDirectory: false))
        #expect(!m.isIgnored("5x", isDirectory: false))
        #expect(m.isIgnored("by", isDirectory: false))
        #expect(!m.isIgnored("ay", isDirectory: false))
        #expect(m.isIgnored("]z", isDirectory: false))
        #expect(m.isIgnored("-w", isDirectory: false))
        #expect(m.isIgnored("aw", isDirectory: false))
        #expect(m.isIgnored("7d", isDirectory: false))
        #expect(!m.isIgnored("xd", isDirectory: false))
        // `?` and classes never match `/`.
        #expect(!matcher("a?b\n").isIgnored("x/a/b", isDirectory: false))
        #expect(!matcher("x/a[!z]b\n").isIgnored("x/a/b", isDirectory: false))
    }

    @Test func malformedPatternsNeverMatch() {
        let m = matcher("[abc\nfoo\\\n")
        #expect(!m.isIgnored("[abc", isDirectory: false))
        #expect(!m.isIgnored("a", isDirectory: false))
        #expect(!m.isIgnored("foo", isDirectory: false))
        let parsed = IgnoreFile.parse(TextFile(path: ".gitignore", text: "ok\n[abc\n"), kind: .gitignore)
        #expect(parsed.diagnostics.map(\.location) == [Location(path: ".gitignore", line: 2, column: 1)])
    }

    @Test func nestedFilesAreRelativeToTheirDirectoryAndOverrideParents() {
        var m = IgnoreMatcher()
        m.add(patterns: "*.tmp\n/top.txt\n", baseDirectory: "", source: ".gitignore")
        m.add(patterns: "!keep.tmp\n/local.txt\n", baseDirectory: "sub", source: "sub/.gitignore")
        #expect(m.isIgnored("a.tmp", isDirectory: false))
        #expect(m.isIgnored("sub/a.tmp", isDirectory: false))
        #expect(!m.isIgnored("sub/keep.tmp", isDirectory: false))
        #expect(m.isIgnored("keep.tmp", isDirectory: false))
        #expect(m.isIgnored("sub/local.txt", isDirectory: false))
        #expect(!m.isIgnored("local.txt", isDirectory: false))
        #expect(!m.isIgnored("sub/deeper/local.txt", isDirectory: false))
        #expect(!m.isIgnored("sub/top.txt", isDirectory: false))
        #expect(m.match("sub/local.txt", isDirectory: false)?.baseDirectory == "sub")
        #expect(m.match("sub/local.txt", isDirectory: false)?.pattern.location.path == "sub/.gitignore")
        // Order of adding does not matter: the deeper file still wins.
        var reversed = IgnoreMatcher()
        reversed.add(patterns: "!keep.tmp\n", baseDirectory: "sub", source: "sub/.gitignore")
        reversed.add(patterns: "*.tmp\n", baseDirectory: "", source: ".gitignore")
        #expect(!reversed.isIgnored("sub/keep.tmp", isDirectory: false))
    }

    @Test(.timeLimit(.minutes(1))) func pathologicalPatternStaysLinear() {
        let m = matcher("a*a*a*a*a*a*a*a*a*a*a*a*b\n**/a/**/a/**/a/**/a/**/b\n")
        let long = String(repeating: "a", count: 5000)
        let clock = ContinuousClock()
        let elapsed = clock.measure {
            #expect(!m.isIgnored(long, isDirectory: false))
            #expect(!m.isIgnored(Array(repeating: "a", count: 2000).joined(separator: "/"), isDirectory: false))
        }
        #expect(elapsed < .seconds(5))
        #expect(m.isIgnored(long + "b", isDirectory: false))
    }

    @Test func dockerignoreParsing() {
        let parsed = IgnoreFile.parse(TextFile(path: ".dockerignore", text: "# c\n  node_modules/  \n! keep.md\n\n"), kind: .dockerignore)
        let file = parsed.artifacts.first as? IgnoreFile
        #expect(file?.kind == .dockerignore)
        #expect(file?.patterns.map(\.text) == ["node_modules/", "! keep.md"])
        #expect(file?.patterns.map(\.negated) == [false, true])
        #expect(file?.patterns.map(\.location.line) == [2, 3])
    }

    @Test func repoModelGitignoreCovers() {
        let files = [".gitignore", "sub/.gitignore"]
        let texts = [".gitignore": ".env\n*.log\n", "sub/.gitignore": "!debug.log\n"]
        let analyses = files.map { path in
            FileAnalyzer.analyze(RepoFile(path: path, kind: .gitignore, size: 0, isTracked: true),
                                 bytes: Array(texts[path]!.utf8))
        }
        let model = RepoModel(files: analyses.map(\.file), analyses: analyses)
        #expect(model.ignoreFiles.count == 2)
        #expect(model.gitignoreCovers(".env")?.location == Location(path: ".gitignore", line: 1, column: 1))
        #expect(model.gitignoreCovers("x/app.log")?.text == "*.log")
        #expect(model.gitignoreCovers("sub/debug.log") == nil)
        #expect(model.gitignoreCovers("README.md") == nil)
    }

    /// Runs a table of patterns and paths through real `git check-ignore` and compares.
    @Test func agreesWithGitCheckIgnore() throws {
        guard let git = ["/usr/bin/git", "/usr/local/bin/git", "/opt/homebrew/bin/git"]
            .first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else { return }
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("ignore-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let rootText = """
        # root
        *.log
        !important.log
        /dist
        build/
        !build/keep
        doc/*.txt
        **/tmp/**
        a/**/z
        cache/*
        !cache/keep
        [Tt]humbs.db
        file\\ 
        ?x
        out\\#
        """
        let subText = "!app.log\n/local\n*.gen\nnode/\n"
        let files = [
            "a.log", "important.log", "sub/a.log", "sub/app.log", "dist/x.js", "sub/dist/x.js",
            "build/keep", "build/other", "sub/build/keep", "doc/a.txt", "doc/b/a.txt", "x/tmp/y/z.txt",
            "tmp/q", "a/z", "a/b/c/z", "ab/z", "cache/keep", "cache/drop", "Thumbs.db", "sub/thumbs.db",
            "file ", "ax", "sub/bx", "xx/y", "sub/local", "sub/q/local", "local", "sub/m.gen", "m.gen",
            "sub/node/index.js", "node/index.js", "README.md", "out#",
        ]
        for path in files {
            let url = root.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data("x".utf8).write(to: url)
        }
        try Data(rootText.utf8).write(to: root.appendingPathComponent(".gitignore"))
        try Data(subText.utf8).write(to: root.appendingPathComponent("sub/.gitignore"))
        _ = try run(git, ["init", "-q", root.path])

        let output = try run(git, ["-C", root.path, "check-ignore", "--no-index", "--stdin", "-z"],
                             input: files.joined(separator: "\0") + "\0")
        let gitIgnored = Set(output.split(separator: "\0").map(String.init))

        var m = IgnoreMatcher()
        m.add(patterns: rootText, baseDirectory: "", source: ".gitignore")
        m.add(patterns: subText, baseDirectory: "sub", source: "sub/.gitignore")
        let ours = Set(files.filter { m.isIgnored($0, isDirectory: false) })
        #expect(ours == gitIgnored, "only ours: \(ours.subtracting(gitIgnored).sorted()), only git: \(gitIgnored.subtracting(ours).sorted())")
        #expect(!gitIgnored.isEmpty)
    }

    /// Every pattern of a table, alone, in the root `.gitignore` and in a nested one, checked
    /// against real `git check-ignore` on files and directories.
    @Test func patternTableAgreesWithGit() throws {
        guard let git = ["/usr/bin/git", "/usr/local/bin/git", "/opt/homebrew/bin/git"]
            .first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else { return }
        let patterns = [
            "foo", "/foo", "foo/", "/foo/", "foo/bar", "foo/*", "foo/**", "**/foo", "**/foo/bar", "foo/**/bar",
            "a/**/b/**/c", "*", "*.txt", "*/", "/*", "/*/", "*/*.txt", "**", "**/", "/**", "**/*.txt", "a**b",
            "a/**b", "**a/b", "a*/b", "*a*", "?", "??", "f?o", "?/b", "[abc]", "[!abc]", "[^abc]", "[a-c]x",
            "[]a]", "[!]a]", "[a-]", "[[:alpha:]]*", "[[:digit:][:upper:]]*", "[[:bogus:]]", "[[:alpha:]",
            "\\*", "\\?", "\\[abc]", "f\\oo", "foo\\ ", "foo  ", "foo\\  ", " foo", "\\ foo", "#foo",
            "\\#foo", "!foo", "\\!foo", "[a/b]", "a[/]b", "**/**/foo", "foo/**/", "foo//bar", "*.TXT",
            "[z-a]", "[", "\\", "foo\\", "***/foo", "x/***", "a/b/", "foo/\r",
            "foo/\n!foo/bar", "foo/*\n!foo/bar", "*\n!*/", "*\n!*/\n!*.txt", "/*\n!/foo\n/foo/*\n!/foo/bar",
            "**/a\n!b/a", "bar\n!foo/bar", "*.txt\n!/*.txt", "y/\n!y/foo", "*\n!foo", "foo\n!/foo",
        ]
        let files = [
            "foo", "bar", "a.txt", "x/foo", "x/a.txt", "x/A.TXT", "foo.d/bar", "a/b", "a/x/b", "a/x/y/b",
            "a/q/b/y/c", "ab", "aXb", "aaXb", "Xa/b", "b/a", "c/a", "f", "fxo", "[abc]", "]", "*", "?", "foo ",
            " foo", "#foo", "!foo", "k/foo/bar", "k/foo/q/bar", "y/foo/bar", "y/foo/baz.txt", "y/x/foo",
            "y/a/x/b", "y/bar", "y/[abc]", "y/9z", "Zed",
        ]
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("ignore-table-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        var directories = Set<String>()
        for path in files {
            let url = root.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data("x".utf8).write(to: url)
            var parts = path.split(separator: "/").dropLast()
            while !parts.isEmpty {
                directories.insert(parts.joined(separator: "/"))
                parts = parts.dropLast()
            }
        }
        _ = try run(git, ["init", "-q", root.path])
        let queries = files.map { ($0, false) } + directories.sorted().map { ($0, true) }
        var mismatches: [String] = []
        for pattern in patterns {
            for base in ["", "y"] {
                let ignorePath = base.isEmpty ? ".gitignore" : base + "/.gitignore"
                try? FileManager.default.removeItem(at: root.appendingPathComponent(".gitignore"))
                try? FileManager.default.removeItem(at: root.appendingPathComponent("y/.gitignore"))
                try Data((pattern + "\n").utf8).write(to: root.appendingPathComponent(ignorePath))
                let output = try run(git, ["-C", root.path, "check-ignore", "--no-index", "--stdin", "-z"],
                                     input: queries.map(\.0).joined(separator: "\0") + "\0")
                let gitIgnored = Set(output.split(separator: "\0").map(String.init))
                var m = IgnoreMatcher()
                m.add(patterns: pattern + "\n", baseDirectory: base, source: ignorePath)
                for (path, isDirectory) in queries where m.isIgnored(path, isDirectory: isDirectory) != gitIgnored.contains(path) {
                    mismatches.append("pattern \(pattern.debugDescription) in \(ignorePath): \(path)\(isDirectory ? "/" : "") git=\(gitIgnored.contains(path))")
                }
            }
        }
        #expect(mismatches.isEmpty, "\(mismatches.count) mismatches:\n\(mismatches.prefix(40).joined(separator: "\n"))")
    }

    /// Every corpus `.gitignore`, placed at the root of a scratch repository, must decide a set
    /// of everyday paths exactly as `git check-ignore` does.
    @Test func corpusGitignoresAgreeWithGit() throws {
        guard let git = ["/usr/bin/git", "/usr/local/bin/git", "/opt/homebrew/bin/git"]
            .first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else { return }
        let corpus = Corpus.files().filter { $0.file.kind == .gitignore }
        guard !corpus.isEmpty else { return }
        let files = [
            ".env", ".env.local", ".env.example", ".env.production", "foo/.env", "node_modules/pkg/index.js",
            "dist/app.js", "build/out/app.js", "coverage/lcov.info", "logs/app.log", "debug.log", "npm-debug.log",
            ".DS_Store", "src/.DS_Store", "__pycache__/m.cpython-311.pyc", "src/__pycache__/m.pyc", "venv/bin/python",
            ".venv/lib/x.py", "target/debug/app", "vendor/bundle/x.rb", ".idea/workspace.xml", ".vscode/settings.json",
            "terraform.tfstate", ".terraform/providers/x", "secrets/prod.key", "config/master.key", "tmp/cache/x",
            "src/main.go", "README.md", "Dockerfile", ".github/workflows/ci.yml", "docs/index.md", "app.py",
            "package-lock.json", "yarn.lock", ".next/cache/x", "out/index.html", "bin/app", "obj/Debug/x.dll",
            "a/b/c/d.txt", "x.swp", "Gemfile.lock", ".terraform.lock.hcl", "data/db.sqlite3", "media/upload.png",
            "static/css/x.css", "public/build/x.js", "k8s/prod/secret.yaml", "x.pem", "id_rsa", "lib/x.so",
            "packages/web/dist/index.js", "packages/web/.env", "deploy/values.local.yaml", "site/_site/x.html",
        ]
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("ignore-corpus-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        var directories = Set<String>()
        for path in files {
            let url = root.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data("x".utf8).write(to: url)
            var parts = path.split(separator: "/").dropLast()
            while !parts.isEmpty {
                directories.insert(parts.joined(separator: "/"))
                parts = parts.dropLast()
            }
        }
        _ = try run(git, ["init", "-q", root.path])
        let queries = files.map { ($0, false) } + directories.sorted().map { ($0, true) }
        var mismatches: [String] = []
        for entry in corpus {
            guard let data = try? Data(contentsOf: entry.url) else { continue }
            try data.write(to: root.appendingPathComponent(".gitignore"))
            let output = try run(git, ["-C", root.path, "check-ignore", "--no-index", "--stdin", "-z"],
                                 input: queries.map(\.0).joined(separator: "\0") + "\0")
            let gitIgnored = Set(output.split(separator: "\0").map(String.init))
            guard case let .text(text, _) = TextFile.decode(path: ".gitignore", bytes: Array(data)) else { continue }
            var m = IgnoreMatcher()
            m.add(patterns: text.text, baseDirectory: "", source: ".gitignore")
            for (path, isDirectory) in queries where m.isIgnored(path, isDirectory: isDirectory) != gitIgnored.contains(path) {
                mismatches.append("\(entry.repo)/\(entry.file.path): \(path)\(isDirectory ? "/" : "") git=\(gitIgnored.contains(path))")
            }
        }
        #expect(mismatches.isEmpty, "\(mismatches.count) mismatches:\n\(mismatches.prefix(40).joined(separator: "\n"))")
    }

    @Test func corpusIgnoreFilesParse() {
        let files = Corpus.files().filter { $0.file.kind == .gitignore || $0.file.kind == .dockerignore }
        var diagnosed = 0
        for entry in files {
            guard let data = try? Data(contentsOf: entry.url) else { continue }
            let analysis = FileAnalyzer.analyze(entry.file, bytes: Array(data))
            if !analysis.diagnostics.isEmpty { diagnosed += 1 }
            #expect(analysis.artifacts.count == 1)
            // Every pattern compiles into a matcher without trouble.
            var m = IgnoreMatcher()
            if let file = analysis.artifacts.first as? IgnoreFile, file.kind == .gitignore {
                m.add(file.patterns, baseDirectory: file.baseDirectory)
                _ = m.isIgnored("src/main/app.log", isDirectory: false)
            }
        }
        #expect(files.isEmpty || Double(diagnosed) < Double(files.count) * 0.02,
                "\(diagnosed) of \(files.count) ignore files diagnosed")
    }

    private func run(_ tool: String, _ arguments: [String], input: String? = nil) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = arguments
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        let inPipe = Pipe()
        process.standardInput = input == nil ? FileHandle.nullDevice : inPipe
        try process.run()
        if let input {
            inPipe.fileHandleForWriting.write(Data(input.utf8))
            try inPipe.fileHandleForWriting.close()
        }
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }
}
