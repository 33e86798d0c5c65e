import StrataCore
import StrataOutputs
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
    /// The custom segments' members, from ``segments``.
    public var custom: SegmentEvaluation?
    /// What segments.json holds: the RFM and activity schemes' profiles, the custom segments'
    /// sizes, the models, and the ingest when the same run loaded the files.
    public var summary: AnalysisSummary
    /// The segments profiled, ranked and planned (nil when the settings ask for no insights).
    public var insights: SegmentInsights?
    public var warnings: [String] = []

    /// Runs the analysis in `engine` on the data a `strata load` (or the caller) put there.
    /// `report`: the ingest of the files loaded by the same run, for segments.json.
    public static func run(_ engine: any FeatureEngine, settings: Analysis.Settings, report: IngestReport? = nil,
                           progress: (String) -> Void = { _ in }) async throws(AnalysisError) -> EngineAnalysis {
        do {
            return try await EngineAnalysis(engine, settings: settings, report: report, progress: progress)
        } catch let error as AnalysisError {
            throw error
        } catch let error as EngineError {
            throw .engine(error)
        } catch {
            throw .notInData("\(error)")
        }
    }

    private init(_ engine: any FeatureEngine, settings: Analysis.Settings, report: IngestReport?, progress: (String) -> Void) async throws {
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
        let rows = Self.buyerRows(features)
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

        // Profiles, insights and plans, from the returned rows by the embedded run's code.
        let columns = EngineColumns(features: features, facts: facts, lifetime: lifetime, asOf: asOf)
        let partitions = columns.partitions()
        let indicators = columns.indicatorColumns(), cents = columns.revenueCents()
        summary = AnalysisSummary(customers: features.rows.count, asOf: asOf, report: report ?? IngestReport(), lifetime: lifetime,
                                  schemes: partitions.map { SchemeSummary($0.scheme, names: $0.names, codes: $0.codes, indicatorColumns: indicators, revenueCents: cents) },
                                  unavailable: Self.unavailableSchemes(hasEvents: facts.hasEvents))
        summary.engine = engine.name
        if let rules, let segments {
            let evaluation = EngineColumns.evaluation(rules, segments)
            warnings += settings.sizeGuard.warnings(evaluation)
            summary.custom = CustomSegmentsSummary(evaluation)
            custom = evaluation
        }
        if var insightSettings = settings.insights {
            progress("profiling, ranking and planning segments")
            insightSettings.sizeGuard = settings.sizeGuard
            let catalog = columns.catalog()
            var diagnostics: DisengagementDiagnostics?
            if let activity = partitions.first(where: { $0.scheme == .activity }),
               let k = activity.names.firstIndex(of: ActivitySegment.leastEngaged.rawValue), activity.codes.contains(k) {
                let firstSeen = columns.daysSinceFirstSeen()
                diagnostics = DisengagementDiagnostics(catalog, members: activity.codes.map { $0 == k }, daysSinceFirstSeen: { firstSeen[$0] })
            }
            insights = SegmentInsights(catalog, partitions: partitions, diagnostics: diagnostics,
                                       extra: custom.map { [SegmentInsights.ExtraScheme(custom: $0)] } ?? [], settings: insightSettings)
        }
    }

    /// The schemes an engine run does not compute, with why.
    static func unavailableSchemes(hasEvents: Bool) -> [SegmentScheme: String] {
        var reasons: [SegmentScheme: String] = [:]
        for scheme in SegmentScheme.allCases where scheme.isBehavioural {
            reasons[scheme] = "an engine run computes the RFM and activity schemes; the behavioural ones are computed by the embedded engine (docs/scale-out.md)"
        }
        if !hasEvents { reasons[.activity] = SegmentScheme.activityNeedsEvents }
        return reasons
    }

    /// The rows of customers with a purchase (those with a repeat-purchase count).
    private static func buyerRows(_ features: EngineFeatureTable) -> [Int] {
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
