/// The three tables ``FeatureQuery`` reads, as a database or Spark holds them: their columns,
/// their DDL per dialect, and a ``Dataset``'s rows in that layout.
///
/// - `customer_records(customer_id, signup, <attributes>)`: every customer, signup in epoch
///   seconds (NULL when unknown), attributes as text or, when every value is a number, double.
/// - `orders(seq, customer_id, ts, amount_cents, discount_cents, amount, discount, category)`
/// - `events(seq, customer_id, ts, type, channel, value)`
///
/// `seq` is the row's position in its input (after duplicates are removed): rows of one
/// customer at the same second are taken in that order, as the embedded engine takes them.
/// Times are UTC epoch seconds; money is integer cents (`amount` and `discount` repeat it in
/// currency units for segment rules, which read them).
public enum EngineTables {
    /// A table of the layout.
    public enum Table: String, Sendable, CaseIterable {
        case customers = "customer_records", orders, events
    }

    /// One value of a row.
    public enum Value: Sendable, Hashable {
        case null
        case int(Int64)
        case double(Double)
        case text(String)
    }

    /// A column: name and kind.
    public struct Column: Sendable {
        public enum Kind: Sendable { case integer, real, text }
        public var name: String
        public var kind: Kind

        /// The column's type name in `dialect`.
        public func type(in dialect: SQLDialect) -> String {
            switch kind {
            case .integer: return dialect.integer
            case .real: return dialect.real
            case .text: return dialect.text
            }
        }
    }

    /// The columns of `table`, for data with these customer attributes.
    public static func columns(_ table: Table, attributes: [AttributeColumn]) -> [Column] {
        columns(table, attributes: attributes.map { ($0.name, $0.numericValues != nil) })
    }

    /// The columns of `table`, for customer attributes with these names, numeric or not.
    public static func columns(_ table: Table, attributes: [(name: String, numeric: Bool)]) -> [Column] {
        switch table {
        case .customers:
            return [Column(name: "customer_id", kind: .text), Column(name: "signup", kind: .integer)]
                + attributes.map { Column(name: $0.name, kind: $0.numeric ? .real : .text) }
        case .orders:
            return [Column(name: "seq", kind: .integer), Column(name: "customer_id", kind: .text), Column(name: "ts", kind: .integer),
                    Column(name: "amount_cents", kind: .integer), Column(name: "discount_cents", kind: .integer),
                    Column(name: "amount", kind: .real), Column(name: "discount", kind: .real), Column(name: "category", kind: .text)]
        case .events:
            return [Column(name: "seq", kind: .integer), Column(name: "customer_id", kind: .text), Column(name: "ts", kind: .integer),
                    Column(name: "type", kind: .text), Column(name: "channel", kind: .text), Column(name: "value", kind: .real)]
        }
    }

    /// `CREATE TABLE` for `table` (dropping an older one first), in `dialect`. The customer id is
    /// kept in byte order (`COLLATE "C"` in PostgreSQL), the order every grouping and the result
    /// use: sorting on it then compares bytes, not the database locale's collation.
    public static func create(_ table: Table, attributes: [AttributeColumn], dialect: SQLDialect) -> [String] {
        let columns = columns(table, attributes: attributes).map { column in
            let type = column.type(in: dialect)
            return "\(dialect.quote(identifier: column.name)) \(column.name == "customer_id" ? dialect.byteOrder(type) : type)"
        }
        return ["DROP TABLE IF EXISTS \(table.rawValue)", "CREATE TABLE \(table.rawValue) (\(columns.joined(separator: ", ")))"]
    }

    /// Indexes made after loading: the custom segments' row aggregates (`count(orders within 90
    /// days)`) are correlated subqueries that read one customer's rows each, which without them
    /// would scan the whole table once per customer.
    public static let indexes = [
        "CREATE INDEX orders_by_customer ON orders (customer_id, ts)",
        "CREATE INDEX events_by_customer ON events (customer_id, ts)",
    ]

    /// The number of rows of `table` in `data`.
    public static func rowCount(_ table: Table, of data: Dataset) -> Int {
        switch table {
        case .customers: return data.customers.count
        case .orders: return data.orders.count
        case .events: return data.events.count
        }
    }

    /// Calls `body` with each row of `table` in `data` (those of `range`, or all), in the
    /// layout's column order.
    public static func forEachRow(_ table: Table, of data: Dataset, in range: Range<Int>? = nil,
                                  _ body: ([Value]) throws -> Void) rethrows {
        let rows = range ?? 0..<rowCount(table, of: data)
        func text(_ values: [String], _ code: Int32) -> Value { code >= 0 ? .text(values[Int(code)]) : .null }
        switch table {
        case .customers:
            let customers = data.customers
            let numeric = customers.attributes.map(\.numericValues)
            for c in rows {
                var row: [Value] = [.text(customers.ids.string(c)), customers.signup[c].map { .int($0) } ?? .null]
                for (a, attribute) in customers.attributes.enumerated() {
                    let code = attribute.codes[c]
                    if code < 0 {
                        row.append(.null)
                    } else if let numbers = numeric[a] {
                        row.append(.double(numbers[Int(code)]))
                    } else {
                        row.append(.text(attribute.values[Int(code)]))
                    }
                }
                try body(row)
            }
        case .orders:
            let orders = data.orders
            for r in rows {
                try body([.int(Int64(r)), .text(data.customers.ids.string(Int(orders.customer[r]))), .int(orders.timestamp[r]),
                          .int(orders.amountCents[r]), .int(orders.discountCents[r]),
                          .double(Double(orders.amountCents[r]) / 100), .double(Double(orders.discountCents[r]) / 100),
                          text(orders.categories, orders.category[r])])
            }
        case .events:
            let events = data.events
            for r in rows {
                try body([.int(Int64(r)), .text(data.customers.ids.string(Int(events.customer[r]))), .int(events.timestamp[r]),
                          .text(events.types[Int(events.type[r])]), text(events.channels, events.channel[r]),
                          events.value[r].isNaN ? .null : .double(events.value[r])])
            }
        }
    }
}
