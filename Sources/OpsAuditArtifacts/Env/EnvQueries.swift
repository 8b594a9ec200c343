import Foundation
import OpsAuditModel

extension EnvEntry {
    /// Key words that name a credential.
    static let secretKeyWords = ["SECRET", "PASSWORD", "PASSWD", "TOKEN", "PRIVATE", "CREDENTIAL", "API_KEY", "APIKEY",
                                 "ACCESS_KEY", "AUTH", "DSN"]

    /// True when the entry looks like a real secret: a credential-shaped value, a secret-named
    /// key with a non-placeholder value, or a URL with an embedded password.
    public var looksSecret: Bool {
        let value = self.value.trimmingCharacters(in: .whitespaces)
        guard !value.isEmpty, !Self.isPlaceholder(value) else { return false }
        if SecretScanner.redact(value) != value { return true }
        if Self.urlHasPassword(value) { return true }
        let key = self.key.value.uppercased()
        let named = Self.secretKeyWords.contains { key.contains($0) } && !key.contains("PUBLIC") && !key.hasSuffix("_URL")
        return named && value.count >= 8
    }

    /// `changeme`, `your-key-here`, `<token>`, `xxx`, `${VAR}`, `password`…
    static func isPlaceholder(_ value: String) -> Bool {
        let lower = value.lowercased()
        if lower.hasPrefix("${") || lower.hasPrefix("$(") || lower.hasPrefix("<") || lower.contains("{{") { return true }
        let fragments = ["changeme", "change_me", "change-me", "your_", "your-", "yourkey", "example", "placeholder",
                         "replace", "xxx", "todo", "dummy", "fake", "..."]
        let whole: Set<String> = ["secret", "password", "test", "sample", "none", "null", "true", "false", "development"]
        if whole.contains(lower) || Set(lower).count <= 2 { return true }
        return fragments.contains { lower.contains($0) } && !Self.urlHasPassword(value)
    }

    /// `scheme://user:password@host` with a password that is not a placeholder.
    static func urlHasPassword(_ value: String) -> Bool {
        guard let scheme = value.range(of: "://"), let at = value[scheme.upperBound...].firstIndex(of: "@") else { return false }
        let credentials = value[scheme.upperBound..<at]
        guard let colon = credentials.firstIndex(of: ":") else { return false }
        let password = credentials[credentials.index(after: colon)...].lowercased()
        let placeholders = ["password", "pass", "secret", "changeme", "postgres", "root", "example", "user"]
        // `postgres://placeholder:placeholder@…`, `your-password`: template values, not credentials.
        let fragments = ["placeholder", "example", "changeme", "your", "dummy", "fake", "xxx"]
        return !password.isEmpty && !password.hasPrefix("$") && !placeholders.contains(password)
            && !fragments.contains(where: password.contains)
    }
}
