import StrataCore
import StrataEngines

/// `analyze` run in a database or cluster (docs/scale-out.md): the engine computes the
/// per-customer features, the custom segments and the holdout split from the generated SQL;
/// only those per-customer rows come back, and the lifetime models are fitted on them here,
/// exactly as the embedded run fits them (the same summaries, in the same customer order).
public struct EngineAnalysis: Sendable {
    public var engine: String
    public var asOf: Int64
    public var facts: EngineFacts
    /// One row per customer, ordered by id: ``FeatureQuery`` columns.
    public var features: EngineFeatureTable
    public var rules: CheckedRules?
    /// `customer_id`, one 0/1 column per custom segment and one label column per group.
    public var segments: EngineFeatureTable?
    public var selection: ModelSelection?
    /// nil without a model, or when it could not be fitted (see ``warnings``).
    public var lifetime: LifetimeAnalysis?
    public var warnings: [String] = []

    /// Runs the analysis in `engine` on the data a `strata load` (or the caller) put there.
    public static func run(_ engine: any FeatureEngine, settings: Analysis.Settings,
                           progress: (String) -> Void = { _ in }) async throws(AnalysisError) -> EngineAnalysis {
        do {
            return try await EngineAnalysis(engine, settings: settings, progress: progress)
        } catch let error as AnalysisError {
            throw error
        } catch let error as EngineError {
            throw .engine(error)
        } catch {
            throw .notInData("\(error)")
        }
    }

    private init(_ engine: any FeatureEngine, settings: Analysis.Settings, progress: (String) -> Void) async throws {
        self.engine = engine.name
        progress("reading what \(engine.name) holds")
        facts = try await engine.facts()
        guard let asOf = settings.asOf ?? facts.latestTimestamp else { throw AnalysisError.notInData("no orders or events in \(engine.name)") }
        self.asOf = asOf
        let featureSettings = settings.schemes.featureSettings(asOf: asOf)
        let query = facts.featureQuery(engine.dialect, settings: featureSettings, thresholds: settings.schemes.activity)

        var queries: [String] = []
        if let file = settings.segmentsFile {
            let checked = try CheckedRules.load(path: file, schema: query.ruleSchema)
            rules = checked
            let sql = SQLCompiler(checked, dialect: engine.dialect, asOf: asOf, schema: query.ruleSchema).query()
                .trimmingCharacters(in: .whitespacesAndNewlines).dropLast()
            queries.append("SELECT * FROM (\(sql)) segments ORDER BY \(engine.dialect.byteOrder("customer_id"))")
        }
        if settings.model == .automatic {
            queries.append(HoldoutQuery(dialect: engine.dialect, asOf: asOf, horizonDays: Int64(settings.prediction.horizon)).select())
        }

        let parts = ["features"] + (rules == nil ? [] : ["custom segments"]) + (settings.model == .automatic ? ["the holdout split"] : [])
        progress("computing \(parts.dropLast().joined(separator: ", "))\(parts.count > 1 ? " and " : "")\(parts.last!) in \(engine.name)")
        let result = try await engine.analyze(query, then: queries)
        features = result.features
        guard !features.rows.isEmpty else { throw AnalysisError.notInData("no customers in \(engine.name)") }
        if rules != nil { segments = result.results.first }

        let buyers = features.purchaseSummaries()
        let rows = buyerRows()
        switch settings.model {
        case .none: selection = nil
        case let .named(kind): selection = ModelSelection(named: kind, reason: "\(kind.rawValue) was named (--model)")
        case .automatic:
            // The first purchase day: as-of day − the longest tenure.
            let firstDay = features.values(CustomerFeature.tenureDays.rawValue).compactMap { value -> Int64? in
                if case let .int(days) = value { return Timestamp.day(asOf) - days }
                return nil
            }.min()
            if let firstDay, let period = HoldoutSplit.period(firstPurchaseDay: firstDay, asOf: asOf, horizonDays: settings.prediction.horizon),
               let table = result.results.last, !table.rows.isEmpty {
                selection = ModelSelection(try Self.split(table, period: period, engine: engine.name), penalty: settings.penalty)
            } else {
                selection = ModelSelection(named: PurchaseModelChoice.fallback,
                                           reason: "the holdout period would be under a week; \(PurchaseModelChoice.fallback.rawValue) is used")
            }
        }
        if let selection, buyers.count > 0 {
            progress("fitting \(selection.chosen) and gamma-gamma")
            do {
                lifetime = try LifetimeAnalysis(buyers: buyers, rows: rows, count: features.rows.count, hasAmounts: facts.hasAmounts,
                                                kind: selection.kind, penalty: settings.penalty, settings: settings.prediction)
                lifetime?.selection = selection
            } catch {
                warnings.append("lifetime models skipped: \(error)")
            }
        }
    }

    /// The rows of customers with a purchase (those with a repeat-purchase count).
    private func buyerRows() -> [Int] {
        guard let x = features.column(CustomerFeature.repeatPurchases.rawValue) else { return [] }
        return features.rows.indices.filter { features.rows[$0][x] != .null }
    }

    /// The holdout split from the query's rows; its period must be the one computed here.
    private static func split(_ table: EngineFeatureTable, period: (start: Int64, end: Int64), engine: String) throws -> HoldoutSplit {
        var calibration = PurchaseSummaries(frequency: [], recency: [], age: [])
        var holdout: [Double] = []
        func number(_ row: [EngineTables.Value], _ name: String) -> Double {
            guard let i = table.column(name), case let .int(v) = row[i] else { return 0 }
            return Double(v)
        }
        for row in table.rows {
            guard number(row, "start_day") == Double(period.start) else {
                throw EngineError.program(engine: engine, detail: "the holdout split starts on another day than the features give")
            }
            calibration.frequency.append(number(row, "frequency"))
            calibration.recency.append(number(row, "recency"))
            calibration.age.append(number(row, "age"))
            holdout.append(number(row, "holdout"))
        }
        return HoldoutSplit(calibration: calibration, holdoutPurchases: holdout, period: period)
    }
}
