/// Lays the orders and events out by customer, whatever order the files had them in.
///
/// Real logs come in time order with customers interleaved; every per-customer pass (features,
/// holdout split, validation) would then touch its state in random order. One counting sort per
/// table puts each customer's rows together, in customer code order, by time (ties in file order),
/// so every later pass reads the columns front to back.
extension Dataset {
    /// This data set with each table's rows grouped by customer and time-ordered within a customer.
    /// - Parameter newCode: when given, the orders' and events' customer codes are those of
    ///   another numbering, and `newCode[code]` is each one's code in ``customers``.
    package func groupedByCustomer(newCode: [Int32]? = nil) -> Dataset {
        var out = self
        let customerCount = customers.count
        let orderGrouping = CustomerGrouping(customer: orders.customer, timestamp: orders.timestamp, customerCount: customerCount, newCode: newCode, keepsTimestamps: true)
        let orderRows = orderGrouping.rows
        if !Self.isIdentity(orderRows) {
            out.orders = orders.reordered(orderRows, customer: orderGrouping.customerOfEachRow(), timestamp: orderGrouping.timestamps)
        } else if newCode != nil {
            out.orders.customer = orderGrouping.customerOfEachRow()
        }
        let eventGrouping = CustomerGrouping(customer: events.customer, timestamp: events.timestamp, customerCount: customerCount, newCode: newCode, keepsTimestamps: true)
        let eventRows = eventGrouping.rows
        if !Self.isIdentity(eventRows) {
            out.events = events.reordered(eventRows, customer: eventGrouping.customerOfEachRow(), timestamp: eventGrouping.timestamps)
        } else if newCode != nil {
            out.events.customer = eventGrouping.customerOfEachRow()
        }
        return out
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
        out.customer = customer ?? Parallel.gathered(self.customer, rows)
        out.timestamp = timestamp ?? Parallel.gathered(self.timestamp, rows)
        out.amountCents = Parallel.gathered(amountCents, rows)
        out.discountCents = Parallel.gathered(discountCents, rows)
        out.category = Parallel.gathered(category, rows)
        out.ids = Parallel.gathered(ids, rows)
        return out
    }
}

extension EventColumns {
    /// These events with row `i` taken from row `rows[i]` (gathered in parallel); `customer` and
    /// `timestamp`, when given, are the new columns, already in that order.
    package func reordered(_ rows: [Int32], customer: [Int32]? = nil, timestamp: [Int64]? = nil) -> EventColumns {
        var out = self
        out.customer = customer ?? Parallel.gathered(self.customer, rows)
        out.timestamp = timestamp ?? Parallel.gathered(self.timestamp, rows)
        out.type = Parallel.gathered(type, rows)
        out.channel = Parallel.gathered(channel, rows)
        out.value = Parallel.gathered(value, rows)
        out.ids = Parallel.gathered(ids, rows)
        return out
    }
}
