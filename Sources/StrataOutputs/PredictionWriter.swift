import StrataCore
/// Writes `predict` output: `customer_id, p_alive, expected_purchases, next_order_in` (in the
/// summary's time unit), plus
/// `expected_aov, clv` when a spend model was fitted. The id is the summary's, or the row number.
public enum PredictionWriter {
    public static func render(_ summaries: PurchaseSummaries, _ p: CustomerPredictions) -> [UInt8] {
        let withSpend = !p.clv.isEmpty
        let header = ["customer_id", "p_alive", "expected_purchases", "next_order_in"] + (withSpend ? ["expected_aov", "clv"] : [])
        return CSVBuffer.render(header: header, count: p.count, bytesPerRow: 48) { i, out in
            func number(_ v: Double, _ places: Int) { out.comma(); if v.isFinite { out.fixed(v, places: places) } }
            if summaries.ids.isEmpty { out.int(i + 1) } else { out.text(summaries.ids[i]) }
            number(p.pAlive[i], 6)
            number(p.expectedPurchases[i], 6)
            number(p.nextPurchaseIn[i], 2)
            if withSpend {
                number(p.expectedAverageSpend[i], 2)
                number(p.clv[i], 2)
            }
            out.newline()
        }
    }
}
