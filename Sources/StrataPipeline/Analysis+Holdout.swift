import StrataCore

extension Analysis {
    /// The report's calibration/holdout check of the purchase model, on the holdout period the
    /// model was chosen on (``HoldoutSplit/period(_:asOf:horizonDays:)``). Nil without a model,
    /// with under a week to hold out, or (with a warning) when the model cannot be fitted on the
    /// calibration period.
    public func holdoutCheck() -> (validation: HoldoutValidation?, warning: String?) {
        guard let lifetime, let kind = lifetime.selection?.kind,
              let period = HoldoutSplit.period(dataset, asOf: asOf, horizonDays: lifetime.settings.horizon) else { return (nil, nil) }
        do {
            return (try HoldoutValidation(dataset, holdoutFrom: period.start * 86_400, holdoutTo: asOf, kind: kind,
                                          penalty: settings.penalty), nil)
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
