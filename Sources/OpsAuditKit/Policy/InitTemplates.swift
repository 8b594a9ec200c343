/// The files `opsaudit init` writes: a commented `.opsaudit.yml` and, on request, a CI job.
/// Kept here (not in the CLI) so tests can feed them back through the configuration parser.
public enum InitTemplates {
    /// Where opsaudit itself is fetched from in generated CI files.
    public struct Origin: Sendable {
        /// `uses:` reference of the GitHub Action (`owner/repo@ref`).
        public var action: String
        /// Git URL of the opsaudit sources, for GitLab (built from source).
        public var repository: String
        public var ref: String

        public init(action: String = "opsaudit/opsaudit@v0.1.0", repository: String = "https://github.com/opsaudit/opsaudit.git",
                    ref: String = "v0.1.0") {
            self.action = action
            self.repository = repository
            self.ref = ref
        }
    }

    /// `.opsaudit.yml` with every section commented; `failUnder` is today's score rounded down,
    /// so the gate passes now and catches regressions.
    public static func configuration(failUnder: Double?) -> String {
        let threshold = failUnder.map { "  fail_under: \(Gate.decimal($0))   # today's score, rounded down: fail when it drops" }
            ?? "  # fail_under: 6.5"
        return """
        # opsaudit configuration. Check it with `opsaudit config check`; every key is optional.

        # Paths never read, in .gitignore syntax (e.g. fixtures that hold deliberate problems).
        exclude: []
        #  - test/fixtures/

        # Per rule, by ID or name: `off`, a severity override, or accepted findings with a reason.
        # Findings in files with comments are better accepted next to them:
        #   # opsaudit:ignore CI-003 -- e2e suite is advisory until the staging DB is back
        rules: {}
        #  CI-003:
        #    ignore: ["legacy/**"]             # findings of CI-003 under legacy/ are accepted...
        #    reason: legacy pipeline, replaced in Q3   # ...with the reason, shown in reports
        #  DEP-013: off
        #  OBS-001: { severity: low }

        # Category weights in the overall score (default 1), or `enabled: false`.
        categories: {}
        #  security: { weight: 2 }

        # The quality gate; command-line flags replace these one by one.
        gate:
        \(threshold)
          # fail_on: critical              # any unsuppressed finding this severe fails
          # min_category: { security: 6 }  # per-category minimum scores
          # min_level: 2                   # maturity level 1-4
          # baseline: .opsaudit-baseline.json  # written by `opsaudit baseline write`
          # new_only: true                 # only findings not in the baseline count

        # Directories of declarative custom rules (see docs/configuration.md).
        custom_rules: []

        # Options of the Markdown and HTML reports.
        report: {}
        #  title: Production readiness review
        #  client: ACME Corp
        #  template: docs/opsaudit-report.md.mustache

        """
    }

    /// `.github/workflows/opsaudit.yml`: installs opsaudit with its action, runs the gate, uploads
    /// SARIF to code scanning and keeps every report (JUnit included) as an artifact.
    public static func githubWorkflow(_ origin: Origin = Origin()) -> String {
        """
        # opsaudit: production-readiness gate on every push to main and every pull request.
        # The gate's thresholds live in .opsaudit.yml; findings appear as annotations on the diff,
        # in code scanning (SARIF) and in the run summary.
        name: opsaudit
        on:
          push:
            branches: [main]
          pull_request:
        permissions:
          contents: read
        jobs:
          opsaudit:
            runs-on: ubuntu-latest
            timeout-minutes: 30
            permissions:
              contents: read
              security-events: write   # upload SARIF to code scanning
            steps:
              - uses: actions/checkout@v4
              - name: Install opsaudit (built from source with the runner's Swift)
                uses: \(origin.action)
                with:
                  install-only: "true"
              - name: opsaudit gate
                run: opsaudit scan . --format sarif,junit,markdown,json --output opsaudit/ --annotations
              - name: Upload SARIF to code scanning
                if: always()
                uses: github/codeql-action/upload-sarif@v3
                with:
                  sarif_file: opsaudit/opsaudit.sarif
                  category: opsaudit
              - name: Keep the reports (JUnit, Markdown, JSON)
                if: always()
                uses: actions/upload-artifact@v4
                with:
                  name: opsaudit
                  path: opsaudit/

        """
    }

    /// `.gitlab/opsaudit.gitlab-ci.yml`: a job to include from `.gitlab-ci.yml`, with JUnit and
    /// Code Quality reports.
    public static func gitlabJob(_ origin: Origin = Origin()) -> String {
        """
        # opsaudit: production-readiness gate. Include it from .gitlab-ci.yml:
        #   include:
        #     - local: .gitlab/opsaudit.gitlab-ci.yml
        # The gate's thresholds live in .opsaudit.yml. Reports: JUnit (test view), Code Quality
        # (merge request widget), SARIF, Markdown and JSON as artifacts.
        opsaudit:
          stage: test
          image: swift:6.0
          variables:
            OPSAUDIT_REPOSITORY: \(origin.repository)
            OPSAUDIT_REF: \(origin.ref)
          script:
            - git clone --depth 1 --branch "$OPSAUDIT_REF" "$OPSAUDIT_REPOSITORY" /tmp/opsaudit
            - swift build -c release --package-path /tmp/opsaudit
            - /tmp/opsaudit/.build/release/opsaudit scan . --format junit,codeclimate,sarif,markdown,json --output opsaudit/
          artifacts:
            when: always
            paths:
              - opsaudit/
            reports:
              junit: opsaudit/opsaudit-junit.xml
              codequality: opsaudit/gl-code-quality-report.json

        """
    }
}
