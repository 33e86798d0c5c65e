import Foundation

/// The fields a segment definition can name: every column of `customers.csv` (features,
/// segments, model outputs, customer attributes, plus `age` from `birth_year`) and the row fields
/// of the `orders` and `events` tables, with their types and values.
public struct FieldCatalog: Sendable {
    /// Customer fields in customers.csv order.
    public let customerFields: [(name: String, type: FieldType)]
    package let customerColumns: [String: @Sendable () -> RuleColumn]
    package let customerIDs: [String]
    package private(set) var orders: OrderColumns
    package private(set) var events: EventColumns
    public let asOf: Int64
    package var asOfDay: Int64 { Timestamp.day(asOf) }

    /// Row fields by table.
    package static let rowFields: [String: [(name: String, type: FieldType)]] = [
        "orders": [("ts", .date), ("amount", .number), ("discount", .number), ("category", .text)],
        "events": [("ts", .date), ("type", .text), ("channel", .text), ("value", .number)],
    ]

    /// `order`/`orders` → `orders`, `event`/`events` → `events`; nil for anything else.
    package static func table(_ name: String) -> String? {
        switch name.lowercased() {
        case "order", "orders": return "orders"
        case "event", "events": return "events"
        default: return nil
        }
    }

    public var count: Int { customerIDs.count }

    /// Lets go of the order and event rows: the catalog then serves the customer fields alone
    /// (the insights), not rules over rows.
    package mutating func releaseRows() {
        orders = OrderColumns()
        events = EventColumns()
    }

    public func type(of field: String) -> FieldType? { customerFields.first { $0.name == field }?.type }

    package func column(_ field: String) -> RuleColumn? { customerColumns[field]?() }

    /// A numeric customer field's values (NaN = missing); nil for other types.
    public func numbers(_ field: String) -> [Double]? {
        if case let .number(values)? = column(field) { return values }
        return nil
    }

    /// A text customer field's codes (-1 = missing) and values; nil for other types.
    package func texts(_ field: String) -> (codes: [Int32], values: [String])? {
        if case let .text(codes, values)? = column(field) { return (codes, values) }
        return nil
    }

    /// The id of customer `c`, and the customer with an id.
    public func id(_ c: Int) -> String { customerIDs[c] }
    public func customer(withID id: String) -> Int? { customerIDs.firstIndex(of: id) }

    public init(_ data: Dataset, _ s: Segmentation, lifetime: LifetimeAnalysis? = nil, asOf: Int64) {
        self.asOf = asOf
        orders = data.orders
        events = data.events
        let customers = data.customers
        customerIDs = (0..<customers.count).map { customers.ids.string($0) }
        let n = s.features.count
        var fields: [(String, FieldType)] = []
        var columns: [String: @Sendable () -> RuleColumn] = [:]
        func add(_ name: String, _ type: FieldType, _ make: @escaping @Sendable () -> RuleColumn) {
            guard columns[name] == nil else { return }
            fields.append((name, type))
            columns[name] = make
        }
        func number(_ name: String, _ value: @escaping @Sendable (Int) -> Double?) {
            add(name, .number) { .number(Parallel.mapEach(n) { value($0) ?? .nan }) }
        }
        func text(_ name: String, _ value: @escaping @Sendable (Int) -> String?) {
            add(name, .text) { Self.textColumn((0..<n).lazy.map(value)) }
        }
        let predictions = lifetime?.predictions
        for feature in CustomerFeature.columns(lifetime: lifetime) {
            let name = feature.name(horizonDays: Int(lifetime?.settings.horizon ?? 0))
            let ids = customers.ids
            @Sendable func value(_ c: Int) -> FeatureValue { feature.value(c, s, predictions, ids: ids) }
            switch feature.type {
            case .number: number(name) { value($0).number }
            case .date: add(name, .date) { .date(Parallel.mapEach(n) { value($0).number ?? .nan }) }
            case .bool: add(name, .bool) { .bool(Parallel.mapEach(n) { value($0) == .flag(true) }) }
            case .text:
                // Columns that are codes into a few texts already: renumbered, not a text hashed per customer.
                if let scheme = feature.scheme, s.schemes.contains(scheme) {
                    add(name, .text) { let (names, codes) = s.labels(scheme); return Self.textColumn(codes: codes, values: names) }
                } else if feature.hasTextCodes {
                    add(name, .text) {
                        let (codes, values) = feature.textCodes(s, predictions)!
                        return Self.textColumn(codes: codes.lazy.map(Int.init), values: values)
                    }
                } else {
                    text(name) { value($0).text }
                }
            }
        }
        // Customer attributes: numbers when every value is one, else text; `age` from `birth_year`.
        let year = Double(Timestamp.civil(fromDays: Timestamp.day(asOf)).year)
        for attribute in customers.attributes {
            let name = columns[attribute.name] == nil ? attribute.name : "attr_\(attribute.name)"
            if let numeric = attribute.numericValues {
                number(name) { c in attribute.codes[c] >= 0 ? numeric[Int(attribute.codes[c])] : nil }
                if attribute.name == "birth_year" {
                    number("age") { c in attribute.codes[c] >= 0 ? year - numeric[Int(attribute.codes[c])] : nil }
                }
            } else {
                add(name, .text) { Self.textColumn(codes: attribute.codes.lazy.map(Int.init), values: attribute.values) }
            }
        }
        customerFields = fields
        customerColumns = columns
    }

    /// A catalog of columns computed elsewhere (an engine's result), without order or event rows:
    /// for the insights, not for rules over rows. A name given twice keeps its first column.
    package init(customerIDs: [String], columns: [(name: String, type: FieldType, column: @Sendable () -> RuleColumn)], asOf: Int64) {
        self.asOf = asOf
        self.customerIDs = customerIDs
        orders = OrderColumns()
        events = EventColumns()
        var fields: [(String, FieldType)] = []
        var map: [String: @Sendable () -> RuleColumn] = [:]
        for column in columns where map[column.name] == nil {
            fields.append((column.name, column.type))
            map[column.name] = column.column
        }
        customerFields = fields
        customerColumns = map
    }

    /// A text column: codes in order of first appearance, -1 for nil.
    package static func textColumn(_ texts: some Sequence<String?>) -> RuleColumn {
        var table: [String: Int32] = [:], values: [String] = []
        let codes = texts.map { text -> Int32 in
            guard let text else { return -1 }
            if let code = table[text] { return code }
            table[text] = Int32(values.count)
            values.append(text)
            return Int32(values.count - 1)
        }
        return .text(codes: codes, values: values)
    }

    /// The same column as ``textColumn(_:)`` from codes into `values` (negative: none), without
    /// hashing a text per row: codes of equal texts are made one, then renumbered in order of
    /// first appearance.
    package static func textColumn(codes: some Sequence<Int>, values: [String]) -> RuleColumn {
        var codeOfText: [String: Int] = [:]
        let same = values.indices.map { i in
            if let first = codeOfText[values[i]] { return first }
            codeOfText[values[i]] = i
            return i
        }
        var renumbered = [Int32](repeating: -1, count: values.count)
        var kept: [String] = []
        let column = codes.map { code -> Int32 in
            guard code >= 0 else { return -1 }
            let k = same[code]
            if renumbered[k] < 0 {
                renumbered[k] = Int32(kept.count)
                kept.append(values[k])
            }
            return renumbered[k]
        }
        return .text(codes: column, values: kept)
    }

    /// A row field of `table` as a column over all its rows.
    package func rowColumn(_ table: String, _ field: String) -> RuleColumn? {
        switch (table, field) {
        case ("orders", "ts"): return .date(orders.timestamp.map { Double(Timestamp.day($0)) })
        case ("orders", "amount"): return .number(orders.amountCents.map { Double($0) / 100 })
        case ("orders", "discount"): return .number(orders.discountCents.map { Double($0) / 100 })
        case ("orders", "category"): return .text(codes: orders.category, values: orders.categories)
        case ("events", "ts"): return .date(events.timestamp.map { Double(Timestamp.day($0)) })
        case ("events", "type"): return .text(codes: events.type, values: events.types)
        case ("events", "channel"): return .text(codes: events.channel, values: events.channels)
        case ("events", "value"): return .number(events.value)
        default: return nil
        }
    }

    package func rowTimestamps(_ table: String) -> [Int64] { table == "orders" ? orders.timestamp : events.timestamp }
    package func rowCustomers(_ table: String) -> [Int32] { table == "orders" ? orders.customer : events.customer }
}
