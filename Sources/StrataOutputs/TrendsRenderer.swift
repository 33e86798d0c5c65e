import StrataCore

/// `strata trends` as text: customers and revenue per segment at every snapshot.
public enum TrendsRenderer {
    public static func text(_ trends: SegmentTrends) -> String {
        let header = ["segment"] + trends.days.map { Timestamp.isoDate(day: $0) }
        var sizes = [header], revenue = [header]
        for (i, name) in trends.segments.enumerated() {
            sizes.append([name] + trends.sizes[i].map(NumberFormat.grouped))
            revenue.append([name] + trends.revenue[i].map(NumberFormat.money))
        }
        return "Customers per segment\n" + TextTable.render(sizes) + "\nRevenue to date per segment\n" + TextTable.render(revenue)
    }
}
