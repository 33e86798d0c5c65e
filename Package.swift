// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "Strata",
    platforms: [.macOS(.v13)],
    products: [
        .library(name: "StrataCore", targets: ["StrataCore"]),
        .executable(name: "strata", targets: ["strata"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "5.0.1"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
    ],
    targets: [
        .target(
            name: "StrataCore",
            dependencies: [.product(name: "Yams", package: "Yams"), .product(name: "GRDB", package: "GRDB.swift")]
        ),
        .executableTarget(
            name: "strata",
            dependencies: [
                "StrataCore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(
            name: "StrataCoreTests",
            dependencies: ["StrataCore", .product(name: "GRDB", package: "GRDB.swift")]
        ),
    ]
)
