import OpsAuditModel

/// A managed database declared in Terraform, with the settings backup and resilience rules read.
public struct TerraformDatabase: Sendable {
    public var path: String
    public var block: TerraformBlock
    /// `PostgreSQL (AWS RDS)`, `Cloud SQL`…: the resource type's product, for messages.
    public var product: String

    /// `resource "aws_db_instance" "main"` → `aws_db_instance.main`.
    public var address: String { "\(block.resourceType ?? "").\(block.name ?? "")" }

    /// AWS `backup_retention_period`, Azure `backup_retention_days`.
    public var backupRetentionPeriod: TerraformAttribute? {
        block.attribute("backup_retention_period") ?? block.attribute("backup_retention_days")
    }
    public var deletionProtection: TerraformAttribute? { block.attribute("deletion_protection") }
    public var skipFinalSnapshot: TerraformAttribute? { block.attribute("skip_final_snapshot") }
    public var storageEncrypted: TerraformAttribute? { block.attribute("storage_encrypted") }
    public var multiAZ: TerraformAttribute? { block.attribute("multi_az") }
    /// `backup_configuration { enabled = … }` at any depth (Cloud SQL nests it under `settings`).
    public var backupConfigurationEnabled: TerraformAttribute? {
        block.attribute(path: "settings.backup_configuration.enabled") ?? block.attribute(path: "backup_configuration.enabled")
    }
    /// Cloud SQL `point_in_time_recovery_enabled`, DynamoDB `point_in_time_recovery { enabled }`.
    public var pointInTimeRecoveryEnabled: TerraformAttribute? {
        block.findAttribute("point_in_time_recovery_enabled") ?? block.attribute(path: "point_in_time_recovery.enabled")
    }
}

extension RepoModel {
    public var terraformFiles: [TerraformFile] { artifacts(TerraformFile.self) }

    /// Committed Terraform state (`*.tfstate`, `*.tfstate.backup`): present files only, never read.
    public var terraformStateFiles: [RepoFile] { files(.terraformState) }

    /// Every top-level `resource` block with its file, in path order.
    public var terraformResources: [(path: String, block: TerraformBlock)] {
        terraformFiles.flatMap { file in file.blocks.filter { $0.type.value == "resource" }.map { (file.path, $0) } }
    }

    /// `module` blocks with their `source`.
    public var terraformModules: [(path: String, block: TerraformBlock, source: TerraformAttribute?)] {
        terraformFiles.flatMap { file in
            file.blocks.filter { $0.type.value == "module" }.map { (file.path, $0, $0.attribute("source")) }
        }
    }

    /// `backend` blocks inside `terraform { … }` (`backend "s3" { … }`), and Terraform Cloud `cloud` blocks.
    public var terraformBackends: [(path: String, block: TerraformBlock)] {
        terraformFiles.flatMap { file in
            file.blocks.filter { $0.type.value == "terraform" }.flatMap { terraform in
                terraform.blocks.filter { $0.type.value == "backend" || $0.type.value == "cloud" }.map { (file.path, $0) }
            }
        }
    }

    /// Managed databases declared as Terraform resources (caches such as Redis excluded).
    public var terraformDatabases: [TerraformDatabase] {
        terraformResources.compactMap { path, block in
            guard let type = block.resourceType, let product = TerraformDatabase.product(of: type, block: block) else { return nil }
            return TerraformDatabase(path: path, block: block, product: product)
        }
    }
}

extension TerraformDatabase {
    static let products: [String: String] = [
        "aws_db_instance": "AWS RDS instance", "aws_rds_cluster": "AWS RDS/Aurora cluster",
        "aws_docdb_cluster": "AWS DocumentDB cluster", "aws_neptune_cluster": "AWS Neptune cluster",
        "aws_dynamodb_table": "AWS DynamoDB table", "aws_redshift_cluster": "AWS Redshift cluster",
        "google_sql_database_instance": "Google Cloud SQL instance", "google_spanner_instance": "Google Spanner instance",
        "google_alloydb_cluster": "Google AlloyDB cluster", "google_firestore_database": "Google Firestore database",
        "azurerm_postgresql_server": "Azure PostgreSQL server", "azurerm_postgresql_flexible_server": "Azure PostgreSQL flexible server",
        "azurerm_mysql_server": "Azure MySQL server", "azurerm_mysql_flexible_server": "Azure MySQL flexible server",
        "azurerm_mariadb_server": "Azure MariaDB server", "azurerm_mssql_server": "Azure SQL server",
        "azurerm_mssql_database": "Azure SQL database", "azurerm_sql_database": "Azure SQL database",
        "azurerm_cosmosdb_account": "Azure Cosmos DB account",
        "digitalocean_database_cluster": "DigitalOcean managed database",
        "mongodbatlas_cluster": "MongoDB Atlas cluster", "mongodbatlas_advanced_cluster": "MongoDB Atlas cluster",
        "scaleway_rdb_instance": "Scaleway database", "linode_database_postgresql": "Linode PostgreSQL",
        "linode_database_mysql": "Linode MySQL", "heroku_addon": "Heroku add-on", "neon_project": "Neon project",
    ]

    /// The product a resource type names, when it is a database; engines that are caches do not count.
    static func product(of type: String, block: TerraformBlock) -> String? {
        guard let product = products[type] else { return nil }
        let engine = (block.attribute("engine")?.string ?? "").lowercased()
        if engine.contains("redis") || engine.contains("valkey") || engine.contains("memcache") { return nil }
        if type == "heroku_addon" {
            let plan = block.attribute("plan")?.string ?? ""
            guard plan.hasPrefix("heroku-postgresql") else { return nil }
        }
        return engine.isEmpty ? product : "\(product) (\(engine))"
    }
}
