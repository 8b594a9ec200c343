import Foundation
import OpsAuditModel
import OpsAuditTestSupport
import Testing
@testable import OpsAuditArtifacts

private func manifest(_ kind: FileKind, _ path: String, _ text: String) -> (PackageManifest, [Diagnostic]) {
    let analysis = FileAnalyzer.analyze(RepoFile(path: path, kind: kind, size: text.utf8.count, isTracked: true),
                                        bytes: Array(text.utf8))
    return (analysis.artifacts.first as! PackageManifest, analysis.diagnostics)
}

private func at(_ path: String, _ line: Int, _ column: Int? = nil) -> Location {
    Location(path: path, line: line, column: column)
}

@Suite struct JSONKeyLocatorTests {
    @Test func locatesKeysValuesAndArrayElements() {
        let text = """
        {
          "name": "app",
          "scripts": {"test": "jest", "a\\"b": 1},
          "list": [
            "x",
            {"deep": [true, null]}
          ],
          "ünï": "v"
        }
        """
        let locator = JSONKeyLocator(TextFile(path: "f.json", text: text))
        #expect(locator.location(of: ["name"]) == at("f.json", 2, 3))
        #expect(locator.valueLocation(of: ["name"]) == at("f.json", 2, 11))
        #expect(locator.location(of: ["scripts", "test"]) == at("f.json", 3, 15))
        #expect(locator.valueLocation(of: ["scripts", "test"]) == at("f.json", 3, 23))
        #expect(locator.location(of: ["scripts", "a\"b"]) == at("f.json", 3, 31))
        #expect(locator.location(of: ["list", "0"]) == at("f.json", 5, 5))
        #expect(locator.location(of: ["list", "1", "deep"]) == at("f.json", 6, 6))
        #expect(locator.location(of: ["list", "1", "deep", "1"]) == at("f.json", 6, 21))
        #expect(locator.location(of: ["ünï"]) == at("f.json", 8, 3))
        #expect(locator.valueLocation(of: ["ünï"]) == at("f.json", 8, 10))
        #expect(locator.location(of: ["missing"]) == nil)
    }

    @Test func survivesGarbageAndDeepNesting() {
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        _ = JSONKeyLocator(TextFile(path: "d.json", text: deep))
        let garbage = JSONKeyLocator(TextFile(path: "g.json", text: "}}]],,::\"unterminated"))
        #expect(garbage.keys.isEmpty)
    }
}

@Suite struct ManifestParserTests {
    @Test func packageJSON() {
        let (m, diagnostics) = manifest(.packageJSON, "web/package.json", """
        {
          "name": "web",
          "scripts": {
            "start": "node server.js",
            "test": "jest --ci"
          },
          "dependencies": {
            "Express": "^4.18.0",
            "@sentry/node": "7.0.0"
          },
          "devDependencies": {
            "jest": "29"
          },
          "peerDependencies": { "react": "*" }
        }
        """)
        #expect(diagnostics.isEmpty)
        #expect(m.ecosystem == .npm)
        #expect(m.name == "web")
        #expect(m.dependencies.map(\.name) == ["express", "@sentry/node", "jest"])
        #expect(m.dependencies[0].location == at("web/package.json", 8, 5))
        #expect(m.dependencies[0].version == "^4.18.0")
        #expect(m.dependencies.map(\.isDev) == [false, false, true])
        #expect(m.scripts.map(\.name.value) == ["start", "test"])
        #expect(m.script("test")?.command == Located("jest --ci", at: at("web/package.json", 5, 13)))
        #expect(m.script("test")?.name.location == at("web/package.json", 5, 5))
    }

    @Test func composerJSON() {
        let (m, _) = manifest(.composerJSON, "composer.json", """
        {"name": "acme/app",
         "require": {"php": "^8.2", "ext-json": "*", "laravel/framework": "^11.0"},
         "require-dev": {"phpunit/phpunit": "^10"},
         "scripts": {"test": ["@php artisan test", "phpstan"], "lint": "pint"}}
        """)
        #expect(m.ecosystem == .php)
        #expect(m.name == "acme/app")
        #expect(m.dependencies.map(\.name) == ["laravel/framework", "phpunit/phpunit"])
        #expect(m.dependencies[0].location.line == 2)
        #expect(m.dependencies[1].isDev)
        #expect(m.scripts.map(\.command.value) == ["@php artisan test", "phpstan", "pint"])
        #expect(m.scripts[1].command.location == at("composer.json", 4, 44))
        #expect(m.scripts[1].name.value == "test")
    }

    @Test func malformedJSONGivesDiagnosticWithLine() {
        let (m, diagnostics) = manifest(.packageJSON, "package.json", "{\n  \"name\": \"x\",\n  \"dependencies\": {\n}}}\n")
        #expect(m.dependencies.isEmpty)
        #expect(diagnostics.count == 1)
        #expect(diagnostics.first?.kind == .parse)
        #expect(diagnostics.first?.location?.line == 4)
        let (_, notObject) = manifest(.packageJSON, "package.json", "[1]")
        #expect(notObject.first?.message.contains("not a JSON object") == true)
    }

    @Test func hostileNestingGivesDiagnosticsNotCrashes() {
        let deepJSON = "{\"a\": " + String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000) + "}"
        let (_, jsonDiagnostics) = manifest(.packageJSON, "package.json", deepJSON)
        #expect(jsonDiagnostics.count == 1)
        let deepTOML = "a = " + String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000) + "\n"
        let (_, tomlDiagnostics) = manifest(.pyproject, "pyproject.toml", deepTOML)
        #expect(tomlDiagnostics.count == 1)
    }

    @Test func requirementsTxt() {
        let (m, diagnostics) = manifest(.requirementsTxt, "requirements.txt", """
        # production
        -r base.txt
        --index-url https://pypi.org/simple
        Django==5.0.1
        requests[security] >= 2.8.1, < 3 ; python_version >= "3.8"
        sentry_sdk  # errors
        gunicorn \\
            ==21.2.0
          psycopg[binary]>=3.1 --hash=sha256:abc
        mylib @ https://example.com/mylib.zip
        git+https://github.com/x/y.git#egg=y
        ???
        """)
        #expect(m.ecosystem == .python)
        #expect(m.dependencies.map(\.name) == ["django", "requests", "sentry-sdk", "gunicorn", "psycopg", "mylib"])
        #expect(m.dependencies.map(\.version) == ["==5.0.1", ">= 2.8.1, < 3", nil, "==21.2.0", ">=3.1", nil])
        #expect(m.dependencies.map(\.location.line) == [4, 5, 6, 7, 9, 10])
        #expect(m.dependencies[4].location.column == 3)
        #expect(!m.dependencies[0].isDev)
        #expect(diagnostics.map(\.location?.line) == [12])
        let (dev, _) = manifest(.requirementsTxt, "requirements/dev.txt", "pytest\n")
        #expect(dev.dependencies.first?.isDev == true)
    }

    @Test func pyprojectPEP621AndPoetry() {
        let (m, diagnostics) = manifest(.pyproject, "pyproject.toml", """
        [build-system]
        requires = ["hatchling"]

        [project]
        name = "svc"
        dependencies = [
          "fastapi>=0.110",
          "Sentry_SDK[fastapi]",
        ]

        [project.optional-dependencies]
        test = ["pytest>=8"]
        postgres = ["fastapi"]

        [dependency-groups]
        lint = ["ruff"]

        [tool.poetry.dependencies]
        python = "^3.12"
        uvicorn = { version = "^0.29", extras = ["standard"] }

        [tool.poetry.group.dev.dependencies]
        mypy = "^1.9"
        """)
        #expect(diagnostics.isEmpty)
        #expect(m.name == "svc")
        let byName = Dictionary(grouping: m.dependencies, by: \.name)
        #expect(byName["fastapi"]?.map(\.location.line) == [7, 13])
        #expect(byName["fastapi"]?.map(\.isDev) == [false, false])
        #expect(byName["sentry-sdk"]?.first?.location.line == 8)
        #expect(byName["pytest"]?.first?.location.line == 12)
        #expect(byName["pytest"]?.first?.isDev == true)
        #expect(byName["ruff"]?.first?.isDev == true)
        #expect(byName["ruff"]?.first?.location.line == 16)
        #expect(byName["uvicorn"]?.first?.version == "^0.29")
        #expect(byName["uvicorn"]?.first?.location.line == 20)
        #expect(byName["python"] == nil)
        #expect(byName["mypy"]?.first?.isDev == true)
        #expect(byName["mypy"]?.first?.location.line == 23)
    }

    @Test func malformedTOMLGivesDiagnosticWithLine() {
        let (m, diagnostics) = manifest(.cargoToml, "Cargo.toml", "[package]\nname = \"x\"\n[dependencies\nserde = 1\n")
        #expect(m.dependencies.isEmpty)
        #expect(diagnostics.first?.location?.line == 3)
    }

    @Test func pipfileAndCargo() {
        let (pipfile, _) = manifest(.pipfile, "Pipfile", """
        [packages]
        flask = "*"
        Flask-Login = {version = "==0.6"}

        [dev-packages]
        pytest = "*"
        """)
        #expect(pipfile.dependencies.map(\.name) == ["flask", "flask-login", "pytest"])
        #expect(pipfile.dependencies.map(\.location.line) == [2, 3, 6])
        #expect(pipfile.dependencies.map(\.isDev) == [false, false, true])
        #expect(pipfile.dependencies[1].version == "==0.6")

        let (cargo, _) = manifest(.cargoToml, "Cargo.toml", """
        [package]
        name = "syncstorage"

        [dependencies]
        serde = { version = "1", features = ["derive"] }
        tokio = "1.36"

        [dev-dependencies]
        criterion = "0.5"
        """)
        #expect(cargo.ecosystem == .rust)
        #expect(cargo.name == "syncstorage")
        #expect(cargo.dependencies.map(\.name) == ["serde", "tokio", "criterion"])
        #expect(cargo.dependencies.map(\.location.line) == [5, 6, 9])
        #expect(cargo.dependencies.map(\.version) == ["1", "1.36", "0.5"])
        #expect(cargo.dependencies[2].isDev)
    }

    @Test func tableRegionsSkipArraysOfTablesAndQuotes() {
        let regions = TOMLTableRegions(TextFile(path: "Cargo.toml", text: """
        [package]
        name = "x"
        [[bin]]
        name = "serde"
        [ "dependencies" ]
        serde = "1"
        """))
        #expect(regions.headers.map(\.name) == ["package", "bin", "dependencies"])
        #expect(regions.region("package") == 2..<3)
        #expect(regions.line(of: "serde", in: "dependencies") == 6)
        #expect(regions.line(of: "serde", in: "package") == 1)
        #expect(regions.line(of: "absent", in: "dependencies") == 5)
    }

    @Test func goMod() {
        let (m, diagnostics) = manifest(.goMod, "go.mod", """
        module github.com/acme/api

        go 1.22

        require github.com/getsentry/sentry-go v0.27.0
        require (
        \tgithub.com/go-chi/chi/v5 v5.0.12
        \tgolang.org/x/sys v0.18.0 // indirect
        )
        replace (
        \tfoo => ../foo
        )
        require (
        \tbroken v1
        """)
        #expect(m.name == "github.com/acme/api")
        #expect(m.dependencies.map(\.name) == ["github.com/getsentry/sentry-go", "github.com/go-chi/chi/v5", "golang.org/x/sys", "broken"])
        #expect(m.dependencies[0].location == at("go.mod", 5, 9))
        #expect(m.dependencies[1].location == at("go.mod", 7, 2))
        #expect(m.dependencies[1].version == "v5.0.12")
        #expect(diagnostics.map(\.location?.line) == [13])
    }

    @Test func gemfile() {
        let (m, diagnostics) = manifest(.gemfile, "Gemfile", """
        source "https://rubygems.org"
        ruby "3.3.0"

        gem "rails", "~> 7.1", ">= 7.1.3"
        gem 'sentry-ruby' # errors
        gem "rubocop", require: false, group: :development

        group :development, :test do
          gem "rspec-rails"
          if ENV["CI"]
            gem "simplecov"
          end
        end

        group :production do
          gem "lograge"
        end
        gem "bootsnap", require: false
        """)
        #expect(diagnostics.isEmpty)
        #expect(m.ecosystem == .ruby)
        #expect(m.dependencies.map(\.name) == ["rails", "sentry-ruby", "rubocop", "rspec-rails", "simplecov", "lograge", "bootsnap"])
        #expect(m.dependencies.map(\.isDev) == [false, false, true, true, true, false, false])
        #expect(m.dependencies[0].version == "~> 7.1, >= 7.1.3")
        #expect(m.dependencies[0].location == at("Gemfile", 4, 6))
        #expect(m.dependencies[3].location == at("Gemfile", 9, 8))
        #expect(m.dependencies[6].location.line == 18)
        let (_, unbalanced) = manifest(.gemfile, "Gemfile", "gem 'a'\nend\n")
        #expect(unbalanced.map(\.location?.line) == [2])
    }

    @Test func repoModelQueries() {
        let files: [(FileKind, String, String)] = [
            (.packageJSON, "package.json", "{\"dependencies\": {\"@Sentry/Node\": \"7\"}, \"devDependencies\": {\"pino\": \"8\"}}"),
            (.requirementsTxt, "api/requirements.txt", "Sentry_SDK==1.0\n"),
        ]
        var repoFiles: [RepoFile] = []
        var analyses: [FileAnalysis] = []
        for (kind, path, text) in files {
            let file = RepoFile(path: path, kind: kind, size: text.utf8.count, isTracked: true)
            repoFiles.append(file)
            analyses.append(FileAnalyzer.analyze(file, bytes: Array(text.utf8)))
        }
        let repo = RepoModel(files: repoFiles, analyses: analyses)
        #expect(repo.manifests.map(\.path) == ["api/requirements.txt", "package.json"])
        #expect(repo.dependencies(.npm).map(\.name) == ["@sentry/node", "pino"])
        #expect(repo.dependencies().count == 3)
        #expect(repo.hasDependency(named: ["sentry-sdk"])?.location == at("api/requirements.txt", 1, 1))
        #expect(repo.hasDependency(named: ["@sentry/*"])?.name == "@sentry/node")
        #expect(repo.hasDependency(named: ["sentry.sdk"], in: .npm) == nil)
        #expect(repo.hasDependency(named: ["pino"], includingDev: false) == nil)
        #expect(repo.hasDependency(named: ["winston", "pino"])?.isDev == true)
    }

    /// The corpus holds few manifests, so the JSON plumbing is also checked on every real JSON
    /// file there (app.json, vercel.json, renovate.json…): each key the decoder sees is located.
    @Test func corpusManifestsAndJSONFiles() throws {
        let kinds: Set<FileKind> = [.packageJSON, .composerJSON, .requirementsTxt, .pyproject, .pipfile, .cargoToml, .goMod, .gemfile]
        let corpus = Corpus.files()
        let files = corpus.filter { kinds.contains($0.file.kind) }
        var diagnosed: [String] = []
        for entry in files {
            let analysis = FileAnalyzer.analyze(entry.file, bytes: try [UInt8](Data(contentsOf: entry.url)))
            #expect(analysis.artifacts.first is PackageManifest, "\(entry.repo)/\(entry.file.path)")
            if !analysis.diagnostics.isEmpty {
                diagnosed.append("\(entry.repo)/\(entry.file.path): \(analysis.diagnostics.map(\.message))")
            }
        }
        #expect(Double(diagnosed.count) <= Double(files.count) * 0.02, "\(diagnosed.count)/\(files.count): \(diagnosed)")

        let jsonFiles = corpus.filter { $0.file.path.hasSuffix(".json") }
        var located = 0
        for entry in jsonFiles {
            guard case let .text(text, _) = TextFile.decode(path: entry.file.path, bytes: try [UInt8](Data(contentsOf: entry.url))),
                  case let .success(value) = JSONValue.decode(text.text) else { continue }
            let locator = JSONKeyLocator(text)
            var missing: [[String]] = []
            func walk(_ value: JSONValue, _ path: [String]) {
                guard path.count < 64 else { return }
                switch value {
                case let .object(members):
                    for (key, member) in members {
                        if locator.location(of: path + [key]) == nil { missing.append(path + [key]) }
                        walk(member, path + [key])
                    }
                case let .array(elements):
                    for (index, element) in elements.enumerated() {
                        if locator.location(of: path + [String(index)]) == nil { missing.append(path + [String(index)]) }
                        walk(element, path + [String(index)])
                    }
                default: break
                }
            }
            walk(value, [])
            located += 1
            #expect(missing.isEmpty, "\(entry.repo)/\(entry.file.path): \(missing.prefix(5))")
        }
        #expect(located >= 5)
    }

    /// Every real TOML file of the corpus loads (or is located when it is invalid), and every table TOMLKit sees has a header the
    /// region index found (or a sub-table header), so dependency lines can be searched.
    @Test func corpusTOMLFilesHaveRegions() throws {
        let tomlFiles = Corpus.files().filter { $0.file.path.hasSuffix(".toml") }
        #expect(tomlFiles.count >= 3)
        for entry in tomlFiles {
            guard case let .text(text, _) = TextFile.decode(path: entry.file.path, bytes: try [UInt8](Data(contentsOf: entry.url))) else { continue }
            let (document, diagnostic) = TOMLManifestParser.load(text)
            // One corpus fly.toml is truly invalid (`[processes]` after `processes = [...]`): the
            // diagnostic must then say where TOMLKit stopped.
            if let diagnostic { #expect((diagnostic.location?.line ?? 1) > 1, "\(entry.repo)/\(entry.file.path)") }
            guard let document else { continue }
            let regions = TOMLTableRegions(text)
            for key in document.keys {
                guard let table = document[key]?.table, !table.inline else { continue }
                let found = regions.headers.contains { $0.name == key || $0.name.hasPrefix(key + ".") }
                #expect(found, "\(entry.repo)/\(entry.file.path): [\(key)]")
            }
        }
    }
}
