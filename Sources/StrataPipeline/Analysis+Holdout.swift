import StrataCore

extension Analysis {
    /// The report's calibration/holdout check of the purchase model: the last
    /// min(horizon, a quarter of the purchase period) days before as-of are held out and predicted
    /// from a fit on the days before. Nil without a model, with under a week to hold out, or
    /// (with a warning) when the model cannot be fitted on the calibration period.
    public func holdoutCheck() -> (validation: HoldoutValidation?, warning: String?) {
        guard let lifetime, let kind = settings.model else { return (nil, nil) }
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
