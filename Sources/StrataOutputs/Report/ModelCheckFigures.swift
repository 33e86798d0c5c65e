import StrataCore

/// The figures `lifetimes` users check a purchase model with: actual against predicted
/// purchases by calibration frequency, the cumulative and weekly tracking curves with the
/// holdout start marked, period transactions (customers by repeat purchases, observed and
/// simulated from the model) and the P(alive) matrix. Used by the report and by
/// `strata validate --report`.
package enum ModelCheckFigures {
    /// The figures of a calibration/holdout check; with `modelFigures`, also the calibration
    /// fit's period transactions and P(alive) matrix.
    package static func holdout(_ h: HoldoutValidation, modelFigures: Bool) -> String {
        let unit = h.unitDays == 7 ? "weeks" : "days"
        var out = HTMLReport.figure(
            "Did the model predict purchases it had not seen? It was fitted on the purchases before \(h.holdoutStart); each pair of "
                + "bars is one group of customers (by repeat purchases before then): their actual purchases per customer from \(h.holdoutStart) "
                + "to \(h.holdoutEnd) and the model's prediction. Average error per customer: \(NumberFormat.decimal(h.meanAbsoluteError, 3)) purchases.",
            SVGChart.pairedBars(h.buckets.map(\.label), h.buckets.map(\.actual), h.buckets.map(\.predicted),
                                names: ("actual", "predicted"), title: "Calibration and holdout",
                                xLabel: "repeat purchases before \(h.holdoutStart)", yLabel: "purchases after"))
        if let marker = h.weeks.firstIndex(where: { $0.start >= h.holdoutStart }) {
            let dates = h.weeks.map(\.start)
            out += HTMLReport.figure(
                "Repeat purchases of the customers who had bought before \(h.holdoutStart), added up week by week: actual and as the model "
                    + "predicts them. Left of the dashed line the model saw the data; right of it, it did not.",
                SVGChart.lines(dates: dates, series: [("actual", h.weeks.map(\.cumulativeActual), SVGChart.palette[0]),
                                                      ("predicted", h.weeks.map(\.cumulativePredicted), SVGChart.palette[1])],
                               marker: (marker, "holdout"), title: "Cumulative repeat purchases",
                               xLabel: "week", yLabel: "repeat purchases so far"))
            out += HTMLReport.figure(
                "The same customers' repeat purchases in each week, actual and predicted.",
                SVGChart.lines(dates: dates, series: [("actual", h.weeks.map(\.actual), SVGChart.palette[0]),
                                                      ("predicted", h.weeks.map(\.predicted), SVGChart.palette[1])],
                               marker: (marker, "holdout"), title: "Weekly repeat purchases",
                               xLabel: "week", yLabel: "repeat purchases"))
        }
        if modelFigures {
            out += periodTransactions(h.periodTransactions, period: "before \(h.holdoutStart)")
            out += pAlive(h.pAliveMatrix, unit: unit)
        }
        return out
    }

    /// Customers by repeat purchases, observed and simulated from the fitted model.
    package static func periodTransactions(_ p: PeriodTransactions, period: String) -> String {
        HTMLReport.figure(
            "Does the model reproduce how often customers buy? Customers by their number of repeat purchases \(period): in the data, and "
                + "in the model (each customer's observation time simulated with the fitted parameters, "
                + (p.draws == 1 ? "one draw)." : "mean of \(p.draws) draws)."),
            SVGChart.pairedBars(p.labels, p.actual.map(Double.init), p.model, names: ("actual", "model"), title: "Period transactions",
                                xLabel: "repeat purchases", yLabel: "customers"))
    }

    /// The model's P(alive) by repeat purchases and time since the last purchase.
    package static func pAlive(_ m: PAliveMatrix, unit: String) -> String {
        let columns = m.sinceLast.map { NumberFormat.decimal($0, 0) }
        let values = m.values.map { $0.map { $0 ?? 0 } }
        let labels = m.values.map { $0.map { $0.map { NumberFormat.percent($0) } ?? "–" } }
        let details = m.values.map { $0.map { _ in "" } }
        let chart = SVGChart.heatMap(rows: m.frequencies.map(String.init), columns: columns, values: values, labels: labels, details: details,
                                     title: "P(alive) matrix", rowTitle: "repeat purchases",
                                     columnTitle: "\(unit) since the last purchase")
        return HTMLReport.figure(
            "The probability a customer is still active, by repeat purchases (rows) and \(unit) since the last purchase (columns), for a "
                + "customer first seen \(NumberFormat.decimal(m.age, 0)) \(unit) ago (the median). The longer the silence after many "
                + "purchases, the lower it falls; without a repeat purchase there is one cell.",
            chart, single: true)
    }
}

extension HTMLReport {
    /// `strata validate --report`: a self-contained page with the calibration/holdout check's
    /// tables and every model-check figure.
    public static func validation(_ h: HoldoutValidation) -> String {
        let unit = h.unitDays == 7 ? "weeks" : "days"
        var body = "<h1>Strata model check</h1>\n<p class=\"sub\">\(escape(h.fit.model)) fitted on the purchases to \(escape(h.calibrationEnd)) "
        body += "(\(Format.count(h.fit.customers)) customers, times in \(unit)); checked on \(escape(h.holdoutStart)) – \(escape(h.holdoutEnd)).</p>\n"
        body += "<section id=\"fit\"><h2>The fit</h2>"
        let fit = SummaryRenderer.fitRows([h.fit])
        body += table(fit[0], Array(fit.dropFirst()), id: "fits")
        body += table(["repeat purchases before", "customers", "actual after (mean)", "predicted after (mean)"],
                      h.buckets.map { [$0.label, Format.count($0.customers), NumberFormat.decimal($0.actual, 3), NumberFormat.decimal($0.predicted, 3)] }
                        + [["total", Format.count(h.fit.customers), NumberFormat.decimal(h.totalActual, 0), NumberFormat.decimal(h.totalPredicted, 1)]],
                      id: "buckets")
        body += "<p>Average error per customer: \(NumberFormat.decimal(h.meanAbsoluteError, 4)) purchases; per group: "
        body += "\(NumberFormat.decimal(h.bucketMeanAbsoluteError, 4)).</p></section>\n"
        body += "<section id=\"checks\"><h2>Checks</h2><div class=\"grid\">" + ModelCheckFigures.holdout(h, modelFigures: true) + "</div></section>\n"
        return page(title: "Strata model check — \(h.holdoutStart)", body: body)
    }
}
