import StrataCore

extension Analysis {
    /// The report's calibration/holdout check of the purchase model: the last
    /// min(horizon, a quarter of the purchase period) days before as-of are held out and predicted
    /// from a fit on the days before. Nil without a model, with under a week to hold out, or
    /// (with a warning) when the model cannot be fitted on the calibration period.
    public func holdoutCheck() -> (validation: HoldoutValidation?, warning: String?) {
        guard let lifetime, let kind = lifetime.selection?.kind else { return (nil, nil) }
        let f = segmentation.features
        let buyers = (0..<f.count).filter { f.hasPurchase($0) }
        guard let first = buyers.map({ f.firstPurchaseDay[$0] }).min() else { return (nil, nil) }
        let asOfDay = Timestamp.day(asOf)
        let length = min(Int64(lifetime.settings.horizon), (asOfDay - first) / 4)
        guard length >= 7 else { return (nil, nil) }
        do {
            return (try HoldoutValidation(dataset, holdoutFrom: (asOfDay - length + 1) * 86_400, holdoutTo: asOf, kind: kind), nil)
        } catch {
            return (nil, "report: calibration/holdout check skipped: \(error)")
        }
    }
}

extension Analysis {
    /// `strata validate`: the purchase model fitted on the purchases before the day `holdoutFrom`
    /// (from its first second) and checked on the holdout period to `holdoutTo` (default: the last
    /// order).
    public static func holdout(_ input: AnalysisInput, from holdoutFrom: Int64, to holdoutTo: Int64?, unitDays: Double,
                               kind: PurchaseModelKind, penalty: Double,
                               progress: (String) -> Void = { _ in }) throws(AnalysisError) -> HoldoutValidation {
        let dataset = try input.load(progress: progress)
        let start = holdoutFrom / 86_400 * 86_400
        guard let end = holdoutTo ?? dataset.orders.timestamp.max() else { throw .nothingToAnalyze(dataset.report) }
        guard end >= start else { throw .notInData("the holdout period is empty: the last order comes before it") }
        progress("fitting \(kind.rawValue) on the calibration period")
        do {
            return try HoldoutValidation(dataset, holdoutFrom: start, holdoutTo: end, unitDays: unitDays, kind: kind, penalty: penalty)
        } catch {
            throw .modelFit(file: "the calibration period", error)
        }
    }
}
