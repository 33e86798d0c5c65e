/// A purchase model (and, with spends, Gamma-Gamma) fitted to per-customer summaries, and every
/// customer's predictions from them (`strata predict`).
public struct SummaryPrediction: Sendable {
    /// The purchase fit, then the spend fit when there was one.
    public var fits: [ModelFit]
    public var predictions: CustomerPredictions

    /// Fits the models and predicts; a spend model whose mean spend is unbounded is an error.
    public init(_ summaries: PurchaseSummaries, kind: PurchaseModelKind, penalty: Double = 0,
                settings: PredictionSettings) throws(ModelError) {
        let fitted = try ModelFitter.fit(kind, summaries, penalty: penalty)
        fits = [fitted.fit]
        var spend: GammaGamma?
        if summaries.hasMonetary {
            let spendFit = try ModelFitter.fitSpend(summaries, penalty: penalty)
            guard spendFit.model.populationMeanSpend.isFinite else { throw .unboundedSpend(q: spendFit.model.parameters[1]) }
            spend = spendFit.model
            fits.append(spendFit.fit)
        }
        predictions = CustomerPredictions(model: fitted.model, spend: spend, summaries: summaries, settings: settings)
    }
}
