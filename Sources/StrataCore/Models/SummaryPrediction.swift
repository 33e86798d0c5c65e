/// A purchase model (and, with spends, Gamma-Gamma) fitted to per-customer summaries, and every
/// customer's predictions from them (`strata predict`).
public struct SummaryPrediction: Sendable {
    /// The purchase fit, then the spend fit when there was one.
    public var fits: [ModelFit]
    public var predictions: CustomerPredictions
    /// Why there is no spend model although the summaries have spends (nil otherwise).
    public var spendProblem: String?
    /// Repeat buyers left out of the spend fit for a repeat spend ≤ 0.
    public var excludedFromSpend = 0

    /// Fits the models and predicts. The spend model is fitted as in `analyze` (``SpendFit``); when
    /// it cannot be, the predictions have no spend and ``spendProblem`` says why.
    public init(_ summaries: PurchaseSummaries, kind: PurchaseModelKind, penalty: Double = 0,
                settings: PredictionSettings) throws(ModelError) {
        let fitted = try ModelFitter.fit(kind, summaries, penalty: penalty)
        fits = [fitted.fit]
        var spend: GammaGamma?
        if summaries.hasMonetary {
            let spendFit = SpendFit(summaries, penalty: penalty)
            spend = spendFit.model
            if let fit = spendFit.fit { fits.append(fit) }
            spendProblem = spendFit.problem
            excludedFromSpend = spendFit.excluded
        }
        predictions = CustomerPredictions(model: fitted.model, spend: spend, summaries: summaries, settings: settings)
    }
}
