import OpsAuditArtifacts
import OpsAuditModel
import Testing

@Suite struct SecretScannerTests {
    func scan(_ text: String) -> [SecretMatch] { SecretScanner.scan(TextFile(path: "f", text: text)) }

    @Test func findsEachKindWithItsPosition() {
        let text = """
        a: 1
        token = "ghp_u8jzPde0IgxLd6GncfBAepfJBd0Kh8oOOL8d"
          AKIAZDOC9IS0J8HT9LGM
        stripe('sk_live_xgJTeKdNnFRIBXuDL7DxtpYl')
        xoxb-319487574911-862527601895-vSwMFLZDe1f8rESQedUStPKR
        https://hooks.slack.com/services/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
        """
        let found = scan(text)
        #expect(found.map(\.kind) == [.githubToken, .awsAccessKey, .stripeLiveKey, .slackToken, .slackWebhook])
        #expect(found.map(\.location.line) == [2, 3, 4, 5, 6])
        #expect(found[0].location.column == 10)
        #expect(found[1].location.column == 3)
        #expect(found.allSatisfy { $0.redacted.contains("[redacted ") && $0.redacted.hasSuffix("]") })
        #expect(found[0].redacted.hasPrefix("ghp_…[redacted 40 chars #"))
        #expect(!found[0].redacted.contains("u8jzPde0"))
    }

    @Test func privateKeyNeedsKeyMaterial() {
        let key = "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW\n-----END OPENSSH PRIVATE KEY-----\n"
        #expect(scan(key).map(\.kind) == [.privateKey])
        #expect(scan("Keys start with -----BEGIN RSA PRIVATE KEY----- and end with...").isEmpty)
    }

    @Test func placeholdersTestKeysAndNearMissesAreNotSecrets() {
        #expect(scan("AKIAIOSFODNN7EXAMPLE").isEmpty)
        #expect(scan("sk_test_4eC39HqLyjWDarjtT1zdp7dc").isEmpty)
        #expect(scan("ghp_000000000000000000000000000000000000").isEmpty)
        #expect(scan("ghp_short").isEmpty)
        #expect(scan("XAKIAZDOC9IS0J8HT9LGM").isEmpty, "not at a word boundary")
        #expect(scan("AKIAZDOC9IS0J8HT9LGMX").isEmpty, "too long for an access key ID")
        #expect(scan("${{ secrets.GITHUB_TOKEN }}").isEmpty)
    }

    @Test func redactionMasksShapesAndSecretNamedValues() {
        #expect(SecretRedactor.redact("TOKEN=ghp_u8jzPde0IgxLd6GncfBAepfJBd0Kh8oOOL8d").contains("[redacted "))
        #expect(!SecretRedactor.redact("x ghp_u8jzPde0IgxLd6GncfBAepfJBd0Kh8oOOL8d y").contains("Kh8oOOL8d"))
        #expect(SecretRedactor.redact("DATABASE_PASSWORD=hunter2hunter2") == "DATABASE_PASSWORD=[redacted]")
        #expect(SecretRedactor.redact("  api_key: \"hunter2hunter2\"") == "  api_key: [redacted]")
        #expect(SecretRedactor.redact("  api_key: \"abcd1234efgh\"").hasPrefix("  api_key: \"[redacted 12 chars #"))
        #expect(SecretRedactor.redact("SECRET_KEY=${SECRET_KEY}") == "SECRET_KEY=${SECRET_KEY}")
        #expect(SecretRedactor.redact("token: ${{ secrets.NPM_TOKEN }}") == "token: ${{ secrets.NPM_TOKEN }}")
        #expect(SecretRedactor.redact("run: npm test || true") == "run: npm test || true")
        // Every assignment on the line, not only the first.
        #expect(SecretRedactor.redact("ENV AWS_REGION=eu-west-1 AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMIK7MDENGbPxRfiCY AWS_TOKEN=\"abc def ghi\"")
                == "ENV AWS_REGION=eu-west-1 AWS_SECRET_ACCESS_KEY=[redacted 28 chars #d429d5] AWS_TOKEN=[redacted]")
        #expect(SecretRedactor.redact("- run: npm test || true  # password=Hunter2Hunter2") == "- run: npm test || true  # password=[redacted]")
        #expect(SecretRedactor.redact("author: Jane Doe") == "author: Jane Doe")
        #expect(SecretRedactor.redact("url: https://example.com/auth?x=1") == "url: https://example.com/auth?x=1")
    }

    @Test func hugeLineWithoutSecretsIsLinear() {
        let text = String(repeating: "ghp_ AKIA xox- -----BEGIN ", count: 40_000)
        #expect(scan(text).isEmpty)
    }
}
