// swift-tools-version:6.0
import PackageDescription

// Dependency direction (enforced by the target graph):
//   opsaudit (CLI) → OpsAuditKit → OpsAuditRules, OpsAuditReports → OpsAuditArtifacts → OpsAuditModel
//   OpsAuditReports depends on OpsAuditModel only.
let package = Package(
    name: "opsaudit",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "opsaudit", targets: ["opsaudit"]),
        .library(name: "OpsAuditKit", targets: ["OpsAuditKit"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.0.0"),
        .package(url: "https://github.com/onevcat/Rainbow", from: "4.0.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.0.0"),
    ],
    targets: [
        .target(name: "OpsAuditModel"),
        .target(
            name: "OpsAuditArtifacts",
            dependencies: [
                "OpsAuditModel",
                .product(name: "Yams", package: "Yams"),
                .product(name: "TOMLKit", package: "TOMLKit"),
            ]
        ),
        .target(name: "OpsAuditRules", dependencies: ["OpsAuditModel", "OpsAuditArtifacts"]),
        .target(
            name: "OpsAuditReports",
            dependencies: ["OpsAuditModel", .product(name: "Mustache", package: "swift-mustache")]
        ),
        .target(
            name: "OpsAuditKit",
            dependencies: [
                "OpsAuditModel", "OpsAuditArtifacts", "OpsAuditRules", "OpsAuditReports",
                .product(name: "Yams", package: "Yams"),
            ],
            plugins: ["EmbedCatalog"]
        ),
        // Run history: the SQLite store (GRDB), trend and diff. Kept out of OpsAuditKit so the
        // scanner does not link SQLite.
        .target(
            name: "OpsAuditHistory",
            dependencies: [
                "OpsAuditKit", "OpsAuditModel", "OpsAuditReports",
                .product(name: "GRDB", package: "GRDB.swift"),
            ]
        ),
        .executableTarget(
            name: "opsaudit",
            dependencies: [
                "OpsAuditKit", "OpsAuditModel", "OpsAuditReports", "OpsAuditHistory", "OpsAuditArtifacts",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Rainbow", package: "Rainbow"),
            ]
        ),
        // Build-time tool: turns rules/**/*.yml and reports/templates/* into Swift string literals
        // so the binary carries its catalog and templates with nothing beside it.
        .executableTarget(name: "CatalogEmbedder"),
        .plugin(name: "EmbedCatalog", capability: .buildTool(), dependencies: ["CatalogEmbedder"]),
        // libxml2 for XML Schema validation in tests only (JUnit output against junit.xsd).
        .systemLibrary(name: "CLibXML2", path: "Sources/CLibXML2", pkgConfig: "libxml-2.0",
                       providers: [.apt(["libxml2-dev"]), .brew(["libxml2"])]),
        // libFuzzer targets for the parsers and scanners (scripts/fuzz.sh builds it with
        // -sanitize=fuzzer,address). Built plainly it is a replay tool; nothing depends on it.
        .executableTarget(name: "OpsAuditFuzz", dependencies: ["OpsAuditArtifacts"]),
        .target(name: "OpsAuditTestSupport", dependencies: ["OpsAuditKit", "OpsAuditModel", "OpsAuditArtifacts", "CLibXML2"]),
        .testTarget(name: "OpsAuditArtifactsTests", dependencies: ["OpsAuditArtifacts", "OpsAuditModel", "OpsAuditTestSupport"]),
        .testTarget(name: "OpsAuditRulesTests", dependencies: ["OpsAuditKit", "OpsAuditRules", "OpsAuditArtifacts", "OpsAuditModel", "OpsAuditTestSupport"]),
        .testTarget(name: "OpsAuditReportsTests", dependencies: ["OpsAuditReports", "OpsAuditKit", "OpsAuditModel", "OpsAuditTestSupport", "CLibXML2"]),
        .testTarget(name: "OpsAuditHistoryTests", dependencies: ["OpsAuditHistory", "OpsAuditKit", "OpsAuditModel", "OpsAuditTestSupport"]),
        .testTarget(name: "OpsAuditKitTests", dependencies: ["OpsAuditKit", "OpsAuditModel", "OpsAuditArtifacts", "OpsAuditTestSupport"]),
    ],
    swiftLanguageModes: [.v6]
)
