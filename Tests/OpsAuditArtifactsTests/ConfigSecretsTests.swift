import OpsAuditArtifacts
import OpsAuditModel
import OpsAuditTestSupport
import Testing

// opsaudit-ignore-file SEC-001: fabricated credentials.

/// `RepoModel.configEnvLiterals` and `ConfigEnvLiteral.isHardcodedSecret`.
@Suite struct ConfigSecretsTests {
    func model(_ texts: [String: String]) -> RepoModel { repoModel(texts) }

    @Test func literalsFromEveryConfigWithTheirKeys() {
        let repo = model([
            ".github/workflows/ci.yml": "on: push\nenv:\n  API_TOKEN: \"k8Hq2LmX9vB4nT7wR1yZ3cD5\"\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n      - run: x\n        env:\n          NPM_TOKEN: ${{ secrets.NPM_TOKEN }}\n",
            "fly.toml": "app = \"a\"\n[env]\n  LOG_LEVEL = \"info\" # comment\n  SESSION_SECRET = '4uUhf7kvmlP7HVDctQUy1xvCkgaf'\n",
            "docker-compose.yml": "services:\n  db:\n    image: postgres\n    environment:\n      POSTGRES_PASSWORD: postgres\n",
        ])
        let literals = repo.configEnvLiterals
        let byKey = Dictionary(literals.map { ($0.key.value, $0) }, uniquingKeysWith: { a, _ in a })
        #expect(byKey["API_TOKEN"]?.value == "k8Hq2LmX9vB4nT7wR1yZ3cD5")
        #expect(byKey["API_TOKEN"]?.key.location.line == 3)
        #expect(byKey["API_TOKEN"]?.isHardcodedSecret == true)
        #expect(byKey["NPM_TOKEN"]?.isHardcodedSecret == false)
        #expect(byKey["LOG_LEVEL"]?.value == "info")
        #expect(byKey["SESSION_SECRET"]?.value == "4uUhf7kvmlP7HVDctQUy1xvCkgaf")
        #expect(byKey["SESSION_SECRET"]?.isHardcodedSecret == true)
        #expect(byKey["SESSION_SECRET"]?.key.location.path == "fly.toml")
        #expect(byKey["POSTGRES_PASSWORD"]?.isHardcodedSecret == false, "a well-known local default")
    }

    @Test func secretNamedKeysNeedARealLookingValue() {
        func literal(_ key: String, _ value: String) -> ConfigEnvLiteral {
            ConfigEnvLiteral(key: Located(key, at: Location(path: "f", line: 1)), value: value, place: "p", secretForm: "s")
        }
        #expect(literal("DB_PASSWORD", "s3cr3t-pa55w0rd").isHardcodedSecret)
        #expect(!literal("DB_PASSWORD", "changeme").isHardcodedSecret)
        #expect(!literal("DB_PASSWORD", "${DB_PASSWORD}").isHardcodedSecret)
        #expect(!literal("MAX_TOKEN_LENGTH", "409612345").isHardcodedSecret)
        #expect(!literal("JWT_SECRET", "test-jwt-secret-for-ci").isHardcodedSecret)
        #expect(!literal("GOOGLE_API_KEY", "GOOGLE_API_KEY_VAL").isHardcodedSecret)
        #expect(literal("GH", "ghp_u8jzPde0IgxLd6GncfBAepfJBd0Kh8oOOL8d").isHardcodedSecret, "a shape counts whatever the key")
    }
}
