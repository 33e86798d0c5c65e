import StrataCore

/// `strata trends` as text: customers and revenue per segment at every snapshot.
public enum TrendsRenderer {
    /// By default the latest snapshots that fit ``TextWrap/width`` columns, revenue in whole
    /// units; `wide` gives every snapshot and the cents.
    public static func text(_ trends: SegmentTrends, wide: Bool = false) -> String {
        let header = ["segment"] + trends.days.map { Timestamp.isoDate(day: $0) }
        var sizes = [header], revenue = [header]
        for (i, name) in trends.segments.enumerated() {
            sizes.append([name] + trends.sizes[i].map(NumberFormat.grouped))
            revenue.append([name] + trends.revenue[i].map { wide ? NumberFormat.money($0) : NumberFormat.grouped(Int($0.rounded())) })
        }
        guard !wide else {
            return "Customers per segment\n" + TextTable.render(sizes) + "\nRevenue to date per segment\n" + TextTable.render(revenue)
        }
        // The latest columns that fit, for both tables alike.
        var shown = trends.days.count
        while shown > 1, [sizes, revenue].contains(where: { width(latest(shown, of: $0)) > TextWrap.width }) { shown -= 1 }
        let note = shown < trends.days.count ? " (the latest \(shown) of \(trends.days.count) snapshots; --wide: all)" : ""
        return "Customers per segment\(note)\n" + TextTable.render(latest(shown, of: sizes))
            + "\nRevenue to date per segment\n" + TextTable.render(latest(shown, of: revenue))
    }

    private static func latest(_ count: Int, of rows: [[String]]) -> [[String]] {
        rows.map { [$0[0]] + $0.dropFirst().suffix(count) }
    }

    private static func width(_ rows: [[String]]) -> Int {
        TextTable.render(rows).split(separator: "\n").map(\.count).max() ?? 0
    }
}
