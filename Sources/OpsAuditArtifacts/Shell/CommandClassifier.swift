/// Says what a shell command is for (test, lint, audit…) from its words. A plain table of
/// tools and package-manager scripts: add a tool by adding a line.
public enum CommandClassifier {
    /// Purposes of a command given its words (wrappers are removed first).
    public static func purposes(of words: [String]) -> Set<CommandPurpose> {
        let words = effectiveWords(words)
        guard let first = words.first else { return [] }
        let tool = basename(first)
        let args = Array(words.dropFirst())
        if let script = scriptName(tool: tool, args: args) {
            let purposes = scriptPurposes(script, runner: tool)
            // `yarn jest`, `pnpm eslint .`: these run binaries of the same name too.
            if purposes.isEmpty, ["yarn", "pnpm", "bun"].contains(tool),
               let index = args.firstIndex(of: script) {
                return toolPurposes(tool: script, args: Array(args[(index + 1)...])) ?? []
            }
            return purposes
        }
        if let purposes = toolPurposes(tool: tool, args: args) { return purposes }
        // `./scripts/test.sh`, `bin/run_tests.py`: a script named for what it does.
        for suffix in [".sh", ".bash", ".py"] where tool.hasSuffix(suffix) {
            return scriptPurposes(String(tool.dropLast(suffix.count)), runner: "sh")
        }
        // `bin/tests`, `script/test`, `./bin/lint`: repository scripts without an extension
        // ("scripts to rule them all"); only when run by path, so a bare `tests` stays unknown.
        if first.contains("/"), !tool.contains(".") { return scriptPurposes(tool, runner: "sh") }
        return []
    }

    /// The words once environment assignments and wrappers are removed:
    /// `CI=1 sudo -E npx --yes jest` → `jest`; `poetry run python -m pytest` → `pytest`.
    public static func effectiveWords(_ words: [String]) -> [String] {
        var rest = words[...]
        var changed = true
        var rounds = 0
        while changed, rounds < 16 {
            changed = false
            rounds += 1
            while let first = rest.first, isAssignment(first) { rest = rest.dropFirst(); changed = true }
            guard let first = rest.first else { break }
            let tool = basename(first)
            let second = rest.dropFirst().first
            switch tool {
            case "sudo", "env", "time", "nohup", "exec", "xvfb-run", "dotenv", "npx", "bunx", "pnpx", "cross-env",
                 "env-cmd", "nyc", "c8", "uvx", "bash", "sh", "zsh", "dash":
                if ["bash", "sh", "zsh", "dash"].contains(tool), second?.hasPrefix("-") ?? true { break }
                rest = skipOptions(rest.dropFirst(), valued: ["-u", "-g", "-p", "--package", "-s", "--server-args", "-e", "-c", "-f", "--from", "--with", "--python"])
                if tool == "dotenv", rest.first == "--" { rest = rest.dropFirst() }
                changed = true
            case "pnpm" where second == "exec" || second == "dlx",
                 "yarn" where second == "dlx" || second == "exec",
                 "npm" where second == "exec",
                 "poetry" where second == "run", "uv" where second == "run", "pipenv" where second == "run",
                 "pdm" where second == "run", "hatch" where second == "run", "rye" where second == "run",
                 "bundle" where second == "exec", "conda" where second == "run", "pipx" where second == "run":
                rest = skipOptions(rest.dropFirst(2), valued: ["-n", "--name", "-e", "--env", "--with", "--package", "-p"])
                if rest.first == "--" { rest = rest.dropFirst() }
                changed = true
            case "docker" where second == "compose", "docker-compose", "podman-compose":
                // `docker compose run --rm app npm test`: the command runs in a service.
                var tail = tool == "docker" ? rest.dropFirst(2) : rest.dropFirst()
                tail = skipOptions(tail, valued: ["-f", "--file", "-p", "--project-name", "--profile", "--env-file"])
                guard let sub = tail.first, sub == "run" || sub == "exec" else { break }
                tail = skipOptions(tail.dropFirst(), valued: ["-e", "--env", "-u", "--user", "-w", "--workdir", "-v",
                                                              "--volume", "-p", "--publish", "-l", "--label", "--name",
                                                              "--entrypoint", "--index"])
                guard tail.count > 1 else { break }
                rest = tail.dropFirst()
                changed = true
            case "coverage" where second == "run":
                // `coverage run -m pytest`, `coverage run manage.py test`.
                var tail = rest.dropFirst(2)
                while let option = tail.first, option.hasPrefix("-"), option != "-m" {
                    tail = tail.dropFirst()
                    if ["--rcfile", "--source", "--omit", "--include", "--data-file"].contains(option) { tail = tail.dropFirst() }
                }
                if tail.first == "-m" { tail = tail.dropFirst() } else { tail = ["python"] + tail }
                rest = tail
                changed = true
            default:
                if tool.hasPrefix("python"), second == "-m", let module = rest.dropFirst(2).first {
                    rest = [module.replacingUnderscores] + rest.dropFirst(3)
                    changed = true
                }
            }
        }
        return Array(rest)
    }

    /// `npm test --if-present` / `npm run test --if-present`: passes when the script is missing.
    static func hasIfPresent(_ words: [String]) -> Bool {
        guard let first = words.first, ["npm", "pnpm", "yarn", "bun"].contains(basename(first)) else { return false }
        return words.contains("--if-present")
    }

    // MARK: - Package-manager and task-runner scripts

    /// The script or target a package manager or task runner runs, when the command is one.
    static func scriptName(tool: String, args: [String]) -> String? {
        let positional = skipOptions(args[...], valued: ["-w", "--workspace", "--filter", "-F", "-C", "--dir",
                                                          "--prefix", "--cwd", "--scope", "-f", "--file", "-j", "-o"])
        guard let sub = positional.first else { return nil }
        switch tool {
        case "npm":
            switch sub {
            case "test", "t", "tst": return "test"
            case "run", "run-script", "rum", "urn": return scriptArgument(positional)
            case "audit": return "audit"
            default: return nil
            }
        case "yarn", "pnpm", "bun":
            if sub == "run" || sub == "run-script" { return scriptArgument(positional) }
            // `yarn workspace web test`, `yarn workspaces foreach -A run test`.
            if tool == "yarn", sub == "workspace" {
                let script = positional.dropFirst(2).first
                return script == "run" ? scriptArgument(positional.dropFirst(2)) : script
            }
            if tool == "yarn", sub == "workspaces", let run = positional.firstIndex(of: "run") {
                return scriptArgument(positional[run...])
            }
            if tool == "bun", sub != "test" { return nil }
            // Built-in commands that are not scripts.
            if ["install", "add", "remove", "ci", "i", "exec", "dlx", "why", "outdated", "publish", "link",
                "config", "set", "up", "upgrade", "workspaces", "workspace", "info", "pack", "cache", "global",
                "store", "import", "rebuild", "prune", "dedupe", "init", "create", "x"].contains(sub) { return nil }
            return sub
        case "make", "just", "task", "rake", "mage", "invoke", "composer", "turbo", "lerna", "nx":
            if ["run", "run-script", "run-many"].contains(sub) { return scriptArgument(positional) }
            return sub
        case "deno" where sub == "task":
            return scriptArgument(positional)
        default:
            return nil
        }
    }

    static func scriptArgument(_ positional: ArraySlice<String>) -> String? {
        let rest = skipOptions(positional.dropFirst(), valued: ["-t", "--target", "--targets", "--filter", "-F"])
        if let first = rest.first { return first }
        // `nx run-many -t test`
        if let index = positional.firstIndex(where: { $0 == "-t" || $0 == "--target" || $0 == "--targets" }),
           index + 1 < positional.endIndex { return positional[index + 1] }
        return nil
    }

    /// Purposes of a script or make target by its conventional name.
    /// `check` is a test target for make-like runners only: as an npm script it is as often
    /// a lint or type check.
    static func scriptPurposes(_ name: String, runner: String) -> Set<CommandPurpose> {
        let lower = name.lowercased()
        let head = lower.split(whereSeparator: { $0 == ":" || $0 == "-" || $0 == "_" }).first.map(String.init) ?? lower
        let words = Set(lower.split(whereSeparator: { $0 == ":" || $0 == "-" || $0 == "_" }).map(String.init))
        if ["format:check", "format-check", "fmt:check", "fmt-check", "check-format", "check:format", "prettier:check",
            "lint:format", "format:ci", "check-fmt"].contains(lower) { return [.formatCheck] }
        if ["typecheck", "type-check", "check-types", "check:types", "types", "tsc", "types:check", "type:check",
            "typecheck:ci"].contains(lower) || head == "typecheck" { return [.typeCheck] }
        // `test:typecheck`, `ci:lint`: the check named after the prefix decides.
        if words.contains("typecheck") || words.contains("tsc") { return [.typeCheck] }
        if head != "lint", words.contains("lint") || words.contains("eslint") { return [.lint] }
        switch head {
        case "test", "tests", "e2e", "spec", "specs":
            return [.test]
        case "check" where ["make", "just", "task", "rake", "mage"].contains(runner):
            return [.test]
        case "coverage", "cov":
            return [.test]
        case "lint", "eslint", "linter", "stylelint", "biome":
            return [.lint]
        case "audit":
            return [.audit]
        case "build", "compile":
            return [.build]
        case "deploy":
            return [.deploy]
        case "backup":
            return [.backup]
        default:
            if words.contains("test") || words.contains("tests") || words.contains("e2e") { return [.test] }
            return []
        }
    }

    // MARK: - Tools

    /// Purposes of a tool invocation, nil when the tool is unknown.
    static func toolPurposes(tool: String, args: [String]) -> Set<CommandPurpose>? {
        let sub = args.first(where: { !$0.hasPrefix("-") }) ?? ""
        let has = { (flag: String) in args.contains(flag) || args.contains { $0.hasPrefix(flag + "=") } }
        switch tool {
        // Test runners
        case "tox", "nox":
            return sessionPurposes(args)
        case "jest", "vitest", "mocha", "ava", "pytest", "py.test", "rspec", "phpunit", "pest",
             "unittest", "ctest", "bats", "karma", "jasmine", "tap", "behave", "cucumber", "cucumber-js",
             "paratest", "codecept", "wdio", "testcafe", "gotestsum":
            if tool == "vitest", sub == "bench" { return [] }
            return [.test]
        case "playwright": return sub == "test" ? [.test] : []
        case "cypress": return sub == "run" ? [.test] : []
        case "go":
            switch sub {
            case "test": return [.test]
            case "vet": return [.lint]
            case "build": return [.build]
            // `go install tool@version` installs a tool; `go install ./...` builds.
            case "install": return args.contains { $0.contains("@") } ? [] : [.build]
            default: return []
            }
        case "cargo":
            switch sub {
            case "test", "nextest": return [.test]
            case "clippy": return [.lint]
            case "fmt": return has("--check") ? [.formatCheck] : []
            case "audit": return [.audit]
            case "deny": return args.contains("advisories") || args.contains("check") ? [.audit] : []
            case "build": return [.build]
            default: return []
            }
        case "swift":
            switch sub {
            case "test": return [.test]
            case "build": return [.build]
            default: return []
            }
        case "mvn", "mvnw":
            return mavenPurposes(args)
        case "gradle", "gradlew":
            return gradlePurposes(args)
        case "rails", "rake":
            switch sub {
            case "test", "spec", "test:system", "test:all": return [.test]
            default: return sub.hasPrefix("test") || sub.hasPrefix("spec") ? [.test] : []
            }
        case "mix":
            switch sub {
            case "test": return [.test]
            case "format": return has("--check-formatted") ? [.formatCheck] : []
            case "credo", "sobelow": return [.lint]
            case "dialyzer": return [.typeCheck]
            case "deps.audit", "hex.audit": return [.audit]
            case "compile", "release": return [.build]
            default: return []
            }
        case "dotnet":
            switch sub {
            case "test": return [.test]
            case "format": return has("--verify-no-changes") ? [.formatCheck] : []
            case "build", "publish": return [.build]
            case "list": return has("--vulnerable") ? [.audit] : []
            default: return []
            }
        case "deno":
            switch sub {
            case "test": return [.test]
            case "lint": return [.lint]
            case "fmt": return has("--check") ? [.formatCheck] : []
            case "check": return [.typeCheck]
            default: return []
            }
        case "python", "python3":
            // `python manage.py test` (Django), `python setup.py test`.
            if args.count >= 2, args[0].hasSuffix("manage.py") || args[0].hasSuffix("setup.py"), args[1] == "test" { return [.test] }
            return []
        case "php":
            if args.first == "artisan", args.dropFirst().first == "test" { return [.test] }
            return []
        // Linters
        case "eslint", "flake8", "pylint", "golangci-lint", "rubocop", "standardrb", "phpstan", "psalm", "swiftlint",
             "hadolint", "shellcheck", "actionlint", "stylelint", "markdownlint", "markdownlint-cli2", "yamllint",
             "tflint", "ktlint", "detekt", "staticcheck", "revive", "xo", "oxlint", "htmlhint", "checkov", "tfsec",
             "bandit", "semgrep", "phpcs", "erb_lint", "erblint", "brakeman", "pycodestyle", "pydocstyle", "credo",
             "clang-tidy", "cpplint", "spectral", "commitlint", "kube-linter", "kubeconform", "ansible-lint":
            if tool == "ktlint", has("--format") || has("-F") { return [] }
            return [.lint]
        case "ruff":
            if sub == "format" { return has("--check") || has("--diff") ? [.formatCheck] : [] }
            return args.contains("--fix") ? [] : [.lint]
        case "biome", "rome":
            switch sub {
            case "lint", "ci": return [.lint]
            case "check": return has("--write") || has("--apply") || has("--fix") ? [] : [.lint]
            case "format": return has("--write") ? [] : [.formatCheck]
            default: return []
            }
        case "next":
            switch sub {
            case "lint": return [.lint]
            case "build": return [.build]
            default: return []
            }
        // Format checks
        case "prettier":
            return has("--check") || has("-c") || has("--list-different") || has("-l") ? [.formatCheck] : []
        case "black", "rustfmt", "autopep8", "yapf":
            return has("--check") || has("--diff") ? [.formatCheck] : []
        case "isort":
            return has("--check") || has("--check-only") || has("-c") ? [.formatCheck] : []
        case "gofmt", "goimports":
            return has("-l") || has("-d") ? [.formatCheck] : []
        case "terraform", "tofu":
            switch sub {
            case "fmt": return has("-check") || has("--check") ? [.formatCheck] : []
            case "validate": return [.lint]
            case "apply": return [.deploy]
            default: return []
            }
        case "swift-format", "swiftformat":
            return sub == "lint" || has("--lint") ? [.formatCheck] : []
        case "clang-format":
            return has("--dry-run") || has("-n") ? [.formatCheck] : []
        // Type checks
        case "tsc", "vue-tsc":
            if has("--noEmit") { return [.typeCheck] }
            let emits = ["--outDir", "--outFile", "--declaration", "-d", "--emitDeclarationOnly", "--build", "-b"]
            return emits.contains(where: has) ? [.build] : [.typeCheck]
        case "mypy", "pyright", "basedpyright", "svelte-check", "pyre", "pytype", "srb", "steep", "flow":
            if tool == "srb", sub != "tc" { return [] }
            return [.typeCheck]
        // Dependency and image audits
        case "pip-audit", "govulncheck", "bundler-audit", "bundle-audit", "osv-scanner", "trivy", "grype",
             "audit-ci", "better-npm-audit", "retire", "dependency-check", "dependency-check.sh", "npm-audit-resolver",
             "cargo-audit", "nancy", "auditjs":
            return [.audit]
        case "safety": return args.contains("check") || args.contains("scan") ? [.audit] : []
        case "snyk": return sub == "test" || sub == "container" || sub == "iac" ? [.audit] : []
        case "bundle", "bundler": return sub == "audit" ? [.audit] : []
        // Secret scanners
        case "gitleaks", "trufflehog", "detect-secrets", "detect-secrets-hook", "ggshield", "git-secrets", "talisman",
             "secretlint", "whispers":
            return [.secretScan]
        case "git":
            if sub == "secrets", has("--scan") || has("--scan-history") { return [.secretScan] }
            if sub == "push", let remote = args.dropFirst().first(where: { !$0.hasPrefix("-") }),
               ["heroku", "dokku"].contains(remote) { return [.deploy] }
            return []
        // Builds
        case "docker", "podman", "buildah":
            if sub == "build" || (sub == "buildx" && args.contains("build")) || (sub == "compose" && args.contains("build")) {
                return [.build]
            }
            return []
        case "webpack", "vite", "rollup", "esbuild", "parcel", "bazel", "bazelisk", "pyinstaller":
            if tool == "vite", sub != "build" { return [] }
            if tool == "bazel" || tool == "bazelisk" {
                if sub == "test" { return [.test] }
                return sub == "build" ? [.build] : []
            }
            return [.build]
        case "poetry": return sub == "build" ? [.build] : []
        case "build": return [.build] // `python -m build`
        // Deploys
        // `fly deploy --build-only` builds and pushes an image; a later `fly deploy --image` releases it.
        case "fly", "flyctl": return sub == "deploy" ? (has("--build-only") ? [.build] : [.deploy]) : []
        case "vercel": return sub == "" || sub == "deploy" || has("--prod") ? [.deploy] : []
        case "netlify": return sub == "deploy" ? [.deploy] : []
        case "railway": return sub == "up" || sub == "deploy" ? [.deploy] : []
        case "kubectl":
            // `rollout status`/`history` only watch a rollout; `restart`/`undo` change what runs.
            if sub == "rollout" { return ["restart", "undo", "resume"].contains(args.dropFirst().first ?? "") ? [.deploy] : [] }
            return ["apply", "set", "replace", "create"].contains(sub) ? [.deploy] : []
        case "helm", "helmfile":
            if sub == "lint" { return [.lint] }
            return ["upgrade", "install", "apply", "sync"].contains(sub) ? [.deploy] : []
        case "pulumi": return sub == "up" ? [.deploy] : []
        case "serverless", "sls", "cdk", "sam", "eb", "kamal", "cap", "firebase", "wrangler":
            return ["deploy", "publish"].contains(sub) ? [.deploy] : []
        case "gcloud":
            return args.contains("deploy") ? [.deploy] : []
        case "aws":
            return args.contains("update-service") || args.contains("deploy") || args.contains("update-function-code") ? [.deploy] : []
        case "heroku":
            return sub.hasPrefix("container:release") || sub == "releases:retry" ? [.deploy] : []
        // Backups
        case "pg_dump", "pg_dumpall", "pg_basebackup", "mysqldump", "mariadb-dump", "mongodump", "mydumper":
            return [.backup]
        case "restic", "borg": return sub == "backup" || sub == "create" ? [.backup] : []
        case "litestream": return sub == "replicate" ? [.backup] : []
        case "velero": return sub == "backup" ? [.backup] : []
        case "wal-g", "wal-e": return sub == "backup-push" ? [.backup] : []
        case "pgbackrest": return args.contains("backup") ? [.backup] : []
        case "barman": return sub == "backup" ? [.backup] : []
        case "sqlite3": return args.contains { $0.hasPrefix(".backup") || $0.hasPrefix(".dump") } ? [.backup] : []
        case "redis-cli": return args.contains("--rdb") || args.contains { $0.uppercased() == "BGSAVE" } ? [.backup] : []
        default:
            return nil
        }
    }

    /// `tox -e lint`, `nox -s tests`: a named session is classified by its name (`py311`,
    /// `tests`, `unit` are tests; `update_pins` is nothing); no session runs the default ones,
    /// which are tests by convention.
    static func sessionPurposes(_ args: [String]) -> Set<CommandPurpose> {
        guard let flag = args.firstIndex(where: { $0 == "-e" || $0 == "-s" || $0 == "--session" || $0 == "--sessions" }),
              flag + 1 < args.count else { return [.test] }
        var purposes: Set<CommandPurpose> = []
        for session in args[flag + 1].split(separator: ",").map(String.init) {
            var named = scriptPurposes(session, runner: "tox")
            // Sessions named after their tool: `pylint`, `mypy`, `ruff`.
            if named.isEmpty { named = toolPurposes(tool: session, args: []) ?? [] }
            if !named.isEmpty {
                purposes.formUnion(named)
            } else if session.hasPrefix("py") || session.hasPrefix("unit") || session.hasPrefix("integration") {
                purposes.insert(.test)
            }
        }
        return purposes
    }

    /// Maven phases from `test` on run the tests (unless skipped); `package` and later build.
    static func mavenPurposes(_ args: [String]) -> Set<CommandPurpose> {
        let skips = args.contains { $0 == "-DskipTests" || $0.hasPrefix("-DskipTests=true") || $0.hasPrefix("-Dmaven.test.skip=true") }
        var purposes: Set<CommandPurpose> = []
        for goal in args where !goal.hasPrefix("-") {
            switch goal {
            case "test", "verify", "integration-test": if !skips { purposes.insert(.test) }
            case "package", "install", "deploy":
                if !skips { purposes.insert(.test) }
                purposes.insert(.build)
            case "spotless:check": purposes.insert(.formatCheck)
            case "checkstyle:check", "pmd:check", "spotbugs:check": purposes.insert(.lint)
            case "org.owasp:dependency-check-maven:check", "dependency-check:check": purposes.insert(.audit)
            default: break
            }
        }
        return purposes
    }

    /// Gradle tasks: `test`, `check`, `build` (which depends on `check`) run the tests unless
    /// `-x test`; `:app:testDebugUnitTest` counts by its last segment.
    static func gradlePurposes(_ args: [String]) -> Set<CommandPurpose> {
        var excluded: Set<String> = []
        var purposes: Set<CommandPurpose> = []
        var index = 0
        while index < args.count {
            let arg = args[index]
            if arg == "-x" || arg == "--exclude-task" {
                if index + 1 < args.count { excluded.insert(args[index + 1].split(separator: ":").last.map(String.init) ?? "") }
                index += 2
                continue
            }
            index += 1
        }
        index = 0
        while index < args.count {
            let arg = args[index]
            index += 1
            if arg == "-x" || arg == "--exclude-task" { index += 1; continue }
            guard !arg.hasPrefix("-") else { continue }
            let task = arg.split(separator: ":").last.map(String.init) ?? arg
            switch task {
            case "build":
                purposes.insert(.build)
                if !excluded.contains("test"), !excluded.contains("check") { purposes.insert(.test) }
            case "assemble", "bootJar", "jar", "shadowJar", "installDist", "bundleRelease", "assembleRelease":
                purposes.insert(.build)
            case "spotlessCheck", "ktlintCheck": purposes.insert(.formatCheck)
            case "lint", "detekt", "checkstyleMain", "pmdMain", "spotbugsMain", "lintDebug", "lintRelease": purposes.insert(.lint)
            case "dependencyCheckAnalyze": purposes.insert(.audit)
            default:
                if task == "check" || task == "test" || task.hasPrefix("test") || task.hasSuffix("Test") || task.hasSuffix("Check") {
                    if !excluded.contains(task) { purposes.insert(.test) }
                }
            }
        }
        return purposes
    }

    // MARK: - Words

    static func basename(_ word: String) -> String {
        let last = word.split(separator: "/").last.map(String.init) ?? word
        return last.hasSuffix(".exe") ? String(last.dropLast(4)) : last
    }

    /// `NAME=value` (an environment assignment before a command).
    static func isAssignment(_ word: String) -> Bool {
        guard let equals = word.firstIndex(of: "="), equals != word.startIndex else { return false }
        let name = word[..<equals]
        guard let first = name.unicodeScalars.first, first == "_" || ("A"..."Z").contains(first) || ("a"..."z").contains(first)
        else { return false }
        return name.unicodeScalars.allSatisfy { $0 == "_" || ("A"..."Z").contains($0) || ("a"..."z").contains($0) || ("0"..."9").contains($0) }
    }

    /// Drops leading options (and the values of `valued` ones given as separate words).
    static func skipOptions(_ words: ArraySlice<String>, valued: Set<String>) -> ArraySlice<String> {
        var rest = words
        while let first = rest.first, first.hasPrefix("-"), first != "--", first != "-" {
            rest = rest.dropFirst()
            if valued.contains(first), !rest.isEmpty { rest = rest.dropFirst() }
        }
        return rest
    }
}

extension String {
    /// `pip_audit` → `pip-audit`: Python modules use `_` where the command uses `-`.
    fileprivate var replacingUnderscores: String {
        String(unicodeScalars.map { $0 == "_" ? "-" : Character($0) })
    }
}
