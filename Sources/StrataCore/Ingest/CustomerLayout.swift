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
        let orderGrouping = CustomerGrouping(customer: orders.customer, timestamp: orders.timestamp, customerCount: customerCount)
        let orderRows = orderGrouping.rows
        if !Self.isIdentity(orderRows) {
            out.orders.customer = orderGrouping.customerOfEachRow()
            Self.reorder(&out.orders.timestamp, orderRows)
            Self.reorder(&out.orders.amountCents, orderRows)
            Self.reorder(&out.orders.discountCents, orderRows)
            Self.reorder(&out.orders.category, orderRows)
            Self.reorder(&out.orders.ids, orderRows)
        }
        let eventGrouping = CustomerGrouping(customer: events.customer, timestamp: events.timestamp, customerCount: customerCount)
        let eventRows = eventGrouping.rows
        if !Self.isIdentity(eventRows) {
            out.events.customer = eventGrouping.customerOfEachRow()
            Self.reorder(&out.events.timestamp, eventRows)
            Self.reorder(&out.events.type, eventRows)
            Self.reorder(&out.events.channel, eventRows)
            Self.reorder(&out.events.value, eventRows)
            Self.reorder(&out.events.ids, eventRows)
        }
        return out
    }

    /// Puts a column in the new row order; an optional column left empty stays empty.
    private static func reorder<T>(_ column: inout [T], _ rows: [Int32]) {
        if column.count == rows.count { column = Parallel.gather(column, at: rows) }
    }

    private static func isIdentity(_ rows: [Int32]) -> Bool {
        rows.withUnsafeBufferPointer { rows in
            for i in rows.indices where rows[i] != Int32(truncatingIfNeeded: i) { return false }
            return true
        }
    }
}
