import Foundation
import OpsAuditKit
import OpsAuditModel
import Testing

// opsaudit-ignore-file SEC-001: fabricated credentials planted to check that no output leaks them.

/// A repository with one planted secret of every kind the scanner knows, in the file types they
/// are found in: every one is reported by SEC-001, and no output format carries any of them.
@Suite struct PlantedSecretsLeakTests {
    static let files: [String: String] = [
        ".env.production": "DATABASE_URL=postgres://app:OqHOBSWhgetH8L@db.internal:5432/app\nSESSION_SECRET=9uP14pEHpJpb9ATPtdbmF4RPAfqoQB7x\nSTRIPE_KEY=sk_live_NhFdnXsiVpzz63FfkCzJr4i0\nOPENAI_API_KEY=sk-proj-1IqfEouHgxzNNAL5wIScGebcy8F5n3_YNBDRzrZSgqbjG3uhkWKFLf6xuI5aHUQP\n",
        "config/settings.json": "{\"apiToken\": \"oFcSvTAxRzmaZsV2GenFmtX0moDoqW4sg8NFNl5o\", \"maps\": \"AIzaioDnkHIfxIq2HZt_PlJhx2jIclHkCiHp6bR\", \"sendgrid\": \"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\"}\n",
        "config/app.yml": "db:\n  password: FA6Qd8Mj7zdnbMjAdTdlzC5T\n  uri: mongodb+srv://admin:myqoYMaaItDr@cluster0.mongodb.net/app\nslack:\n  token: xoxb-440268599528-9078666617603-enCkhvMdgaKjIg8xNbe3nNyj\n  webhook: https://hooks.slack.com/services/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\n",
        "src/keys.go": "package main\n\nconst clientSecret := \"4uUhf7kvmlP7HVDctQUy1xvCkgaf\"\nvar anthropic = \"sk-ant-api03-tXP_tKsf2rcDkdfrUnW5gcF-Ha6ili8GjHEAD6_Wj9KfzjsQGMrb9h-ImB-LK777pzNk8cL6j5IXAAjlsHUqJo-TxoF54AA\"\nvar legacy = \"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\"\n",
        ".npmrc": "//registry.npmjs.org/:_authToken=npm_Fzbka8FRCztUjAwyuh1vauWv1zh87mTa5Vsq\n",
        ".pypirc": "[pypi]\nusername = __token__\npassword = pypi-AgEIcHlwaS5vcmcViYXjU2JgJngKtFI3OyV2dZAkg05rK-gqv81RKMGHZEM9YpvujA_C5Q52ryF\n",
        "scripts/deploy.sh": "#!/bin/sh\nexport GITHUB_TOKEN=ghp_u8jzPde0IgxLd6GncfBAepfJBd0Kh8oOOL8d\nexport GH_PAT=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\nexport GITLAB_TOKEN=glpat-ORS_6ilI8ihN5KXSc7Tv\nexport AWS_ACCESS_KEY_ID=AKIAGOJJ7G3F9CAIOCTI\nexport TWILIO_API_KEY=SK8b5b7a767c76fb008f86bebb2737f6a6\nexport TWILIO_SID=ACf0fb23c6f5da2cec255404e4fb440034\nexport MAILGUN_KEY=key-jqi3ogz5kok16zv0mwufxbv932byv7s6\nexport RK=rk_live_B3JrTAwR4y9ojfljoQoaF1Ll\ncurl -H 'Authorization: Bearer eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiI0ODIxIiwicm9sZSI6ImFkbWluIiwiaWF0IjoxNzMyOTAwMDAwfQ.lwRlOEVHzc0X0AWIRh_JUqBlIFXZ53Ncqe28-ajY75F' https://api.internal\n",
        ".github/workflows/deploy.yml": "on: push\njobs:\n  deploy:\n    runs-on: ubuntu-latest\n    steps:\n      - run: ./deploy.sh\n        env:\n          TOKEN: ghp_u8jzPde0IgxLd6GncfBAepfJBd0Kh8oOOL8d\n          SENDGRID_API_KEY: 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\n",
        "deploy/key.pem": "-----BEGIN EC PRIVATE KEY-----\nMHcCAQEEIBkg4LVWM9nuwNSk3yByxZpYRTBnVJk5PAB9fJ6VqZ8CoAoGCCqGSM49\nAwEHoUQDQgAE\n-----END EC PRIVATE KEY-----\n",
        "docs/setup.md": "# Setup\n\nUse `sk-ant-api03-tXP_tKsf2rcDkdfrUnW5gcF-Ha6ili8GjHEAD6_Wj9KfzjsQGMrb9h-ImB-LK777pzNk8cL6j5IXAAjlsHUqJo-TxoF54AA` and `npm_Fzbka8FRCztUjAwyuh1vauWv1zh87mTa5Vsq`.\n",
    ]

    /// The secret part of every planted credential (for URLs and webhooks, the part after the
    /// prefix that is allowed to show).
    static let planted: [String] = [
        "ghp_u8jzPde0IgxLd6GncfBAepfJBd0Kh8oOOL8d",
        "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",
        "glpat-ORS_6ilI8ihN5KXSc7Tv",
        "sk_live_NhFdnXsiVpzz63FfkCzJr4i0",
        "rk_live_B3JrTAwR4y9ojfljoQoaF1Ll",
        "xoxb-440268599528-9078666617603-enCkhvMdgaKjIg8xNbe3nNyj",
        "SK8b5b7a767c76fb008f86bebb2737f6a6",
        "ACf0fb23c6f5da2cec255404e4fb440034",
        "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",
        "key-jqi3ogz5kok16zv0mwufxbv932byv7s6",
        "AIzaioDnkHIfxIq2HZt_PlJhx2jIclHkCiHp6bR",
        "sk-proj-1IqfEouHgxzNNAL5wIScGebcy8F5n3_YNBDRzrZSgqbjG3uhkWKFLf6xuI5aHUQP",
        "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",
        "sk-ant-api03-tXP_tKsf2rcDkdfrUnW5gcF-Ha6ili8GjHEAD6_Wj9KfzjsQGMrb9h-ImB-LK777pzNk8cL6j5IXAAjlsHUqJo-TxoF54AA",
        "npm_Fzbka8FRCztUjAwyuh1vauWv1zh87mTa5Vsq",
        "pypi-AgEIcHlwaS5vcmcViYXjU2JgJngKtFI3OyV2dZAkg05rK-gqv81RKMGHZEM9YpvujA_C5Q52ryF",
        "AKIAGOJJ7G3F9CAIOCTI",
        "OqHOBSWhgetH8L",
        "myqoYMaaItDr",
        "9uP14pEHpJpb9ATPtdbmF4RPAfqoQB7x",
        "oFcSvTAxRzmaZsV2GenFmtX0moDoqW4sg8NFNl5o",
        "FA6Qd8Mj7zdnbMjAdTdlzC5T",
        "4uUhf7kvmlP7HVDctQUy1xvCkgaf",
        "QWX4HH53/B44TFJGVQ/E1SkHbn88HxjSI6bWHtP3fS2",
        "lwRlOEVHzc0X0AWIRh_JUqBlIFXZ53Ncqe28-ajY75F",
        "MHcCAQEEIBkg4LVWM9nuwNSk3yByxZpYRTBnVJk5PAB9fJ6VqZ8CoAoGCCqGSM49",
    ]

    @Test func noOutputFormatContainsAPlantedSecret() throws {
        let source = InMemorySource(name: "planted", texts: Self.files)
        let report = try Scanner().scan(source, options: ScanOptions()).report
        let sec001 = report.findings.filter { $0.ruleID.rawValue == "SEC-001" }
        #expect(sec001.count >= Self.planted.count - 1, "only \(sec001.count) SEC-001 findings")
        for format in ReportFormat.allCases {
            let text = try format.render(report)
            #expect(!text.isEmpty)
            for secret in Self.planted {
                #expect(!text.contains(secret), "\(format.rawValue) output contains \(secret.prefix(4))… (\(secret.count) chars)")
            }
            if format.rawValue == "text" || format.rawValue == "json" {
                #expect(text.contains("[redacted "), "\(format.rawValue) output shows no redacted form")
            }
        }
        #expect(Set(ReportFormat.allCases.map(\.rawValue)).isSuperset(of: ["text", "json", "markdown", "junit", "sarif", "html"]))
    }
}
