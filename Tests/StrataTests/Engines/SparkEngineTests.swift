import Foundation
import Testing
@testable import StrataCore
@testable import StrataEngines

/// The feature SQL run by Spark in local mode gives the embedded engine's value for every
/// customer and column, on the world with every awkward case planted, read from a lake's Parquet
/// (CDNOW: EngineAnalysisTests)
/// (a job takes a quarter of a minute: the JVM starts). Needs PySpark: scripts/install-spark.sh
/// and STRATA_SPARK_PYTHON.
@Suite(.enabled(if: SparkAvailability.available, "no PySpark: run scripts/install-spark.sh and set STRATA_SPARK_PYTHON"))
struct SparkEngineTests {
    /// A lake's own Parquet tables: the world is staged, turned into Parquet by a Spark job of
    /// its own, and read from there (facts measured by the engine's first job).
    @Test func theAwkwardWorldInParquetEqualsTheEmbeddedEngine() throws {
        let dir = TempDir()
        try AwkwardWorld.write(to: dir.path)
        let data = try load(InputPaths(directory: dir.path))
        try SparkEngine(master: "local[2]", staging: "\(dir.path)/staged").load(data)
        let convert = """
            import sys
            from pyspark.sql import SparkSession
            spark = SparkSession.builder.master("local[2]").config("spark.ui.enabled", "false").getOrCreate()
            for name in ("customer_records", "orders", "events"):
                spark.read.json(sys.argv[1] + "/" + name + ".json").write.parquet(sys.argv[2] + "/" + name + ".parquet")
            spark.stop()
            """
        try convert.write(toFile: "\(dir.path)/convert.py", atomically: true, encoding: .utf8)
        try PostgresTestServer.run(SparkEngine.python, ["\(dir.path)/convert.py", "\(dir.path)/staged", "\(dir.path)/lake"])

        let engine = try SparkEngine(master: "local[2]", staging: "\(dir.path)/work", tables: "\(dir.path)/lake")
        let facts = try engine.facts()
        let expected = EngineFacts(data)
        #expect(facts.hasAmounts && facts.hasEvents && facts.latestTimestamp == expected.latestTimestamp)
        #expect(Set(facts.attributes.map(\.name)) == Set(expected.attributes.map(\.name)))
        let query = facts.featureQuery(.spark, settings: FeatureSettings(asOf: AwkwardWorld.asOf), thresholds: ActivityThresholds())
        // Texts with quotes, tabs and backslashes survive the staging, Parquet and the job.
        let result = try engine.analyze(query, then: ["SELECT customer_id, city FROM customer_records ORDER BY customer_id"])
        let differences = EngineEquality.differences(result.features, EngineEquality.embedded(data, asOf: AwkwardWorld.asOf))
        #expect(differences.isEmpty, "\(differences.joined(separator: "\n"))")
        let city = try #require(data.customers.attributes.first { $0.name == "city" })
        #expect(result.results[0].values("city") == (0..<data.customers.count).map { c in city.value(c).map(EngineTables.Value.text) ?? .null })
    }

    @Test func aFailingJobSaysWhy() throws {
        let dir = TempDir()
        try AwkwardWorld.write(to: dir.path, customers: 20)
        let engine = try SparkEngine(master: "local[1]", staging: "\(dir.path)/staging")
        try engine.load(try load(InputPaths(directory: dir.path)))
        let query = EngineFacts(try load(InputPaths(directory: dir.path))).featureQuery(.spark, settings: FeatureSettings(asOf: AwkwardWorld.asOf),
                                                                                       thresholds: ActivityThresholds())
        #expect {
            try engine.analyze(query, then: ["SELECT no_such_column FROM customers"])
        } throws: { error in
            let text = "\(error)"
            return text.contains("Spark: the job failed") && text.contains("no_such_column")
        }
    }
}
