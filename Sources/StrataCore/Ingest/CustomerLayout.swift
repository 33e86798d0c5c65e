/// Lays the orders and events out by customer, whatever order the files had them in.
///
/// Real logs come in time order with customers interleaved; every per-customer pass (features,
/// holdout split, validation) would then touch its state in random order. One counting sort per
/// table puts each customer's rows together, in customer code order, by time (ties in file order),
/// so every later pass reads the columns front to back.
extension Dataset {
    /// This data set with each table's rows grouped by customer and time-ordered within a customer.
    package func groupedByCustomer() -> Dataset {
        var out = self
        let customerCount = customers.count
        let orderRows = CustomerGrouping(customer: orders.customer, timestamp: orders.timestamp, customerCount: customerCount).rows
        if !Self.isIdentity(orderRows) {
            out.orders.customer = Parallel.gather(orders.customer, at: orderRows)
            out.orders.timestamp = Parallel.gather(orders.timestamp, at: orderRows)
            out.orders.amountCents = Self.gather(orders.amountCents, orderRows)
            out.orders.discountCents = Self.gather(orders.discountCents, orderRows)
            out.orders.category = Self.gather(orders.category, orderRows)
            out.orders.ids = Self.gather(orders.ids, orderRows)
        }
        let eventRows = CustomerGrouping(customer: events.customer, timestamp: events.timestamp, customerCount: customerCount).rows
        if !Self.isIdentity(eventRows) {
            out.events.customer = Parallel.gather(events.customer, at: eventRows)
            out.events.timestamp = Parallel.gather(events.timestamp, at: eventRows)
            out.events.type = Self.gather(events.type, eventRows)
            out.events.channel = Self.gather(events.channel, eventRows)
            out.events.value = Self.gather(events.value, eventRows)
            out.events.ids = Self.gather(events.ids, eventRows)
        }
        return out
    }

    /// The column in the new row order; an optional column left empty stays empty.
    private static func gather<T>(_ column: [T], _ rows: [Int32]) -> [T] {
        column.count == rows.count ? Parallel.gather(column, at: rows) : column
    }

    private static func isIdentity(_ rows: [Int32]) -> Bool {
        rows.withUnsafeBufferPointer { rows in
            for i in rows.indices where rows[i] != Int32(truncatingIfNeeded: i) { return false }
            return true
        }
    }
}
