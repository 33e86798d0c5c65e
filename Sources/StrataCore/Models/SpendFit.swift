/// The Gamma-Gamma spend model fitted to repeat buyers' spends, or the reason it was not:
/// shared by `analyze` (``LifetimeAnalysis``) and `predict` (``SummaryPrediction``).
///
/// Repeat buyers whose repeat purchases are worth ≤ 0 (free or refunded) say nothing about
/// spend: they are fitted as one-time buyers and counted in ``excluded``. Spend that is the same
/// for every repeat buyer (a coefficient of variation under 0.1%) has no variation to fit — the
/// likelihood only grows as p → ∞ — so the model is not fitted and ``problem`` says why.
public struct SpendFit: Sendable {
    public var model: GammaGamma?
    public var fit: ModelFit?
    /// Why there is no spend model (nil when there is one).
    public var problem: String?
    /// Repeat buyers left out of the fit for a repeat spend ≤ 0.
    public var excluded = 0

    /// The largest coefficient of variation of the repeat buyers' mean spends taken as constant.
    public static let constantSpendVariation = 0.001

    public init(_ summaries: PurchaseSummaries, penalty: Double = 0) {
        var input = summaries
        for i in 0..<input.count where input.frequency[i] > 0 && !(input.monetary[i] > 0) {
            input.frequency[i] = 0
            input.recency[i] = 0
            excluded += 1
        }
        let left = excluded > 0 ? " (\(excluded) repeat buyer\(excluded == 1 ? "" : "s") left out: repeat purchases worth ≤ 0)" : ""
        let spends = (0..<input.count).filter { input.frequency[$0] > 0 }.map { input.monetary[$0] }
        if spends.count > 1 {
            let mean = spends.reduce(0, +) / Double(spends.count)
            let variance = spends.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(spends.count - 1)
            if mean > 0, variance.squareRoot() / mean < Self.constantSpendVariation {
                problem = "every repeat buyer spends about \(NumberFormat.money(mean)) a purchase: with no variation in spend "
                    + "there is nothing for the spend model to fit\(left)"
                return
            }
        }
        do throws(ModelError) {
            let (fitted, fit) = try ModelFitter.fitSpend(input, penalty: penalty)
            guard fitted.populationMeanSpend.isFinite else { throw .unboundedSpend(q: fitted.parameters[1]) }
            model = fitted
            self.fit = fit
        } catch {
            problem = error.description + left
        }
    }
}
