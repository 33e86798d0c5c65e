import Foundation
import Testing
@testable import StrataCore
@testable import StrataEngines
@testable import StrataOutputs
@testable import StrataPipeline

/// `analyze` in an engine gives what the embedded `analyze` gives, on generated data and on CDNOW:
/// the same features, the same custom segments for every customer, the same model chosen on the
/// holdout and the same fitted parameters, a customers.csv whose shared columns are byte for
/// byte the same, the same profiles in segments.json and the same insights.
@Suite struct EngineAnalysisTests {
    /// A data set, its as-of date (nil: the latest timestamp) and a rule file for it.
    struct World {
        var data: Dataset
        var asOf: Int64?
        var segments: String
        var model = PurchaseModelChoice.automatic
        /// Whether the insights are computed and compared too.
        var insights = true

        /// Generated data in time order, with the twenty segments of the benchmark.
        static func generated() throws -> World {
            var variant = DataGenerator.Variant()
            variant.channels = .emailAndSMS
            let dir = DataGeneratorTests().generate(1_200, seed: 21, variant: variant, rowOrder: .time)
            return World(data: try load(InputPaths(directory: dir.path)), asOf: nil,
                         segments: "\(fixtures)/../../examples/segments/benchmark.strata")
        }

        /// CDNOW's purchase log (orders only) with the twelve segments of examples/cdnow; BG/NBD
        /// named and no insights (the holdout choice and the insights are checked on the generated
        /// world; on 23,570 customers they would take minutes in a debug build).
        static func cdnow() throws -> World {
            let config = try InputConfig.load(path: "\(fixtures)/../../examples/cdnow/cdnow.yaml")
            return World(data: try load(InputPaths(orders: "\(fixtures)/cdnow/CDNOW_master.txt"), config: config),
                         asOf: Timestamp.daysFromCivil(year: 1998, month: 6, day: 30) * 86_400 + 86_399,
                         segments: "\(fixtures)/../../examples/cdnow/segments.strata", model: .named(.bgNBD), insights: false)
        }
    }

    func check(_ world: World, _ makeEngine: () async throws -> any FeatureEngine) async throws {
        let data = world.data
        var settings = Analysis.Settings()
        settings.asOf = world.asOf
        settings.model = world.model
        if !world.insights { settings.insights = nil }
        settings.segmentsFile = world.segments
        settings.sizeGuard = SegmentSizeGuard(minimumCount: 20, minimumShare: 0)
        let embedded = try Analysis(data, settings: settings)
        let hasEvents = data.events.count > 0
        let schemes: [SegmentScheme] = hasEvents ? [.rfm, .activity] : [.rfm]

        let engine = try await makeEngine()
        try await engine.load(data)
        let result = try await EngineAnalysis.run(engine, settings: settings)

        #expect(result.asOf == embedded.asOf)
        let differences = EngineEquality.differences(result.features, EngineEquality.embedded(data, asOf: embedded.asOf))
        #expect(differences.isEmpty, "\(engine.name):\n\(differences.joined(separator: "\n"))")

        // Custom segments, customer by customer (ids in byte order on both sides).
        let custom = try #require(embedded.custom)
        let segments = try #require(result.segments)
        #expect(segments.rows.count == data.customers.count)
        for (s, name) in custom.segmentNames.enumerated() {
            let column = try #require(segments.column(name), "\(name) in \(engine.name)")
            let members = segments.rows.map { $0[column] == .int(1) }
            #expect(members == custom.members[s], "\(name) in \(engine.name)")
        }
        for (g, name) in custom.groupNames.enumerated() {
            let column = try #require(segments.column(name))
            let labels = segments.rows.map { row -> String? in
                if case let .text(label) = row[column] { return label }
                return nil
            }
            #expect(labels == custom.groupLabels[g], "\(name) in \(engine.name)")
        }

        // The same model chosen on the same holdout, fitted to the same parameters.
        let mine = try #require(result.lifetime), theirs = try #require(embedded.lifetime)
        #expect(result.selection?.chosen == embedded.lifetime?.selection?.chosen)
        for (a, b) in zip(mine.purchaseFit.parameters + (mine.spendFit?.parameters ?? []),
                          theirs.purchaseFit.parameters + (theirs.spendFit?.parameters ?? [])) {
            #expect(abs(a - b) <= 1e-9 * abs(b), "\(engine.name): \(a) vs \(b)")
        }

        // customers.csv: every column the engine writes holds the embedded run's text.
        let out = TempDir()
        try AnalysisArtefacts.write(result, report: nil, to: out.path)
        let engineTable = try CSVTable(path: "\(out.path)/customers.csv")
        let embeddedBytes = CustomerTableWriter.render(data.customers, embedded.segmentation, lifetime: embedded.lifetime, custom: embedded.custom)
        let embeddedTable = try CSVTable(text: String(decoding: embeddedBytes, as: UTF8.self))
        #expect(engineTable.rows.count == embeddedTable.rows.count)
        var compared = 0
        for column in engineTable.header where embeddedTable.header.contains(column) && column != "birth_year" {
            #expect(engineTable.column(column) == embeddedTable.column(column), "\(engine.name): column \(column)")
            compared += 1
        }
        #expect(compared >= FeatureQuery.columns.count + 6 + custom.segmentNames.count + custom.groupNames.count)

        // segments.json: the RFM and activity profiles and the custom segments' sizes as embedded.
        #expect(result.summary.schemes == embedded.summary.schemes.filter { schemes.contains($0.scheme) })
        #expect(result.summary.schemes.map(\.scheme) == schemes)
        func json<T: Encodable>(_ value: T) throws -> String {
            let encoder = JSONEncoder()
            encoder.outputFormatting = .sortedKeys
            return String(decoding: try encoder.encode(value), as: UTF8.self)
        }
        #expect(try json(result.summary.custom) == json(embedded.summary.custom))
        #expect(try json(result.summary.models) == json(embedded.summary.models))
        #expect(result.summary.unavailableSchemes?.count == SegmentScheme.allCases.filter(\.isBehavioural).count + (hasEvents ? 0 : 1))

        // Insights: what the embedded run finds from the same fields (the behavioural columns
        // are not computed in an engine), and the same diagnostics as the embedded run's.
        guard world.insights else { return #expect(result.insights == nil) }
        let insights = try #require(result.insights)
        let fields = Set(columnsOf: result)
        let catalog = embedded.catalog
        let shared = FieldCatalog(customerIDs: catalog.customerIDs, columns: catalog.customerFields.filter { fields.contains($0.name) }.map { field in
            (field.name, field.type, { catalog.column(field.name)! })
        }, asOf: catalog.asOf)
        #expect(shared.customerFields.count == fields.count)
        let s = embedded.segmentation
        let expected = SegmentInsights(shared, s, extra: [.init(custom: custom)], settings: .init(sizeGuard: settings.sizeGuard))
        #expect(try json(insights.diagnostics) == json(embedded.insights?.diagnostics))
        #expect((insights.diagnostics != nil) == hasEvents)
        #expect(try InsightsWriter.json(insights) == InsightsWriter.json(SegmentInsights(
            shared, partitions: schemes.map { SegmentInsights.Partition($0, names: s.labels($0).names, codes: s.labels($0).codes) },
            diagnostics: expected.diagnostics, extra: [.init(custom: custom)], settings: .init(sizeGuard: settings.sizeGuard))))
        try AnalysisArtefacts.write(result, report: nil, to: out.path, force: true)
        #expect(FileManager.default.fileExists(atPath: "\(out.path)/plan.md") && FileManager.default.fileExists(atPath: "\(out.path)/insights.json"))
    }

    @Test func sqliteGivesTheEmbeddedAnalysis() async throws {
        try await offPool { try await check(try .generated()) { SQLiteEngine(path: TempDir().path + "/engine.sqlite") } }
    }

    @Test func sqliteGivesTheEmbeddedAnalysisOfCDNOW() async throws {
        try await offPool { try await check(try .cdnow()) { SQLiteEngine(path: TempDir().path + "/engine.sqlite") } }
    }

    @Test(.enabled(if: PostgresTestServer.available, "no PostgreSQL: run scripts/install-postgres.sh"))
    func postgresGivesTheEmbeddedAnalysis() async throws {
        try await offPool { try await check(try .generated()) { try PostgresEngine(url: try await #require(PostgresTestServer.shared).database()) } }
    }

    @Test(.enabled(if: PostgresTestServer.available, "no PostgreSQL: run scripts/install-postgres.sh"))
    func postgresGivesTheEmbeddedAnalysisOfCDNOW() async throws {
        try await offPool { try await check(try .cdnow()) { try PostgresEngine(url: try await #require(PostgresTestServer.shared).database()) } }
    }

    @Test(.enabled(if: SparkAvailability.available, "no PySpark: run scripts/install-spark.sh and set STRATA_SPARK_PYTHON"))
    func sparkGivesTheEmbeddedAnalysis() async throws {
        try await offPool { try await check(try .generated()) { try SparkEngine(master: "local[2]", staging: TempDir().path) } }
    }

    @Test(.enabled(if: SparkAvailability.available, "no PySpark: run scripts/install-spark.sh and set STRATA_SPARK_PYTHON"))
    func sparkGivesTheEmbeddedAnalysisOfCDNOW() async throws {
        try await offPool { try await check(try .cdnow()) { try SparkEngine(master: "local[2]", staging: TempDir().path) } }
    }
}

extension Set<String> {
    /// The customer fields of an engine run: its computed columns, model outputs, attributes and `age`.
    init(columnsOf result: EngineAnalysis) {
        let header = Set(result.header)
        self = header.subtracting(result.segments?.columns ?? []).union(result.facts.attributes.contains { $0.name == "birth_year" && $0.numeric } ? ["age"] : [])
    }
}

/// Whether STRATA_SPARK_PYTHON names a Python that imports PySpark.
enum SparkAvailability {
    static let available: Bool = {
        guard let python = ProcessInfo.processInfo.environment["STRATA_SPARK_PYTHON"] else { return false }
        return (try? PostgresTestServer.run(python, ["-c", "import pyspark"])) != nil
    }()
}

/// A CSV file read whole (RFC 4180 quoting), for comparing outputs column by column.
struct CSVTable {
    var header: [String]
    var rows: [[String]]

    init(path: String) throws { try self.init(text: String(contentsOfFile: path, encoding: .utf8)) }

    init(text: String) throws {
        var records: [[String]] = [], record: [String] = [], field = "", quoted = false, wasQuoted = false
        var iterator = text.unicodeScalars.makeIterator()
        var pending: Unicode.Scalar? = nil
        while let c = pending ?? iterator.next() {
            pending = nil
            if quoted {
                if c == "\"" {
                    if let next = iterator.next(), next == "\"" { field.unicodeScalars.append(c) } else { quoted = false; pending = nil; continue }
                } else { field.unicodeScalars.append(c) }
                continue
            }
            switch c {
            case "\"": quoted = true; wasQuoted = true
            case ",": record.append(field); field = ""; wasQuoted = false
            case "\n": record.append(field); records.append(record); record = []; field = ""; wasQuoted = false
            default: field.unicodeScalars.append(c)
            }
        }
        _ = wasQuoted
        if !field.isEmpty || !record.isEmpty { record.append(field); records.append(record) }
        header = records.first ?? []
        rows = Array(records.dropFirst())
    }

    func column(_ name: String) -> [String] {
        guard let i = header.firstIndex(of: name) else { return [] }
        return rows.map { i < $0.count ? $0[i] : "" }
    }
}
