import OpsAuditKit
import OpsAuditModel
import OpsAuditTestSupport
import Testing

/// Every example of every rule, through the whole pipeline, in every variant (STYLE.md).
@Suite struct RuleExampleTests {
    @Test(arguments: ExampleCase.all())
    func example(_ example: ExampleCase) throws {
        let result = try example.run()
        let unsuppressed = result.findings.filter { $0.suppression == nil }
        let found = unsuppressed.map { $0.location.map { "\($0.path):\($0.line)" } ?? ExampleCase.repositoryLevel }.sorted()
        let (_, expected) = example.prepared()
        if example.isFailing, example.variant != .suppression {
            #expect(result.status == .failed, "\(example): expected a failure, got \(result.status.rawValue) \(result.reason ?? "")")
            #expect(found == expected, "\(example): findings at \(found), expected \(expected); messages: \(unsuppressed.map(\.message))")
        } else {
            #expect(result.status == .passed, "\(example): expected a pass, got \(result.status.rawValue) \(result.reason ?? "") \(found) \(unsuppressed.map(\.message))")
            #expect(found.isEmpty, "\(example): unexpected findings at \(found)")
        }
        if result.status == .passed, example.variant == .plain {
            #expect(!result.evidence.isEmpty, "\(example): a pass must carry evidence")
        }
    }
}
