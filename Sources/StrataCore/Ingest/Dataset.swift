/// Everything one analysis reads: customers, their orders and events, and the ingest account.
public struct Dataset: Sendable {
    public var customers: CustomerTable
    public var orders: OrderColumns
    public var events: EventColumns
    public var report: IngestReport

    public init(customers: CustomerTable, orders: OrderColumns, events: EventColumns, report: IngestReport) {
        self.customers = customers
        self.orders = orders
        self.events = events
        self.report = report
    }

    /// The latest order or event timestamp, the default as-of.
    public var latestTimestamp: Int64? {
        let a = Self.largest(orders.timestamp)
        let b = Self.largest(events.timestamp)
        switch (a, b) {
        case let (a?, b?): return max(a, b)
        case let (a?, nil): return a
        case let (nil, b?): return b
        default: return nil
        }
    }

    /// The largest value, in one branch-free loop over the buffer the compiler vectorizes (tens of
    /// millions of timestamps).
    private static func largest(_ values: [Int64]) -> Int64? {
        values.withUnsafeBufferPointer { values in
            guard var top = values.first else { return nil }
            for value in values { top = max(top, value) }
            return top
        }
    }
}
