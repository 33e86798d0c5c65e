import StrataCore

extension Dataset {
    /// This data set (grouped by customer and time, canonically numbered) with each customer's
    /// orders at one second in the order of their amount, discount and category, and events at
    /// one second in the order of their type, channel and value: an order of their content, not
    /// of where the rows were. Read from a file, such rows keep the file's order (docs/features.md,
    /// "Ties"); the store has no file order, and its tables and the copy of its columns beside it
    /// hold the same rows in different orders, so a snapshot gives the same result from either.
    func tiesOrderedByContent() -> Dataset {
        var out = self
        let o = orders
        if let rows = Self.contentOrder(customer: o.customer, time: o.timestamp, less: { a, b in
            (o.amountCents[a], o.discountCents[a], o.category[a]) < (o.amountCents[b], o.discountCents[b], o.category[b])
        }) {
            out.orders = o.reordered(rows)
        }
        let e = events
        if let rows = Self.contentOrder(customer: e.customer, time: e.timestamp, less: { a, b in
            (e.type[a], e.channel[a], e.value[a].bitPattern) < (e.type[b], e.channel[b], e.value[b].bitPattern)
        }) {
            out.events = e.reordered(rows)
        }
        return out
    }

    /// The rows in an order where every run of rows with one customer and time is sorted by
    /// `less`; nil when they are in that order already.
    private static func contentOrder(customer: [Int32], time: [Int64], less: (Int, Int) -> Bool) -> [Int32]? {
        var order: [Int32]?
        var start = 0
        while start < customer.count {
            var end = start + 1
            while end < customer.count, customer[end] == customer[start], time[end] == time[start] { end += 1 }
            if end - start > 1 {
                let run = (start..<end).sorted(by: less)
                if !run.elementsEqual(start..<end) {
                    if order == nil { order = (0..<customer.count).map(Int32.init) }
                    for (k, row) in run.enumerated() { order![start + k] = Int32(row) }
                }
            }
            start = end
        }
        return order
    }
}
