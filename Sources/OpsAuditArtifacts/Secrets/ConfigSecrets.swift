import Foundation
import OpsAuditModel

/// One environment variable given a literal value in a CI or deploy config, with where it is
/// set and how that file should have referenced a secret instead.
public struct ConfigEnvLiteral: Sendable {
    /// The variable name, at its key.
    public var key: Located<String>
    /// The literal as written (never put in a message: it may be a secret).
    public var value: String
    /// `workflow env`, `render envVars`, `compose environment`, `kubernetes env`, `fly.toml [env]`.
    public var place: String
    /// The form the platform offers for secrets.
    public var secretForm: String

    public init(key: Located<String>, value: String, place: String, secretForm: String) {
        self.key = key
        self.value = value
        self.place = place
        self.secretForm = secretForm
    }
}

extension ConfigEnvLiteral {
    /// True when the literal is a credential: a known shape or a high-entropy literal (whatever
    /// the key), or a secret-named key holding a non-placeholder, non-reference value of at least
    /// 8 characters. Well-known local defaults (`postgres`, `password`, `root`) are not secrets.
    public var isHardcodedSecret: Bool {
        let value = self.value.trimmingCharacters(in: .whitespaces)
        guard !value.isEmpty else { return false }
        let line = "\(key.value)=\(value)"
        if SecretScanner.redact(line) != line { return true }
        let lower = value.lowercased()
        let reference = value.hasPrefix("$") || value.contains("${") || value.contains("{{") || value.hasPrefix("/")
            || value.contains("://")
        // Compose runs throwaway local containers: only credential shapes and high-entropy values
        // count there, not the demo passwords every compose example sets.
        guard !place.hasPrefix("compose") else { return false }
        let fake = ["test", "e2e", "dummy", "fake", "mock", "local", "dev", "password", "secret", "changeme", "example"]
        let constant = value.contains("_") && !value.contains(where: \.isLowercase)
        return SecretScanner.isSecretName(key.value) && !reference && value.count >= 8 && !fake.contains(where: lower.contains)
            && !constant && !EnvEntry.isPlaceholder(value) && !SecretScanner.isPlaceholder(ArraySlice(Array(value.utf8)))
    }

    /// The value after `key` on its line (`KEY: value`, `KEY = "value"`), quotes and trailing
    /// comments removed; for models that keep only the key.
    static func value(after key: Located<String>, in text: TextFile?) -> String? {
        guard let text else { return nil }
        let line = text.line(key.location.line)
        guard let keyRange = line.range(of: key.value) else { return nil }
        var rest = line[keyRange.upperBound...].drop { $0 == " " || $0 == "\t" || $0 == "\"" || $0 == "'" }
        guard let separator = rest.first, separator == ":" || separator == "=" else { return nil }
        rest = rest.dropFirst().drop { $0 == " " || $0 == "\t" }
        var value = String(rest).trimmingCharacters(in: .whitespacesAndNewlines)
        if let quote = value.first, quote == "\"" || quote == "'" {
            value = String(value.dropFirst().prefix { $0 != quote })
        } else if let hash = value.range(of: " #") {
            value = String(value[..<hash.lowerBound]).trimmingCharacters(in: .whitespaces)
        }
        return value
    }
}

extension RepoModel {
    /// Every env variable set to a literal in workflows, render blueprints, compose files,
    /// Kubernetes workloads and fly.toml, in that order.
    public var configEnvLiterals: [ConfigEnvLiteral] {
        var result: [ConfigEnvLiteral] = []
        let workflowForm = "`${{ secrets.NAME }}`"
        for workflow in workflows {
            let text = self.text(of: workflow.path)
            var keyed = workflow.envKeys
            for job in workflow.jobs { keyed += job.envKeys }
            for key in keyed {
                if let value = ConfigEnvLiteral.value(after: key, in: text) {
                    result.append(ConfigEnvLiteral(key: key, value: value, place: "workflow `env:`", secretForm: workflowForm))
                }
            }
            for step in workflow.jobs.flatMap(\.steps) {
                for entry in step.env {
                    result.append(ConfigEnvLiteral(key: entry.key, value: entry.value.value, place: "step `env:`", secretForm: workflowForm))
                }
                for entry in step.with {
                    result.append(ConfigEnvLiteral(key: entry.key, value: entry.value.value, place: "step `with:`", secretForm: workflowForm))
                }
            }
        }
        for blueprint in renderBlueprints {
            for variable in blueprint.services.flatMap(\.envVars) {
                if let value = variable.value {
                    result.append(ConfigEnvLiteral(key: variable.key, value: value.value, place: "render `envVars`",
                                                   secretForm: "`sync: false` or `generateValue: true`"))
                }
            }
        }
        for compose in composeFiles {
            for variable in compose.services.flatMap(\.environment) {
                if let value = variable.value {
                    result.append(ConfigEnvLiteral(key: variable.key, value: value, place: "compose `environment`",
                                                   secretForm: "`${VAR}` from an ignored `.env` or compose `secrets:`"))
                }
            }
        }
        for object in kubernetesWorkloads {
            guard let pod = object.workload else { continue }
            for variable in (pod.containers + pod.initContainers).flatMap(\.env) {
                if let value = variable.value, !variable.isReference {
                    result.append(ConfigEnvLiteral(key: variable.name, value: value.value, place: "Kubernetes `env`",
                                                   secretForm: "`valueFrom.secretKeyRef`"))
                }
            }
        }
        for fly in flyConfigs {
            let text = self.text(of: fly.path)
            for key in fly.env {
                if let value = ConfigEnvLiteral.value(after: key, in: text) {
                    result.append(ConfigEnvLiteral(key: key, value: value, place: "fly.toml `[env]`", secretForm: "`fly secrets set`"))
                }
            }
        }
        return result
    }
}
