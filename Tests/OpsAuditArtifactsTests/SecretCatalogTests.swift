import OpsAuditArtifacts
import OpsAuditModel
import Testing

// opsaudit-ignore-file SEC-001: fabricated credentials that exercise the scanner.

/// The secret catalogue: one realistic credential of every kind (must be found, with its kind and
/// line, and never shown) and the look-alikes that must not be (placeholders, hashes, UUIDs,
/// base64 images, lockfile integrity hashes, marked test keys, code that reads a secret).
@Suite struct SecretCatalogTests {
    /// A true secret: its text, the kind it must be found as, and a part that must never be shown.
    struct Planted: Sendable, CustomTestStringConvertible {
        var name: String
        var text: String
        var kind: SecretKind
        var secret: String
        var testDescription: String { name }
    }

    /// A look-alike that must not be reported.
    struct LookAlike: Sendable, CustomTestStringConvertible {
        var name: String
        var text: String
        var testDescription: String { name }
    }

    static let planted: [Planted] = [
        Planted(name: "GitHub classic token", text: "GITHUB_TOKEN=ghp_u8jzPde0IgxLd6GncfBAepfJBd0Kh8oOOL8d", kind: .githubToken, secret: "ghp_u8jzPde0IgxLd6GncfBAepfJBd0Kh8oOOL8d"),
        Planted(name: "GitHub fine-grained token", text: "token: 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", kind: .githubToken, secret: "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"),
        Planted(name: "GitLab token", text: "export GITLAB_TOKEN=\"glpat-ORS_6ilI8ihN5KXSc7Tv\"", kind: .gitlabToken, secret: "glpat-ORS_6ilI8ihN5KXSc7Tv"),
        Planted(name: "Stripe live key", text: "stripe('sk_live_NhFdnXsiVpzz63FfkCzJr4i0')", kind: .stripeLiveKey, secret: "sk_live_NhFdnXsiVpzz63FfkCzJr4i0"),
        Planted(name: "Stripe restricted live key", text: "STRIPE_KEY=rk_live_B3JrTAwR4y9ojfljoQoaF1Ll", kind: .stripeLiveKey, secret: "rk_live_B3JrTAwR4y9ojfljoQoaF1Ll"),
        Planted(name: "Slack bot token", text: "slack_token: xoxb-440268599528-9078666617603-enCkhvMdgaKjIg8xNbe3nNyj", kind: .slackToken, secret: "xoxb-440268599528-9078666617603-enCkhvMdgaKjIg8xNbe3nNyj"),
        Planted(name: "Slack webhook", text: "curl -X POST https://hooks.slack.com/services/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", kind: .slackWebhook, secret: "QWX4HH53/B44TFJGVQ/E1SkHbn88HxjSI6bWHtP3fS2"),
        Planted(name: "Twilio API key SID", text: "TWILIO_API_KEY=SK8b5b7a767c76fb008f86bebb2737f6a6", kind: .twilioKey, secret: "SK8b5b7a767c76fb008f86bebb2737f6a6"),
        Planted(name: "Twilio account SID", text: "client = Client(\"ACf0fb23c6f5da2cec255404e4fb440034\")", kind: .twilioKey, secret: "ACf0fb23c6f5da2cec255404e4fb440034"),
        Planted(name: "SendGrid key", text: "SENDGRID_API_KEY=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", kind: .sendgridKey, secret: "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"),
        Planted(name: "Mailgun key", text: "mailgun:\n  key: key-jqi3ogz5kok16zv0mwufxbv932byv7s6", kind: .mailgunKey, secret: "key-jqi3ogz5kok16zv0mwufxbv932byv7s6"),
        Planted(name: "Google API key", text: "const maps = \"AIzaioDnkHIfxIq2HZt_PlJhx2jIclHkCiHp6bR\";", kind: .googleAPIKey, secret: "AIzaioDnkHIfxIq2HZt_PlJhx2jIclHkCiHp6bR"),
        Planted(name: "OpenAI project key", text: "OPENAI_API_KEY=sk-proj-1IqfEouHgxzNNAL5wIScGebcy8F5n3_YNBDRzrZSgqbjG3uhkWKFLf6xuI5aHUQP", kind: .openAIKey, secret: "sk-proj-1IqfEouHgxzNNAL5wIScGebcy8F5n3_YNBDRzrZSgqbjG3uhkWKFLf6xuI5aHUQP"),
        Planted(name: "OpenAI legacy key", text: "openai.api_key = \"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\"", kind: .openAIKey, secret: "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"),
        Planted(name: "Anthropic key", text: "ANTHROPIC_API_KEY=sk-ant-api03-tXP_tKsf2rcDkdfrUnW5gcF-Ha6ili8GjHEAD6_Wj9KfzjsQGMrb9h-ImB-LK777pzNk8cL6j5IXAAjlsHUqJo-TxoF54AA", kind: .anthropicKey, secret: "sk-ant-api03-tXP_tKsf2rcDkdfrUnW5gcF-Ha6ili8GjHEAD6_Wj9KfzjsQGMrb9h-ImB-LK777pzNk8cL6j5IXAAjlsHUqJo-TxoF54AA"),
        Planted(name: "npm token", text: "//registry.npmjs.org/:_authToken=npm_Fzbka8FRCztUjAwyuh1vauWv1zh87mTa5Vsq", kind: .npmToken, secret: "npm_Fzbka8FRCztUjAwyuh1vauWv1zh87mTa5Vsq"),
        Planted(name: "PyPI token", text: "password = pypi-AgEIcHlwaS5vcmcViYXjU2JgJngKtFI3OyV2dZAkg05rK-gqv81RKMGHZEM9YpvujA_C5Q52ryF", kind: .pypiToken, secret: "pypi-AgEIcHlwaS5vcmcViYXjU2JgJngKtFI3OyV2dZAkg05rK-gqv81RKMGHZEM9YpvujA_C5Q52ryF"),
        Planted(name: "signed JWT", text: "Authorization: Bearer eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiI0ODIxIiwicm9sZSI6ImFkbWluIiwiaWF0IjoxNzMyOTAwMDAwfQ.lwRlOEVHzc0X0AWIRh_JUqBlIFXZ53Ncqe28-ajY75F", kind: .jwt, secret: "lwRlOEVHzc0X0AWIRh_JUqBlIFXZ53Ncqe28-ajY75F"),
        Planted(name: "AWS access key id", text: "aws_access_key_id = AKIAGOJJ7G3F9CAIOCTI", kind: .awsAccessKey, secret: "AKIAGOJJ7G3F9CAIOCTI"),
        Planted(name: "private key block", text: "-----BEGIN EC PRIVATE KEY-----\nMHcCAQEEIBkg4LVWM9nuwNSk3yByxZpYRTBnVJk5PAB9fJ6VqZ8CoAoGCCqGSM49\nAwEHoUQDQgAE\n-----END EC PRIVATE KEY-----", kind: .privateKey, secret: "MHcCAQEEIBkg4LVWM9nuwNSk3yByxZpYRTBnVJk5PAB9fJ6VqZ8CoAoGCCqGSM49"),
        Planted(name: "Postgres URL with password", text: "DATABASE_URL=postgres://app:OqHOBSWhgetH8L@db.internal:5432/app", kind: .databaseURL, secret: "OqHOBSWhgetH8L"),
        Planted(name: "MongoDB SRV URL with password", text: "uri: \"mongodb+srv://admin:myqoYMaaItDr@cluster0.mongodb.net/app\"", kind: .databaseURL, secret: "myqoYMaaItDr"),
        Planted(name: "secret-named env assignment", text: "SESSION_SECRET=9uP14pEHpJpb9ATPtdbmF4RPAfqoQB7x", kind: .generic, secret: "9uP14pEHpJpb9ATPtdbmF4RPAfqoQB7x"),
        Planted(name: "secret-named JSON property", text: "{\"apiToken\": \"oFcSvTAxRzmaZsV2GenFmtX0moDoqW4sg8NFNl5o\"}", kind: .generic, secret: "oFcSvTAxRzmaZsV2GenFmtX0moDoqW4sg8NFNl5o"),
        Planted(name: "secret-named YAML key", text: "db:\n  password: FA6Qd8Mj7zdnbMjAdTdlzC5T", kind: .generic, secret: "FA6Qd8Mj7zdnbMjAdTdlzC5T"),
        Planted(name: "Go constant", text: "const clientSecret := \"4uUhf7kvmlP7HVDctQUy1xvCkgaf\"", kind: .generic, secret: "4uUhf7kvmlP7HVDctQUy1xvCkgaf"),
    ]

    static let lookAlikes: [LookAlike] = [
        LookAlike(name: "AWS documented example key", text: "aws_access_key_id = AKIAIOSFODNN7EXAMPLE"),
        LookAlike(name: "Stripe test key", text: "STRIPE_KEY=sk_test_4eC39HqLyjWDarjtT1zdp7dc"),
        LookAlike(name: "all-zero token", text: "GITHUB_TOKEN=ghp_000000000000000000000000000000000000"),
        LookAlike(name: "x-filled token", text: "token: ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"),
        LookAlike(name: "your-... placeholder", text: "API_KEY=your-api-key-here"),
        LookAlike(name: "changeme", text: "DB_PASSWORD=changeme"),
        LookAlike(name: "angle-bracket placeholder", text: "SECRET_KEY=<generate-a-long-random-string>"),
        LookAlike(name: "shell reference", text: "JWT_SECRET=${JWT_SECRET}"),
        LookAlike(name: "workflow secret reference", text: "  NPM_TOKEN: ${{ secrets.NPM_TOKEN }}"),
        LookAlike(name: "template URL password", text: "DATABASE_URL=postgres://user:password@localhost:5432/app"),
        LookAlike(name: "URL password from a variable", text: "url: postgres://postgres:${POSTGRES_PASSWORD}@db:5432/app"),
        LookAlike(name: "URL without password", text: "REDIS_URL=redis://cache.internal:6379/0"),
        LookAlike(name: "git commit SHA", text: "commit_sha: 3f6a3f1c9b2e8d4a7f0e1b5c6d9a2e4f8b7c1d3e"),
        LookAlike(name: "lockfile integrity hash", text: "\"integrity\": \"sha512-Q1rVhvyBXnJ9h0q1JrCHj8nXIOTnPb3o5DuJzgSmBVKdK0FhLyh3MeHpQZ6NBc2DjpGKlyXeX9EMybXwL7SiA==\""),
        LookAlike(name: "container image digest", text: "image: postgres@sha256:9c4b3e7f0a6d2e8b1c5f4a9d7e3b0c6a2f8e1d5b4c7a9e0f3d6b2a8c1e4f7b9"),
        LookAlike(name: "UUID under a secret-named key", text: "API_KEY=123e4567-e89b-12d3-a456-426614174000"),
        LookAlike(name: "base64 image", text: "background: url(data:image/png;base64,jymz1z9qwrae3SwZ8mS+5GKluvIP0n7PFMAR7SAfg2MgrbmLqxaGoo2YASEMdzbz7sWA3PxD/l0Em014p6PruShlyFF+0CER9qZS2jUkhytqMdf/5Fh3RNXr)"),
        LookAlike(name: "bcrypt hash of a password", text: "password_hash: $2b$12$eD6Wlo+JvoKFZeB+X314TpBgpyHKgH12M+0SNALzduW"),
        LookAlike(name: "jwt.io sample token", text: "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c"),
        LookAlike(name: "unsigned JWT", text: "token: eyJhbGciOiJub25lIn0.eyJzdWIiOiI0ODIxIn0."),
        LookAlike(name: "marked Django development key", text: "SECRET_KEY = 'django-insecure-7k2m9x4q8w1e5r3t6y0u'"),
        LookAlike(name: "secret read from code", text: "password = request.form.password"),
        LookAlike(name: "secret from a call", text: "token = fetch_token(user_id, 'scope')"),
        LookAlike(name: "low-entropy value", text: "ADMIN_PASSWORD=aaaaaaaabbbbbbbb"),
        LookAlike(name: "key length setting", text: "MAX_TOKEN_LENGTH=4096"),
        LookAlike(name: "token endpoint URL", text: "OAUTH_TOKEN_URL=https://auth.example.org/oauth2/token"),
        LookAlike(name: "public key", text: "STRIPE_PUBLIC_KEY=pk_live_51H8aXyZ2bC3dE4fG5hI6jK7"),
        LookAlike(name: "private key header in prose", text: "Paste the block that starts with -----BEGIN RSA PRIVATE KEY----- into the field."),
        LookAlike(name: "SSH public key", text: "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQC7k2m9x4q8w1e5r3t6y0uXa deploy@host"),
        LookAlike(name: "Twilio-like id inside a word", text: "TASK8b5b7a767c76fb008f86bebb2737f6a6"),
        LookAlike(name: "comparison, not assignment", text: "if token == \"k8Hq2LmX9vB4nT7wR1yZ\" {"),
        LookAlike(name: "DNS verification record", text: "\"1password-site-verification=UVX2GYFY6BEWBO4OIYWSQ7K3LA\""),
        LookAlike(name: "constant-case enum value", text: "customer_master_key_spec = \"ECC_NIST_P256\""),
        LookAlike(name: "host:port after a secret-looking host name", text: "url: mysql://app:Qw7Er9Ty2Ui4@tokenserver_db:3306/tokenserver"),
        LookAlike(name: "local development URL where the password repeats the user", text: "DATABASE_URL=postgresql://umami:umami@db.example.com:5432/umami"),
        LookAlike(name: "URL to a compose service name", text: "DATABASE_URL=mysql://root:whalehello@db:3306/app"),
        LookAlike(name: "sk- prefix of a slug", text: "sk-learn-model-selection-and-evaluation-guide"),
    ]

    func scan(_ text: String) -> [SecretMatch] { SecretScanner.scan(TextFile(path: "f", text: text)) }

    @Test(arguments: planted)
    func plantedSecretIsFoundAndNeverShown(_ planted: Planted) {
        let text = "# config\n" + planted.text + "\n"
        let found = scan(text)
        #expect(found.map(\.kind) == [planted.kind])
        #expect(found.first?.location.line == 2 || planted.text.hasPrefix("db:") || planted.text.hasPrefix("mailgun:"))
        for match in found {
            #expect(!match.redacted.contains(planted.secret))
            #expect(match.redacted.contains("[redacted "))
        }
        #expect(!SecretRedactor.redact(text).contains(planted.secret))
        #expect(!SecretScanner.redact(text).contains(planted.secret))
    }

    @Test(arguments: lookAlikes)
    func lookAlikeIsNotASecret(_ lookAlike: LookAlike) {
        #expect(scan(lookAlike.text).isEmpty, "\(scan(lookAlike.text).map(\.redacted))")
    }

    @Test func catalogueCoversEveryKind() {
        #expect(Set(Self.planted.map(\.kind)) == Set(SecretKind.allCases))
        #expect(Self.planted.count + Self.lookAlikes.count >= 40)
    }

    @Test func redactedFormIsPrefixLengthAndStableHash() throws {
        let a = try #require(scan("x ghp_u8jzPde0IgxLd6GncfBAepfJBd0Kh8oOOL8d").first)
        let b = try #require(scan("y = ghp_u8jzPde0IgxLd6GncfBAepfJBd0Kh8oOOL8d").first)
        #expect(a.redacted == b.redacted)
        #expect(a.redacted.hasPrefix("ghp_…[redacted 40 chars #"))
        let url = try #require(scan("postgres://app:OqHOBSWhgetH8L@db.internal/app").first)
        #expect(url.redacted.hasPrefix("postgres://app:…[redacted"))
        #expect(url.location.column == 1)
        let generic = try #require(scan("  SESSION_SECRET=9uP14pEHpJpb9ATPtdbmF4RPAfqoQB7x").first)
        #expect(generic.redacted.hasPrefix("[redacted 32 chars #"))
        #expect(generic.location.column == 18)
    }

    @Test func hostileInputStaysLinear() {
        // Key headers with material and no footer, assignments and URLs by the thousand.
        let header = "-----BEGIN RSA PRIVATE KEY-----\n" + String(repeating: "QUJD", count: 12) + "\n"
        let text = String(repeating: header, count: 5_000) + String(repeating: "password: x postgres://u:p@h token=", count: 20_000)
        let start = ContinuousClock.now
        _ = SecretScanner.redact(text)
        #expect(ContinuousClock.now - start < .seconds(10))
    }

    @Test func entropyIsOnTheValueOnly() {
        #expect(SecretScanner.entropy(ArraySlice(Array("aaaa".utf8))) == 0)
        #expect(SecretScanner.entropy(ArraySlice(Array("abcd".utf8))) == 2)
        #expect(SecretScanner.isSecretName("aws_secret_access_key"))
        #expect(!SecretScanner.isSecretName("max_token_length"))
        #expect(!SecretScanner.isSecretName("stripe_public_key"))
        #expect(!SecretScanner.isSecretName("SYNC_TOKENSERVER__FXA_EMAIL_DOMAIN"))
        #expect(!SecretScanner.isSecretName("token_format"))
        #expect(SecretScanner.isSecretName("clientSecret"))
        #expect(SecretScanner.isSecretName("OPENAI_API_KEY"))
        #expect(SecretScanner.isSecretName("apiToken"))
        #expect(!SecretScanner.isSecretName("keyboard"))
    }
}
