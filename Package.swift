// swift-tools-version:6.0
import PackageDescription

// Layers, lowest first; a target may use only the ones above it (docs/architecture.md):
//   StrataCore      computation: ingest, tables, features, segments, models, rules, insights, history, formatting
//   StrataOutputs   CSV/JSON/text renderings and the report
//   StrataStore     the embedded SQLite store (GRDB)
//   StrataPipeline  the whole analysis as one library call, and its artefacts on disk
//   StrataCLI       the `strata` commands (argument parsing and printing only)
let package = Package(
    name: "Strata",
    platforms: [.macOS(.v13)],
    products: [
        .library(name: "StrataCore", targets: ["StrataCore"]),
        .library(name: "StrataPipeline", targets: ["StrataPipeline"]),
        .executable(name: "strata", targets: ["strata"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "5.0.1"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
    ],
    targets: [
        .target(name: "StrataCore", dependencies: [.product(name: "Yams", package: "Yams")]),
        .target(name: "StrataOutputs", dependencies: ["StrataCore"]),
        .target(name: "StrataStore", dependencies: ["StrataCore", .product(name: "GRDB", package: "GRDB.swift"),
                                                   .product(name: "GRDBSQLite", package: "GRDB.swift")]),
        .target(name: "StrataPipeline", dependencies: ["StrataCore", "StrataOutputs", "StrataStore"]),
        .target(
            name: "StrataCLI",
            dependencies: ["StrataCore", "StrataOutputs", "StrataStore", "StrataPipeline",
                           .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        .executableTarget(name: "strata", dependencies: ["StrataCLI"]),
        .testTarget(
            name: "StrataTests",
            dependencies: ["StrataCore", "StrataOutputs", "StrataStore", "StrataPipeline", "StrataCLI",
                           .product(name: "GRDB", package: "GRDB.swift")]
        ),
    ]
)
