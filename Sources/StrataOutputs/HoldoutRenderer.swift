import Foundation
import StrataCore

/// Renders a ``HoldoutValidation`` as text tables or JSON.
public enum HoldoutRenderer {
    public static func text(_ v: HoldoutValidation) -> String {
        let unit = v.unitDays == 7 ? "weeks" : v.unitDays == 1 ? "days" : "units of \(v.unitDays) days"
        var out = "Calibration to \(v.calibrationEnd), holdout \(v.holdoutStart) – \(v.holdoutEnd) "
        out += "(\(NumberFormat.significant(v.holdoutLength)) \(unit)); \(v.fit.customers) customers\n\n"
        out += TextTable.render(SummaryRenderer.parameterRows([v.fit]), left: [0, 2]) + "\n"
        var rows = [["calibration purchases", "customers", "actual (mean)", "predicted (mean)"]]
        for b in v.buckets {
            rows.append([b.label, NumberFormat.grouped(b.customers), NumberFormat.decimal(b.actual, 3),
                         NumberFormat.decimal(b.predicted, 3)])
        }
        rows.append(["total", NumberFormat.grouped(v.fit.customers), NumberFormat.decimal(v.totalActual, 0),
                     NumberFormat.decimal(v.totalPredicted, 1)])
        out += "Holdout purchases by calibration frequency\n" + TextTable.render(rows) + "\n"
        out += "Mean absolute error per customer: \(NumberFormat.decimal(v.meanAbsoluteError, 4)); "
        out += "per frequency bucket: \(NumberFormat.decimal(v.bucketMeanAbsoluteError, 4))\n\n"
        var curve = [["week from", "actual", "predicted", "cum. actual", "cum. predicted"]]
        for w in v.weeks {
            curve.append([w.start, NumberFormat.decimal(w.actual, 0), NumberFormat.decimal(w.predicted, 1),
                          NumberFormat.decimal(w.cumulativeActual, 0), NumberFormat.decimal(w.cumulativePredicted, 1)])
        }
        out += "Weekly repeat purchases of the cohort\n" + TextTable.render(curve)
        return out
    }

    public static func json(_ v: HoldoutValidation) throws -> Data {
        let object: [String: Any] = [
            "fit": try JSONSerialization.jsonObject(with: try v.fit.json()),
            "calibration_end": v.calibrationEnd, "holdout_start": v.holdoutStart, "holdout_end": v.holdoutEnd,
            "holdout_length": v.holdoutLength, "unit_days": v.unitDays,
            "buckets": v.buckets.map { ["frequency": $0.label, "customers": $0.customers, "actual": $0.actual, "predicted": $0.predicted] },
            "total_actual": v.totalActual, "total_predicted": v.totalPredicted,
            "mean_absolute_error": v.meanAbsoluteError, "bucket_mean_absolute_error": v.bucketMeanAbsoluteError,
            "weeks": v.weeks.map { ["start": $0.start, "actual": $0.actual, "predicted": $0.predicted,
                                    "cumulative_actual": $0.cumulativeActual, "cumulative_predicted": $0.cumulativePredicted] },
        ]
        return try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys])
    }
}
