/// When, where and what a segment's members most commonly respond to and buy: the mode of their
/// preferred channel, weekday, hour and top category, and their median response time.
public struct SegmentHabits: Sendable, Codable, Hashable {
    /// The most common preferred channel and the share of members with a known channel who prefer it.
    public var channel: String?
    public var channelShare: Double?
    /// ISO weekday, 1 = Monday … 7 = Sunday.
    public var weekday: Int?
    public var hour: Int?
    public var category: String?
    public var medianResponseDays: Double?

    /// The columns habits are read from (any may be missing).
    package struct Columns {
        package var channel: (codes: [Int32], values: [String])?
        package var category: (codes: [Int32], values: [String])?
        package var weekday: [Int32]
        package var hour: [Int32]

        /// Text columns are taken from `texts` when already built there, else built from the catalog.
        package init(_ catalog: FieldCatalog, texts: [(name: String, codes: [Int32], values: [String])]) {
            func text(_ name: String) -> (codes: [Int32], values: [String])? {
                if let known = texts.first(where: { $0.name == name }) { return (known.codes, known.values) }
                if case let .text(codes, values)? = catalog.column(name) { return (codes, values) }
                return nil
            }
            channel = text("preferred_channel")
            category = text("top_category")
            func codes(_ name: String) -> [Int32] { (catalog.numbers(name) ?? []).map { $0.isFinite ? Int32($0) : -1 } }
            weekday = codes("preferred_weekday")
            hour = codes("preferred_hour")
        }
    }

    package init(members: [Bool], _ columns: Columns, medianResponseDays: Double?) {
        func mode(_ codes: [Int32], _ count: Int) -> (Int, Double)? {
            var counts = [Int](repeating: 0, count: count)
            for (c, code) in codes.enumerated() where code >= 0 && members[c] { counts[Int(code)] += 1 }
            let known = counts.reduce(0, +)
            guard known > 0, let top = counts.indices.max(by: { counts[$0] < counts[$1] }) else { return nil }
            return (top, Double(counts[top]) / Double(known))
        }
        if let channel = columns.channel, let (top, share) = mode(channel.codes, channel.values.count) {
            self.channel = channel.values[top]
            channelShare = share
        }
        if let category = columns.category, let (top, _) = mode(category.codes, category.values.count) {
            self.category = category.values[top]
        }
        weekday = mode(columns.weekday, 8)?.0
        hour = mode(columns.hour, 24)?.0
        self.medianResponseDays = medianResponseDays.flatMap { $0.isFinite ? $0 : nil }
    }

    /// `09:00`.
    package static func clock(_ hour: Int) -> String { (hour < 10 ? "0" : "") + "\(hour):00" }

    package static let weekdayNames = ["", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
}
