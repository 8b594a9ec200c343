import OpsAuditArtifacts
import OpsAuditModel
import Testing

@Suite struct TerraformScannerTests {
    func scan(_ text: String, path: String = "infra/main.tf") -> (file: TerraformFile?, diagnostics: [Diagnostic]) {
        let result = TerraformScanner.parse(TextFile(path: path, text: text))
        return (result.artifacts.first as? TerraformFile, result.diagnostics)
    }

    static let text = #"""
    terraform {
      required_version = ">= 1.5"
      backend "s3" {
        bucket         = "acme-state"
        dynamodb_table = "locks" # locking
      }
      required_providers {
        aws = { source = "hashicorp/aws", version = "~> 5.0" }
      }
    }

    /* a block comment
       resource "fake" "x" { } */
    // line comment with { brace
    locals {
      name = "${var.env}-db-{x}"
      tags = {
        Team = "core"
      }
    }

    resource "aws_db_instance" "main" {
      engine                  = "postgres"
      backup_retention_period = 7
      deletion_protection     = true
      skip_final_snapshot     = false # keep it
      storage_encrypted       = true
      multi_az                = var.multi_az
      user_data = <<-EOF
        #!/bin/sh
        echo "}" { unbalanced
        EOF
      identifier = "${local.name}-${lookup(var.m, "k", "}")}"
    }

    module "vpc" {
      source = "terraform-aws-modules/vpc/aws"
    }

    resource "google_sql_database_instance" "db" {
      settings {
        backup_configuration { enabled = true }
        backup_configuration_extra { point_in_time_recovery_enabled = false }
      }
    }
    variable "region" {}
    output "id" { value = aws_db_instance.main.id }
    """#

    @Test func blocksAttributesAndPositions() throws {
        let (parsed, diagnostics) = scan(Self.text)
        let file = try #require(parsed)
        #expect(diagnostics.isEmpty, "\(diagnostics)")
        #expect(file.blocks.map(\.type.value) == ["terraform", "locals", "resource", "module", "resource", "variable", "output"])
        let terraform = file.blocks[0]
        #expect(terraform.location == Location(path: "infra/main.tf", line: 1, column: 1, endLine: 10))
        #expect(terraform.attribute("required_version")?.string == ">= 1.5")
        let backend = try #require(terraform.blocks("backend").first)
        #expect(backend.labels.map(\.value) == ["s3"])
        #expect(backend.labels.first?.location == Location(path: "infra/main.tf", line: 3, column: 11))
        #expect(backend.attribute("dynamodb_table")?.value.value == "\"locks\"")
        #expect(backend.attribute("dynamodb_table")?.string == "locks")
        #expect(backend.attribute("bucket")?.name.location == Location(path: "infra/main.tf", line: 4, column: 5))
        #expect(terraform.blocks("required_providers").first?.attribute("aws")?.value.value.hasPrefix("{ source") == true)

        let locals = file.blocks[1]
        #expect(locals.location.line == 15)
        #expect(locals.attribute("name")?.string == nil)  // interpolated
        #expect(locals.attribute("tags")?.value.value.contains("Team") == true)

        let db = file.blocks[2]
        #expect(db.resourceType == "aws_db_instance" && db.name == "main")
        #expect(db.address == "resource.aws_db_instance.main")
        #expect(db.attribute("backup_retention_period")?.int == 7)
        #expect(db.attribute("backup_retention_period")?.value.location == Location(path: "infra/main.tf", line: 24, column: 29))
        #expect(db.attribute("deletion_protection")?.bool == true)
        #expect(db.attribute("skip_final_snapshot")?.bool == false)
        #expect(db.attribute("skip_final_snapshot")?.value.value == "false")
        #expect(db.attribute("multi_az")?.isLiteral == false)
        #expect(db.attribute("user_data")?.value.value.hasPrefix("<<-EOF") == true)
        #expect(db.attribute("identifier")?.name.location.line == 33)
        #expect(db.location.endLine == 34)

        #expect(file.blocks[3].attribute("source")?.string == "terraform-aws-modules/vpc/aws")
        let sql = file.blocks[4]
        #expect(sql.attribute(path: "settings.backup_configuration.enabled")?.bool == true)
        #expect(sql.attribute(path: "settings.backup_configuration.enabled")?.name.location.line == 42)
        #expect(sql.findAttribute("point_in_time_recovery_enabled")?.bool == false)
        #expect(file.blocks[5].labels.first?.value == "region" && file.blocks[5].attributes.isEmpty)
        #expect(file.blocks[6].attribute("value")?.value.value == "aws_db_instance.main.id")
        #expect(file.blocks[6].location.line == 47)
    }

    @Test func databasesAndModelQueries() throws {
        let file = RepoFile(path: "infra/main.tf", kind: .terraform, size: 0, isTracked: true)
        let state = RepoFile(path: "infra/terraform.tfstate", kind: .terraformState, size: 10, isTracked: true)
        let extra = """
        resource "digitalocean_database_cluster" "cache" {
          engine = "redis"
        }
        resource "aws_s3_bucket" "b" {}
        """
        let model = RepoModel(files: [file, state], analyses: [
            FileAnalyzer.analyze(file, bytes: Array((Self.text + "\n" + extra).utf8)),
            FileAnalyzer.analyze(state, bytes: Array("{\"secret\": 1}".utf8)),
        ])
        #expect(model.terraformFiles.count == 1)
        #expect(model.terraformStateFiles.map(\.path) == ["infra/terraform.tfstate"])
        #expect(model.terraformBackends.map(\.block.labels.first?.value) == ["s3"])
        #expect(model.terraformModules.map(\.source?.string) == ["terraform-aws-modules/vpc/aws"])
        let databases = model.terraformDatabases
        #expect(databases.map(\.address) == ["aws_db_instance.main", "google_sql_database_instance.db"])
        #expect(databases[0].product == "AWS RDS instance (postgres)")
        #expect(databases[0].backupRetentionPeriod?.int == 7)
        #expect(databases[0].deletionProtection?.bool == true)
        #expect(databases[0].skipFinalSnapshot?.bool == false)
        #expect(databases[0].storageEncrypted?.bool == true)
        #expect(databases[0].multiAZ?.value.value == "var.multi_az")
        #expect(databases[1].backupConfigurationEnabled?.bool == true)
        #expect(databases[1].pointInTimeRecoveryEnabled?.bool == false)
        #expect(model.databaseEvidence.map(\.location?.line) == [22, 40])
    }

    @Test func unclosedBlockAndStringGiveDiagnostics() throws {
        let (file, diagnostics) = scan("resource \"a\" \"b\" {\n  x = 1\n")
        #expect(diagnostics.map(\.message) == ["block `resource.a.b` is not closed"])
        #expect(diagnostics.first?.location?.line == 1)
        #expect(file?.blocks.first?.attribute("x")?.int == 1)

        let (_, stringProblems) = scan("locals {\n  a = \"open\n}\n")
        #expect(stringProblems.first?.message == "unterminated string")
        #expect(stringProblems.first?.location?.line == 2)

        let (_, extra) = scan("}\nlocals {}\n")
        #expect(extra.first?.message == "unexpected `}` with no open block")

        let (_, heredoc) = scan("locals {\n  a = <<EOF\nnever ends\n}\n")
        #expect(heredoc.contains { $0.message.contains("heredoc") })
    }

    @Test func hostileInputTerminates() {
        let deep = String(repeating: "a {\n", count: 5_000) + String(repeating: "}\n", count: 5_000)
        let (file, diagnostics) = scan(deep)
        #expect(file?.blocks.count == 1)
        #expect(diagnostics.map(\.kind) == [.limit])
        let templates = "locals {\n  a = \"" + String(repeating: "${\"", count: 2_000) + "\n}\n"
        #expect(!scan(templates).diagnostics.isEmpty)
        let brackets = "locals {\n  a = " + String(repeating: "[", count: 10_000) + "\n}\n"
        #expect(!scan(brackets).diagnostics.isEmpty)
        #expect(scan("").file?.blocks.isEmpty == true)
        #expect(scan("\r\nlocals {\r\n  a = 1\r\n}\r\n").file?.blocks.first?.attribute("a")?.value.value == "1")
    }
}
