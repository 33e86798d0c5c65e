import StrataCore
import StrataOutputs

/// The whole analysis of one data set, as one library call: features, both built-in segment
/// schemes, the lifetime models, custom segments and the segment insights. `strata analyze`,
/// `explain`, `cluster`, `demo` and the store's snapshots run this, and so will the server.
public struct Analysis: Sendable {
    /// What to compute.
    public struct Settings: Sendable {
        /// The analysis date; nil: the latest order or event.
        public var asOf: Int64?
        /// The purchase model: chosen on a holdout of the data (default), named, or none.
        public var model: PurchaseModelChoice = .automatic
        public var prediction = PredictionSettings(horizon: 365, discountRate: 0.01)
        /// L2 penalty on the model parameters.
        public var penalty = 0.0
        /// A segment-definitions file (docs/segments.md) evaluated on every customer.
        public var segmentsFile: String?
        /// Custom segments given as definitions (the live service's), when there is no file.
        public var segmentDefinitions: SegmentDefinitions?
        /// Segments smaller than this are warned about (custom) and not ranked.
        public var sizeGuard = SegmentSizeGuard()
        /// How segments are profiled, ranked and planned (its size guard is ``sizeGuard``); nil: no insights.
        public var insights: SegmentInsights.Settings? = SegmentInsights.Settings()
        /// The built-in schemes' thresholds (a config file's `schemes:` section).
        public var schemes = SchemeSettings()

        public init() {}
    }

    public var settings: Settings
    public var dataset: Dataset
    public var asOf: Int64
    public var segmentation: Segmentation
    /// nil without a model, or when the model could not be fitted (see ``warnings``).
    public var lifetime: LifetimeAnalysis?
    /// Every customer field, for the rule language and the insights.
    public var catalog: FieldCatalog
    /// The custom segments' definitions, checked against ``catalog``.
    public var rules: CheckedRules?
    public var custom: SegmentEvaluation?
    public var insights: SegmentInsights?
    public var summary: AnalysisSummary
    /// What a user should know about the results (a model not fitted, segments too small to act on).
    public var warnings: [String] = []

    /// Reads the input and analyzes it.
    public static func run(_ input: AnalysisInput, settings: Settings = Settings(),
                           progress: (String) -> Void = { _ in }) throws(AnalysisError) -> Analysis {
        try Analysis(input.load(progress: progress), settings: settings, progress: progress)
    }

    /// Analyzes a data set already read.
    public init(_ dataset: Dataset, settings: Settings = Settings(), progress: (String) -> Void = { _ in }) throws(AnalysisError) {
        // With an as-of date, data before it may be empty (a snapshot before the first order).
        let timestamps = dataset.timestampSpan
        guard let asOf = settings.asOf ?? timestamps?.upperBound, dataset.customers.count > 0 else {
            throw .nothingToAnalyze(dataset.report)
        }
        self.settings = settings
        self.dataset = dataset
        self.asOf = asOf
        warnings += dataset.report.files.flatMap { file in file.warnings.map { "\(file.file): \($0)" } }
        if let first = timestamps?.lowerBound, first > asOf {
            warnings.append("no order or event is at or before the as-of date \(Timestamp.isoDateTime(asOf)) (the first is on "
                + "\(Timestamp.isoDate(day: Timestamp.day(first)))): every customer counts as not having bought or interacted yet")
        }
        progress("computing features for \(dataset.customers.count) customers")
        let featureSettings = settings.schemes.featureSettings(asOf: asOf)
        let features = FeatureBuilder.compute(dataset, settings: featureSettings)
        // The lifetime models need the features alone: they are chosen and fitted on a thread of
        // their own while the segments are labelled, so that neither leaves a core idle.
        switch settings.model {
        case .automatic: progress("labelling segments; choosing the purchase model on a holdout period and fitting it meanwhile")
        case let .named(kind): progress("labelling segments; fitting \(kind.rawValue) and gamma-gamma meanwhile")
        case .none: progress("labelling segments")
        }
        let models = BackgroundWork { [settings] in LifetimeModels(dataset, features, asOf: asOf, settings: settings) }
        segmentation = Segmentation(features, of: dataset, settings: featureSettings, schemes: settings.schemes)
        let capped = features.revenueCents.lazy.filter { $0 == .max || $0 == .min }.count
        if capped > 0 {
            warnings.append("\(NumberFormat.grouped(capped)) customer\(capped == 1 ? "'s" : "s'") revenue passes ±92,233,720,368,547,758.07 and is capped there (segment totals add the capped value)")
        }
        let fitted = models.value
        if let selection = fitted.selection {
            switch fitted.lifetime {
            case var .success(analysis):
                analysis.selection = selection
                lifetime = analysis
            case let .failure(error):
                warnings.append("lifetime models skipped: \(error)")
            case nil: break
            }
            if let lifetime {
                if selection.kind == .bgNBD {
                    let oneTime = (0..<features.count).filter { features.repeatPurchases($0) == 0 }.count
                    if oneTime > 0 {
                        warnings.append("bg-nbd gives each of the \(NumberFormat.grouped(oneTime)) one-time buyers P(alive) = 1 however long ago they bought; mbg-nbd and pareto-nbd do not")
                    }
                }
                warnings += FitWarnings.messages(fits: [lifetime.purchaseFit] + (lifetime.spendFit.map { [$0] } ?? []),
                                                 spendProblem: lifetime.spendProblem, excludedFromSpend: lifetime.excludedFromSpend)
            }
        }
        if let lifetime {
            // P(alive) ahead is computed only when the lifecycle has no state model of its own.
            segmentation.behaviour.applyPredictions(features, pAlive: lifetime.predictions.pAlive,
                                                    pAliveLater: lifetime.pAlive(inDays: settings.schemes.lifecycle.horizonDays, features),
                                                    clv: lifetime.predictions.clv.isEmpty ? nil : lifetime.predictions.clv)
        }
        catalog = FieldCatalog(dataset, segmentation, lifetime: lifetime, asOf: asOf)
        summary = AnalysisSummary(segmentation, report: dataset.report, asOf: asOf, lifetime: lifetime)
        if let file = settings.segmentsFile {
            progress("evaluating \(file)")
            rules = try CheckedRules.load(path: file, schema: RuleSchema(catalog))
        } else if let definitions = settings.segmentDefinitions, !definitions.definitions.isEmpty {
            switch RuleChecker.check(definitions.source(), schema: RuleSchema(catalog)) {
            case let .success(checked): rules = checked
            case let .failure(errors): throw .rules(file: "segment definitions", errors)
            }
        }
        if let rules = self.rules {
            let evaluation = RuleEvaluator.evaluate(rules, catalog)
            warnings += settings.sizeGuard.warnings(evaluation)
            summary.custom = CustomSegmentsSummary(evaluation)
            custom = evaluation
        }
        if let insightSettings = settings.insights {
            progress("profiling, ranking and planning segments")
            insights = insights(insightSettings, sizeGuard: settings.sizeGuard)
        }
    }

    /// Lets go of the order and event rows (about 30 bytes a row) once only the outputs of the
    /// analysis are still to come: ``AnalysisArtefacts/write(_:to:force:)`` and the insights do
    /// not read them; the report's holdout check and rules over rows do.
    public mutating func releaseRows() {
        dataset.orders = OrderColumns()
        dataset.events = EventColumns()
        catalog.releaseRows()
    }

    /// The segments of this analysis profiled, ranked and planned (what ``insights`` holds when
    /// the analysis was made with them), for a reader of an analysis made without.
    public func insights(_ settings: SegmentInsights.Settings, sizeGuard: SegmentSizeGuard) -> SegmentInsights {
        var settings = settings
        settings.sizeGuard = sizeGuard
        return SegmentInsights(catalog, segmentation,
                               extra: custom.map { [SegmentInsights.ExtraScheme(custom: $0)] } ?? [], settings: settings)
    }
}

/// The lifetime models of an analysis: the purchase model chosen (or named) and the models
/// fitted to the features.
private struct LifetimeModels: Sendable {
    var selection: ModelSelection?
    /// nil without a selection.
    var lifetime: Result<LifetimeAnalysis, ModelError>?

    init(_ dataset: Dataset, _ features: CustomerFeatures, asOf: Int64, settings: Analysis.Settings) {
        selection = ModelSelection.choose(settings.model, data: dataset, asOf: asOf,
                                          horizonDays: settings.prediction.horizon, penalty: settings.penalty)
        guard let selection else { return }
        lifetime = Result { () throws(ModelError) in
            try LifetimeAnalysis(features, kind: selection.kind, penalty: settings.penalty, settings: settings.prediction)
        }
    }
}
