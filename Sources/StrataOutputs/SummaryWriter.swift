import StrataCore
/// Writes purchase summaries as `customer_id, frequency, recency, T[, monetary_value]` (times to
/// 4 decimals, spend to 2), the input format of ``SummaryReader``.
public enum SummaryWriter {
    public static func render(_ s: PurchaseSummaries) -> [UInt8] {
        let header = ["customer_id", "frequency", "recency", "T"] + (s.hasMonetary ? ["monetary_value"] : [])
        return CSVBuffer.render(header: header, count: s.count, bytesPerRow: 40) { i, out in
            if s.ids.isEmpty { out.int(i + 1) } else { out.text(s.ids[i]) }
            out.comma(); out.int(Int(s.frequency[i]))
            out.comma(); out.fixed(s.recency[i], places: 4)
            out.comma(); out.fixed(s.age[i], places: 4)
            if s.hasMonetary { out.comma(); out.fixed(s.monetary[i], places: 2) }
            out.newline()
        }
    }
}
