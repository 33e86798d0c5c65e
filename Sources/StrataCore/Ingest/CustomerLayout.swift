/// Lays the orders and events out by customer, whatever order the files had them in.
///
/// Real logs come in time order with customers interleaved; every per-customer pass (features,
/// holdout split, validation) would then touch its state in random order. One counting sort per
/// table puts each customer's rows together, in customer code order, by time (ties in file order),
/// so every later pass reads the columns front to back.
extension Dataset {
    /// Groups each table's rows by customer, time-ordered within a customer, in place: a column at
    /// a time (``OrderColumns/reorder(_:customer:timestamp:)``).
    /// - Parameter newCode: when given, the orders' and events' customer codes are those of
    ///   another numbering, and `newCode[code]` is each one's code in ``customers``.
    package mutating func groupByCustomer(newCode: [Int32]? = nil) {
        let customerCount = customers.count
        do {
            let grouping = CustomerGrouping(customer: orders.customer, timestamp: orders.timestamp, customerCount: customerCount,
                                            newCode: newCode, keepsTimestamps: true)
            if !grouping.keepsRowOrder, !Self.isIdentity(grouping.rows) {
                orders.reorder(grouping.rows, customer: grouping.customerOfEachRow(), timestamp: grouping.timestamps)
            } else if newCode != nil {
                orders.customer = grouping.customerOfEachRow()
            }
        }
        let grouping = CustomerGrouping(customer: events.customer, timestamp: events.timestamp, customerCount: customerCount,
                                        newCode: newCode, keepsTimestamps: true)
        if !grouping.keepsRowOrder, !Self.isIdentity(grouping.rows) {
            events.reorder(grouping.rows, customer: grouping.customerOfEachRow(), timestamp: grouping.timestamps)
        } else if newCode != nil {
            events.customer = grouping.customerOfEachRow()
        }
    }

    private static func isIdentity(_ rows: [Int32]) -> Bool {
        rows.withUnsafeBufferPointer { rows in
            for i in rows.indices where rows[i] != Int32(truncatingIfNeeded: i) { return false }
            return true
        }
    }
}

extension OrderColumns {
    /// These orders with row `i` taken from row `rows[i]` (gathered in parallel); `customer` and
    /// `timestamp`, when given, are the new columns, already in that order.
    package func reordered(_ rows: [Int32], customer: [Int32]? = nil, timestamp: [Int64]? = nil) -> OrderColumns {
        var out = self
        out.reorder(rows, customer: customer, timestamp: timestamp)
        return out
    }

    /// ``reordered(_:customer:timestamp:)`` in place, a column at a time: each old column is
    /// freed as its new one is made (when nothing else holds it).
    package mutating func reorder(_ rows: [Int32], customer: [Int32]? = nil, timestamp: [Int64]? = nil) {
        self.customer = customer ?? Parallel.gathered(self.customer, rows)
        self.timestamp = timestamp ?? Parallel.gathered(self.timestamp, rows)
        amountCents = Parallel.gathered(amountCents, rows)
        discountCents = Parallel.gathered(discountCents, rows)
        category = Parallel.gathered(category, rows)
        ids = Parallel.gathered(ids, rows)
    }
}

extension EventColumns {
    /// These events with row `i` taken from row `rows[i]` (gathered in parallel); `customer` and
    /// `timestamp`, when given, are the new columns, already in that order.
    package func reordered(_ rows: [Int32], customer: [Int32]? = nil, timestamp: [Int64]? = nil) -> EventColumns {
        var out = self
        out.reorder(rows, customer: customer, timestamp: timestamp)
        return out
    }

    /// ``reordered(_:customer:timestamp:)`` in place, a column at a time: each old column is
    /// freed as its new one is made (when nothing else holds it).
    package mutating func reorder(_ rows: [Int32], customer: [Int32]? = nil, timestamp: [Int64]? = nil) {
        self.customer = customer ?? Parallel.gathered(self.customer, rows)
        self.timestamp = timestamp ?? Parallel.gathered(self.timestamp, rows)
        type = Parallel.gathered(type, rows)
        channel = Parallel.gathered(channel, rows)
        value = Parallel.gathered(value, rows)
        ids = Parallel.gathered(ids, rows)
    }
}
