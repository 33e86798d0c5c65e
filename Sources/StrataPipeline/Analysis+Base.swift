import StrataCore
import StrataOutputs

extension Analysis {
    /// What an analysis of a whole customer base carries over to analyse a few of its customers
    /// alone: the segmentation's ``Segmentation/Base``, the fitted lifetime models and the checked
    /// custom segments. The live service analyses the customers a write changed with it, between
    /// analyses of the whole store.
    public struct Base: Sendable {
        public var settings: Settings
        public var segmentation: Segmentation.Base
        public var lifetime: LifetimeAnalysis?
        public var rules: CheckedRules?
        /// The base's summary (its segments' sizes and the models' fit).
        public var summary: AnalysisSummary

        public init(_ analysis: Analysis) {
            settings = analysis.settings
            segmentation = Segmentation.Base(analysis.segmentation)
            lifetime = analysis.lifetime
            rules = analysis.rules
            summary = analysis.summary
        }
    }

    /// Analyses the customers of `data` as of `asOf` against a base: their features, segments,
    /// model outputs and custom segments as the base's analysis would give them (no insights;
    /// the summary is the base's, as of `asOf`).
    public init(_ data: Dataset, base: Base, asOf: Int64) {
        settings = base.settings
        settings.asOf = asOf
        settings.insights = nil
        dataset = data
        self.asOf = asOf
        segmentation = Segmentation(data, settings: settings.schemes.featureSettings(asOf: asOf), schemes: settings.schemes, base: base.segmentation)
        let features = segmentation.features
        lifetime = base.lifetime.map { LifetimeAnalysis(applying: $0, to: features) }
        if let lifetime {
            segmentation.behaviour.applyPredictions(features, pAlive: lifetime.predictions.pAlive,
                                                    pAliveLater: lifetime.pAlive(inDays: settings.schemes.lifecycle.horizonDays, features),
                                                    clv: lifetime.predictions.clv.isEmpty ? nil : lifetime.predictions.clv)
        }
        let catalog = FieldCatalog(data, segmentation, lifetime: lifetime, asOf: asOf)
        self.catalog = catalog
        summary = base.summary
        summary.asOf = Timestamp.isoDateTime(asOf)
        rules = base.rules
        custom = base.rules.map { RuleEvaluator.evaluate($0, catalog) }
    }
}
