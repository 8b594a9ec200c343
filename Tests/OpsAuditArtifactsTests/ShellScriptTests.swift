import Foundation
import Testing
import OpsAuditModel
import OpsAuditTestSupport
@testable import OpsAuditArtifacts

@Suite struct ShellScriptTests {
    /// A script whose first line is line 10 of `ci.yml`.
    func commands(_ text: String, options: ShellOptions = .posixSh) -> [ShellCommand] {
        ShellScript.commands(in: EmbeddedScript(text: text, firstLineAt: Location(path: "ci.yml", line: 10)), options: options)
    }

    func texts(_ text: String) -> [String] { commands(text).map(\.text) }

    // MARK: Splitting

    @Test func splitsOnListOperatorsAndNewlines() {
        #expect(texts("npm ci && npm test; npm run lint\nnpm audit | tee out & echo bg") ==
                ["npm ci", "npm test", "npm run lint", "npm audit", "tee out", "echo bg"])
        #expect(commands("a\n\nb\n  c  ").map(\.location.line) == [10, 12, 13])
    }

    @Test func quotesDoNotSplit() {
        let result = commands(#"echo "a; b || true" && echo 'x | y && z' ; grep -E "a|b" f"#)
        #expect(result.map(\.words) == [["echo", "a; b || true"], ["echo", "x | y && z"], ["grep", "-E", "a|b", "f"]])
        #expect(result.allSatisfy { $0.swallowedBy == nil })
        #expect(result[0].text == #"echo "a; b || true""#)
    }

    @Test func continuationsJoinAndKeepTheFirstLine() {
        let result = commands("echo start\ndocker run \\\n  --rm \\\n  app npm test\necho end")
        #expect(result.map(\.text) == ["echo start", "docker run --rm app npm test", "echo end"])
        #expect(result.map(\.location.line) == [10, 11, 14])
        #expect(result[1].words == ["docker", "run", "--rm", "app", "npm", "test"])
    }

    @Test func redirectionsAreNotWords() {
        let result = commands("pg_dump \"$URL\" > dump.sql 2>&1 && npm test>out.log || true\ndiff <(sort a) b &>/dev/null")
        #expect(result.map(\.words) == [["pg_dump", "$URL"], ["npm", "test"], ["diff", "b"]])
        #expect(result[0].text == #"pg_dump "$URL" > dump.sql 2>&1"#)
        #expect(result[1].purposes == [.test])
        #expect(result.map(\.swallowedBy) == ["|| true", "|| true", nil])
    }

    @Test func backgroundedCommandsCannotFail() {
        let result = commands("npm start &\nnpx wait-on http://localhost:3000 && npm test")
        #expect(result.map(\.text) == ["npm start", "npx wait-on http://localhost:3000", "npm test"])
        #expect(result.map(\.swallowedBy) == ["&", nil, nil])
        #expect(commands("(npm test) &")[0].swallowedBy == "&")
    }

    @Test func commentsAreSkipped() {
        let result = commands("# npm test || true\nnpm test # || true\necho a#b")
        #expect(result.map(\.text) == ["npm test", "echo a#b"])
        #expect(result[0].swallowedBy == nil)
        #expect(result[0].location.line == 11)
    }

    @Test func heredocBodiesAreSkipped() {
        let result = commands("""
        cat <<EOF > config.sh
        npm test || true
        rm -rf /; echo
        EOF
        cat <<-'END'
        \tset +e
        \tEND
        npm test
        """)
        #expect(result.map(\.words.first) == ["cat", "cat", "npm"])
        #expect(result.map(\.location.line) == [10, 14, 17])
        #expect(result.last?.swallowedBy == nil)
    }

    @Test func substitutionsStayInOneWord() {
        let result = commands(#"VERSION=$(git describe --tags || echo dev); echo "${A:-x}" `date; true`"#)
        #expect(result.count == 2)
        #expect(result[0].words == ["VERSION=$(git describe --tags || echo dev)"])
        #expect(result[0].swallowedBy == nil)
        #expect(result[1].words == ["echo", "${A:-x}", "`date; true`"])
    }

    @Test func columnsOnTheFirstLineWhenKnown() {
        let script = EmbeddedScript(text: "npm ci && npm test", firstLineAt: Location(path: "w.yml", line: 7, column: 14))
        let result = ShellScript.commands(in: script)
        #expect(result.map(\.location) == [Location(path: "w.yml", line: 7, column: 14), Location(path: "w.yml", line: 7, column: 24)])
    }

    @Test func crlfIsStripped() {
        let lines = (10...12).map { Location(path: "ci.yml", line: $0) }
        let result = ShellScript.commands(in: EmbeddedScript(text: "npm ci\r\nnpm test || true\r\n", lineLocations: lines))
        #expect(result.map(\.text) == ["npm ci", "npm test"])
        #expect(result[1].swallowedBy == "|| true")
        #expect(result[1].location.line == 11)
    }

    @Test func keywordsAreNotCommands() {
        let result = commands("if [ -f package.json ]; then\n  npm test\nfi\nfor f in a b; do shellcheck $f; done")
        #expect(result.map(\.words.first) == ["[", "npm", "shellcheck"])
        #expect(result[1].purposes == [.test])
        #expect(result[2].purposes == [.lint])
    }

    // MARK: Swallowing

    @Test(arguments: [
        ("npm test || true", "|| true"),
        ("npm test || :", "|| :"),
        ("npm test || exit 0", "|| exit 0"),
        ("npm test || echo 'tests failed'", "|| echo"),
        ("npm test --if-present", "--if-present"),
        ("npm run test --if-present", "--if-present"),
        ("npm test; true", "; true"),
        ("npm test\ntrue", "; true"),
        ("npm test\nexit 0", "; exit 0"),
        ("npm test | tee log || true", "|| true"),
        ("{ npm test; } || true", "|| true"),
        ("(cd web && npm test) || true", "|| true"),
    ])
    func swallowingForms(script: String, label: String) throws {
        let test = try #require(commands(script).first { $0.purposes.contains(.test) })
        #expect(test.swallowedBy == label, "\(script)")
        #expect(!test.canFail)
    }

    @Test(arguments: [
        "npm test || exit 1",
        "npm test || exit",
        "npm test || false",
        "npm test || { echo failed; exit 1; }",
        "npm test || (echo failed && exit 2)",
        "npm test || echo failed && exit 1",
        "npm test || npm test",
        "echo 'npm test || true'; npm test",
        "npm test \"|| true\"",
        "npm test; echo done",
        "npm test && true",
        "set +e\nnpm test",
        "set +e\nset -e\nnpm test\necho done",
        "set +e\nset -o errexit\nnpm test\necho done",
    ])
    func notSwallowed(script: String) throws {
        let test = try #require(commands(script).first { $0.purposes.contains(.test) })
        #expect(test.swallowedBy == nil, "\(script)")
    }

    @Test func orRightSideIsNotACommand() {
        let result = commands("test -f x || exit 1\nnpm test")
        #expect(result.map(\.text) == ["test -f x", "npm test"])
        #expect(result.allSatisfy { $0.swallowedBy == nil })
        #expect(result[0].purposes.isEmpty)
    }

    @Test func orAppliesToTheWholeAndList() {
        let result = commands("npm ci && npm test || true\nnpm run lint")
        #expect(result.map(\.swallowedBy) == ["|| true", "|| true", nil])
        #expect(result[1].swallowedAt?.line == 10)
    }

    @Test func setPlusEUntilSetMinusE() {
        let result = commands("""
        set -e
        set +e
        npm test
        npm run lint
        set -e
        npm audit
        echo done
        """)
        let byText = Dictionary(result.map { ($0.text, $0) }, uniquingKeysWith: { first, _ in first })
        #expect(byText["npm test"]?.swallowedBy == "set +e")
        #expect(byText["npm test"]?.swallowedAt?.line == 11)
        #expect(byText["npm run lint"]?.swallowedBy == "set +e")
        #expect(byText["npm audit"]?.swallowedBy == nil)
        #expect(byText["set +e"]?.swallowedBy == nil)
    }

    @Test func setFlagsCombined() {
        let off = commands("set -x +e\nnpm test\necho x")
        #expect(off[1].swallowedBy == "set +e")
        let on = commands("set +e\nset -euo pipefail\nnpm test | tee log\necho x")
        #expect(on[2].swallowedBy == nil)
        #expect(on[2].pipedWithoutPipefail == false)
    }

    @Test func trueAtTheEndDoesNothingUnderErrexit() {
        #expect(commands("npm test; true", options: .githubBash)[0].swallowedBy == nil)
        #expect(commands("set -e\nnpm test\ntrue")[1].swallowedBy == nil)
        #expect(commands("npm test; true")[0].swallowedAt?.line == 10)
    }

    @Test func pipesWithoutPipefail() {
        let plain = commands("npm test | tee test.log")
        #expect(plain.map(\.pipedWithoutPipefail) == [true, false])
        #expect(plain[0].swallowedBy == nil)
        #expect(plain[0].purposes == [.test])
        #expect(commands("npm test | tee test.log", options: .githubBash)[0].pipedWithoutPipefail == false)
        #expect(commands("npm test | tee test.log", options: .githubDefault)[0].pipedWithoutPipefail == true)
        #expect(commands("npm test; true", options: .githubDefault)[0].swallowedBy == nil)
        #expect(commands("set -o pipefail\nnpm test | tee log")[1].pipedWithoutPipefail == false)
        #expect(commands("set -o pipefail\nset +o pipefail\nnpm test | tee log")[2].pipedWithoutPipefail == true)
    }

    @Test func hostileInputTerminates() {
        _ = commands(String(repeating: "$(", count: 5_000))
        _ = commands(String(repeating: "( ", count: 5_000) + "npm test" + String(repeating: " ) || true", count: 5_000))
        _ = commands("echo \"unterminated\nnpm test || true")
        _ = commands("cat <<EOF\nnever ends")
        _ = commands("\\")
        _ = commands("")
        let many = commands(String(repeating: "a && ", count: 20_000) + "b")
        #expect(many.count == 20_001)
    }
}

@Suite struct CommandClassifierTests {
    func purposes(_ command: String) -> Set<CommandPurpose> {
        ShellScript.commands(in: EmbeddedScript(text: command, firstLineAt: Location(path: "x", line: 1))).first?.purposes ?? []
    }

    @Test(arguments: [
        "npm test", "npm t", "yarn test", "pnpm test", "bun test", "npm run test", "npm run test:unit", "yarn test:e2e",
        "npm run test-ci", "pnpm run test:coverage", "pnpm --filter web test", "npm -w api run test",
        "jest --ci", "npx jest", "npx --yes vitest run", "bunx vitest", "pnpm exec vitest run", "yarn jest",
        "mocha", "ava", "npx playwright test", "npx cypress run", "pytest -q", "python -m pytest", "python3 -m unittest",
        "poetry run pytest", "uv run pytest", "pipenv run pytest", "tox -e py311", "nox -s tests", "go test ./...",
        "cargo test --all", "cargo nextest run", "swift test", "mvn test", "./mvnw -B verify", "mvn install",
        "gradle test", "./gradlew check", "./gradlew build", "./gradlew :app:testDebugUnitTest", "bundle exec rspec",
        "bin/rails test", "bundle exec rake spec", "vendor/bin/phpunit", "./vendor/bin/pest", "php artisan test",
        "mix test", "dotnet test", "make test", "make -C backend check", "deno test -A", "CI=true npm test",
        "sudo -E npm test", "docker compose run --rm app npm test", "docker-compose exec -T web pytest",
        "python manage.py test", "env NODE_ENV=test npm test", "turbo run test", "npx nx run-many -t test",
        "composer test", "just test", "./node_modules/.bin/jest", "coverage run -m pytest", "coverage run manage.py test",
        "npx nyc mocha", "cross-env NODE_ENV=test jest", "yarn workspace web test", "yarn workspaces foreach -A run test",
        "./scripts/test.sh", "bash scripts/run-tests.sh", "env-cmd -f .env.test jest", "uv run bin/run_tests.py",
        "npm run coverage", "uvx nox -s tests", "tox -e py311,lint", "tox", "pipx run tox",
    ])
    func tests(_ command: String) {
        #expect(purposes(command).contains(.test), "\(command)")
    }

    @Test(arguments: [
        "eslint .", "npm run lint", "npm run lint:ci", "yarn lint", "ruff check .", "ruff .", "flake8", "pylint src",
        "golangci-lint run", "go vet ./...", "rubocop", "bundle exec standardrb", "vendor/bin/phpstan analyse", "psalm",
        "cargo clippy -- -D warnings", "swiftlint", "hadolint Dockerfile", "shellcheck *.sh", "actionlint",
        "stylelint '**/*.css'", "npx biome lint", "biome ci .", "next lint", "make lint", "uvx nox -s pylint",
        "tox -e lint", "npm run biome-check",
    ])
    func lints(_ command: String) {
        #expect(purposes(command) == [.lint], "\(command)")
    }

    @Test(arguments: [
        "prettier --check .", "npx prettier -c src", "black --check .", "gofmt -l .", "cargo fmt --check",
        "cargo fmt --all -- --check", "rustfmt --check src/main.rs", "ruff format --check", "dotnet format --verify-no-changes",
        "npm run format:check", "terraform fmt -check", "mix format --check-formatted", "isort --check-only .",
    ])
    func formatChecks(_ command: String) {
        #expect(purposes(command) == [.formatCheck], "\(command)")
    }

    @Test(arguments: [
        "tsc --noEmit", "npx tsc", "tsc -p tsconfig.json", "mypy .", "pyright", "npm run typecheck", "npm run type-check",
        "yarn check-types", "vue-tsc --noEmit", "python -m mypy src",
    ])
    func typeChecks(_ command: String) {
        #expect(purposes(command) == [.typeCheck], "\(command)")
    }

    @Test(arguments: [
        "npm audit --audit-level=high", "yarn audit", "pnpm audit --prod", "pip-audit -r requirements.txt",
        "python -m pip_audit", "safety check", "python3 -m safety --key \"$K\" --stage cicd scan", "govulncheck ./...", "cargo audit", "bundle audit check --update",
        "bundler-audit", "composer audit", "osv-scanner -r .", "trivy fs .", "grype dir:.", "snyk test",
    ])
    func audits(_ command: String) {
        #expect(purposes(command) == [.audit], "\(command)")
    }

    @Test(arguments: ["gitleaks detect", "trufflehog git file://.", "detect-secrets scan", "ggshield secret scan ci"])
    func secretScans(_ command: String) {
        #expect(purposes(command) == [.secretScan], "\(command)")
    }

    @Test(arguments: [
        ("npm run build", CommandPurpose.build), ("go build ./cmd/app", .build), ("docker build -t app .", .build),
        ("tsc --outDir dist", .build), ("flyctl deploy --remote-only", .deploy), ("fly deploy", .deploy),
        ("kubectl apply -f k8s/", .deploy), ("helm upgrade --install app ./chart", .deploy), ("npx vercel --prod", .deploy),
        ("pg_dump $DATABASE_URL > dump.sql", .backup), ("git push heroku main", .deploy), ("terraform apply -auto-approve", .deploy),
    ])
    func otherPurposes(_ command: String, _ purpose: CommandPurpose) {
        #expect(purposes(command) == [purpose], "\(command)")
    }

    @Test(arguments: [
        "test -f package.json", "[ -n \"$CI\" ]", "npm ci", "npm install", "yarn", "pnpm install --frozen-lockfile",
        "echo npm test", "prettier --write .", "black .", "gofmt -w .", "cargo fmt", "ruff format", "make",
        "mvn -DskipTests package", "command -v jest", "./gradlew build -x test -x check", "npm run dev", "cat test.log",
        "pip install pytest", "apt-get install -y shellcheck", "nyc report --reporter=lcov", "bash -c 'echo hi'",
        "./scripts/deploy.sh", "coverage report", "uvx nox -s update_pins", "python3 -m venv env",
        "npx playwright install --with-deps",
    ])
    func notQualityGates(_ command: String) {
        let found = purposes(command)
        #expect(found.isDisjoint(with: [.test, .lint, .formatCheck, .typeCheck, .audit, .secretScan]), "\(command): \(found)")
    }

    @Test func effectiveWordsDropWrappers() {
        #expect(CommandClassifier.effectiveWords(["FOO=1", "sudo", "-u", "app", "npx", "-y", "jest", "--ci"]) == ["jest", "--ci"])
        #expect(CommandClassifier.effectiveWords(["poetry", "run", "python", "-m", "pytest"]) == ["pytest"])
        #expect(CommandClassifier.effectiveWords(["bundle", "exec", "rake", "test"]) == ["rake", "test"])
        #expect(CommandClassifier.effectiveWords(["A=1", "B=2"]) == [])
    }
}

/// Robustness over real files: every corpus workflow, GitLab CI file and Dockerfile fed whole
/// as one script (far messier than any `run:` block) must split without a crash or a hang.
@Suite struct ShellScriptCorpusTests {
    @Test func corpusTextSplits() throws {
        let kinds: Set<FileKind> = [.githubWorkflow, .gitlabCI, .dockerfile]
        var files = 0, commands = 0
        for entry in Corpus.files() where kinds.contains(entry.file.kind) {
            guard case let .text(text, _) = TextFile.decode(path: entry.file.path, bytes: try [UInt8](Data(contentsOf: entry.url)))
            else { continue }
            let script = EmbeddedScript(text: text.text.replacingCRLF, firstLineAt: Location(path: entry.file.path, line: 1))
            let found = ShellScript.commands(in: script)
            files += 1
            commands += found.count
            let lines = text.lineCount
            #expect(found.allSatisfy { $0.location.line >= 1 && $0.location.line <= lines }, "\(entry.repo)/\(entry.file.path)")
        }
        #expect(files > 0)
        #expect(commands > files)
    }
}

extension String {
    fileprivate var replacingCRLF: String { split(separator: "\r\n", omittingEmptySubsequences: false).joined(separator: "\n") }
}
