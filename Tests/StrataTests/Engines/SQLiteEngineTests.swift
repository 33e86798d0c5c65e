import Foundation
import Testing
@testable import StrataCore
@testable import StrataEngines
@testable import StrataPipeline

/// The feature SQL run by SQLite gives, for every customer and every column it computes, the
/// embedded engine's value.
@Suite struct SQLiteEngineTests {
    func check(_ data: Dataset, asOf: Int64, _ name: String) throws {
        let dir = TempDir()
        let engine = SQLiteEngine(path: "\(dir.path)/engine.sqlite")
        try engine.load(data)
        let query = EngineFacts(data).featureQuery(.sqlite, settings: FeatureSettings(asOf: asOf), thresholds: ActivityThresholds())
        let table = try engine.analyze(query, then: []).features
        let differences = EngineEquality.differences(table, EngineEquality.embedded(data, asOf: asOf))
        #expect(differences.isEmpty, "\(name):\n\(differences.joined(separator: "\n"))")
        #expect(table.rows.count == data.customers.count)
    }

    @Test func theAwkwardWorldEqualsTheEmbeddedEngine() throws {
        let dir = TempDir()
        try AwkwardWorld.write(to: dir.path)
        let data = try load(InputPaths(directory: dir.path))
        #expect(data.orders.amountCents.contains { $0 < 0 })
        try check(data, asOf: AwkwardWorld.asOf, "awkward world")
    }

    @Test(arguments: [(false, DemoData.RowOrder.time), (true, .customer)])
    func generatedDataEqualsTheEmbeddedEngine(smsEveryone: Bool, order: DemoData.RowOrder) throws {
        var variant = DataGenerator.Variant()
        variant.channels = smsEveryone ? .emailAndSMS : .email
        variant.schemes = smsEveryone
        let dir = DataGeneratorTests().generate(1_500, seed: 11, variant: variant, rowOrder: order)
        try check(try load(InputPaths(directory: dir.path)), asOf: DataGenerator.periodEnd, "generated, \(variant.channels)")
    }

    @Test func anOrdersOnlyShopEqualsTheEmbeddedEngine() throws {
        var variant = DataGenerator.Variant()
        variant.events = false
        let dir = DataGeneratorTests().generate(600, seed: 5, variant: variant, rowOrder: .time)
        try check(try load(InputPaths(directory: dir.path)), asOf: DataGenerator.periodEnd, "orders only")
    }

    @Test(arguments: ["online-retail", "shopify-orders"])
    func lineItemExportsEqualTheEmbeddedEngine(_ name: String) throws {
        let config = try InputConfig.load(path: "\(fixtures)/exports/\(name).yaml")
        let data = try load(InputPaths(orders: "\(fixtures)/exports/\(name).csv"), config: config)
        try check(data, asOf: try #require(data.latestTimestamp), name)
    }
}
