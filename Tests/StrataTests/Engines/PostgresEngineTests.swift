import Foundation
import Testing
@testable import StrataCore
@testable import StrataEngines
@testable import StrataPipeline

/// The feature SQL run by a real PostgreSQL server (started on loopback by the tests) gives the
/// embedded engine's value for every customer and column; COPY carries every text exactly.
@Suite(.enabled(if: PostgresTestServer.available, "no PostgreSQL: run scripts/install-postgres.sh"))
struct PostgresEngineTests {
    func check(_ data: Dataset, asOf: Int64, _ name: String) async throws {
        let engine = try PostgresEngine(url: try await #require(PostgresTestServer.shared).database())
        try await engine.load(data)
        #expect(try await engine.facts() == EngineFacts(data))
        let query = EngineFacts(data).featureQuery(.postgres, settings: FeatureSettings(asOf: asOf), thresholds: ActivityThresholds())
        let table = try await engine.analyze(query, then: []).features
        let differences = EngineEquality.differences(table, EngineEquality.embedded(data, asOf: asOf))
        #expect(differences.isEmpty, "\(name):\n\(differences.joined(separator: "\n"))")
    }

    @Test func theAwkwardWorldEqualsTheEmbeddedEngine() async throws {
        let dir = TempDir()
        try AwkwardWorld.write(to: dir.path)
        let data = try load(InputPaths(directory: dir.path))
        try await check(data, asOf: AwkwardWorld.asOf, "awkward world")

        // Every attribute text arrives byte for byte, quotes, tabs and backslashes included.
        let engine = try PostgresEngine(url: try await #require(PostgresTestServer.shared).database())
        try await engine.load(data)
        let cities = try await engine.rows("SELECT DISTINCT city FROM customer_records WHERE city IS NOT NULL")
        let expected = Set(try #require(data.customers.attributes.first { $0.name == "city" }).values)
        #expect(Set(cities.rows.map { $0[0] }) == Set(expected.map(EngineTables.Value.text)))
        #expect(expected.contains { $0.contains("\t") && $0.contains("\\") && $0.contains("'") })
    }

    @Test func generatedDataInTimeOrderEqualsTheEmbeddedEngine() async throws {
        var variant = DataGenerator.Variant()
        variant.channels = .emailAndSMS
        let dir = DataGeneratorTests().generate(1_500, seed: 12, variant: variant, rowOrder: .time)
        try await check(try load(InputPaths(directory: dir.path)), asOf: DataGenerator.periodEnd, "generated")
    }

    @Test func cdnowEqualsTheEmbeddedEngine() async throws {
        let config = try InputConfig.load(path: "\(fixtures)/../../examples/cdnow/cdnow.yaml")
        let data = try load(InputPaths(orders: "\(fixtures)/cdnow/CDNOW_master.txt"), config: config)
        try await check(data, asOf: Timestamp.daysFromCivil(year: 1998, month: 6, day: 30) * 86_400 + 86_399, "CDNOW")
    }

    @Test func anEmptyDatabaseSaysNothingWasLoaded() async throws {
        let engine = try PostgresEngine(url: try await #require(PostgresTestServer.shared).database())
        await #expect { try await engine.facts() } throws: { "\($0)".contains("no data loaded by `strata load`") }
    }

    @Test func aBadAddressSaysWhatIsWrong() async throws {
        #expect(throws: EngineError.self) { try PostgresEngine(url: "mysql://x@y/z") }
        let engine = try PostgresEngine(url: "postgres://nobody:secret@127.0.0.1:1/none")
        await #expect {
            try await engine.facts()
        } throws: { error in
            let text = "\(error)"
            return text.contains("cannot connect to PostgreSQL") && text.contains("127.0.0.1:1") && !text.contains("secret")
        }
    }
}
