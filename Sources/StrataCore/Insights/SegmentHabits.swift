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
        self = Self.partition(groups: members.map { $0 ? 0 : -1 }, count: 1, columns) { _ in medianResponseDays }[0]
    }

    /// The habits of every group of a partition (`groups[c]` is customer c's group, 0..<count, or
    /// negative for none), each column read once for all groups.
    package static func partition(groups: [Int], count: Int, _ columns: Columns, medianResponseDays: (Int) -> Double?) -> [SegmentHabits] {
        /// Each group's most common code and its share of the group's known codes.
        func modes(_ codes: [Int32], _ values: Int) -> [(Int, Double)?] {
            var counts = [Int](repeating: 0, count: count * values)
            for (c, code) in codes.enumerated() where code >= 0 && groups[c] >= 0 { counts[groups[c] * values + Int(code)] += 1 }
            return (0..<count).map { g in
                let row = counts[g * values..<(g + 1) * values]
                let known = row.reduce(0, +)
                guard known > 0, let top = row.indices.max(by: { row[$0] < row[$1] }) else { return nil }
                return (top - g * values, Double(row[top]) / Double(known))
            }
        }
        let counted: [([Int32], Int)?] = [columns.channel.map { ($0.codes, $0.values.count) }, columns.category.map { ($0.codes, $0.values.count) },
                                          (columns.weekday, 8), (columns.hour, 24)]
        let found = Parallel.map(counted.count) { i in counted[i].map { modes($0.0, $0.1) } }
        let (channels, categories, weekdays, hours) = (found[0], found[1], found[2]!, found[3]!)
        return (0..<count).map { g in
            var habits = SegmentHabits()
            if let channel = columns.channel, let (top, share) = channels?[g] {
                habits.channel = channel.values[top]
                habits.channelShare = share
            }
            if let category = columns.category, let (top, _) = categories?[g] { habits.category = category.values[top] }
            habits.weekday = weekdays[g]?.0
            habits.hour = hours[g]?.0
            habits.medianResponseDays = medianResponseDays(g).flatMap { $0.isFinite ? $0 : nil }
            return habits
        }
    }

    private init() {}

    /// `09:00`.
    package static func clock(_ hour: Int) -> String { (hour < 10 ? "0" : "") + "\(hour):00" }

    package static let weekdayNames = ["", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
}
