// swift-tools-version:6.0
import PackageDescription

// Layers, lowest first; a target may use only the ones above it (docs/architecture.md):
//   StrataCore      computation: ingest, tables, features, segments, models, rules, insights, history, formatting
//   StrataOutputs   CSV/JSON/text renderings and the report
//   StrataStore     the embedded SQLite store (GRDB)
//   StrataEngines   the features computed in SQLite, PostgreSQL or Spark from the generated SQL
//   StrataPipeline  the whole analysis as one library call, and its artefacts on disk
//   StrataServer    the live service: the HTTP API over the store (Hummingbird), requests in, library calls, answers out
//   StrataCLI       the `strata` commands (argument parsing and printing only)
let package = Package(
    name: "Strata",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "StrataCore", targets: ["StrataCore"]),
        .library(name: "StrataPipeline", targets: ["StrataPipeline"]),
        .executable(name: "strata", targets: ["strata"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "5.0.1"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/HdrHistogram/hdrhistogram-swift", from: "0.2.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
    ],
    targets: [
        .target(name: "StrataCore", dependencies: ["CByteScan", .product(name: "Yams", package: "Yams")]),
        // Finding a CSV record's delimiters, line breaks and quotes 32 bytes at a time (SSE2 where there is one).
        .target(name: "CByteScan"),
        .target(name: "StrataOutputs", dependencies: ["StrataCore"]),
        .target(name: "StrataStore", dependencies: ["StrataCore", .product(name: "GRDB", package: "GRDB.swift"),
                                                   .product(name: "GRDBSQLite", package: "GRDB.swift"),
                                                   .product(name: "Crypto", package: "swift-crypto")]),
        .target(name: "StrataEngines", dependencies: ["StrataCore", .product(name: "GRDB", package: "GRDB.swift"),
                                                     .product(name: "PostgresNIO", package: "postgres-nio"),
                                                     .product(name: "NIOSSL", package: "swift-nio-ssl"),
                                                     .product(name: "Logging", package: "swift-log")]),
        .target(name: "StrataPipeline", dependencies: ["StrataCore", "StrataOutputs", "StrataStore", "StrataEngines"]),
        .target(name: "StrataServer", dependencies: ["StrataCore", "StrataStore", "StrataPipeline", "StrataOutputs",
                                                    .product(name: "Hummingbird", package: "hummingbird"),
                                                    .product(name: "HTTPTypes", package: "swift-http-types"),
                                                    .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                                                    .product(name: "AsyncHTTPClient", package: "async-http-client"),
                                                    .product(name: "Crypto", package: "swift-crypto"),
                                                    .product(name: "Logging", package: "swift-log")]),
        .target(
            name: "StrataCLI",
            dependencies: ["StrataCore", "StrataOutputs", "StrataStore", "StrataPipeline", "StrataServer",
                           .product(name: "ArgumentParser", package: "swift-argument-parser"),
                           .product(name: "Logging", package: "swift-log")]
        ),
        // glibc's allocator settings for the batch commands (Sources/strata/main.swift).
        .target(name: "CAllocator"),
        .executableTarget(name: "strata", dependencies: ["StrataCLI", "CAllocator"]),
        // The live service's load generator (scripts/bench-server.sh), not part of the library.
        .executableTarget(name: "strata-load", dependencies: [.product(name: "AsyncHTTPClient", package: "async-http-client"),
                                                               .product(name: "NIOFoundationCompat", package: "swift-nio"),
                                                               .product(name: "Histogram", package: "hdrhistogram-swift")],
                          path: "Benchmarks/StrataLoad"),
        .testTarget(
            name: "StrataTests",
            dependencies: ["StrataCore", "StrataOutputs", "StrataStore", "StrataEngines", "StrataPipeline", "StrataServer", "StrataCLI",
                           .product(name: "GRDB", package: "GRDB.swift"),
                           .product(name: "HummingbirdTesting", package: "hummingbird"),
                           .product(name: "HTTPTypes", package: "swift-http-types")]
        ),
    ]
)
