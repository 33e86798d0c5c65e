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
    public var latestTimestamp: Int64? { timestampSpan?.upperBound }

    /// The earliest and the latest order or event timestamp, each column read once.
    public var timestampSpan: ClosedRange<Int64>? {
        let spans = [Self.span(orders.timestamp), Self.span(events.timestamp)].compactMap { $0 }
        guard let low = spans.map(\.lowerBound).min(), let high = spans.map(\.upperBound).max() else { return nil }
        return low...high
    }

    /// The smallest and the largest value, in one branch-free loop over the buffer the compiler
    /// vectorizes (tens of millions of timestamps).
    package static func span(_ values: [Int64]) -> ClosedRange<Int64>? {
        values.withUnsafeBufferPointer { values in
            guard var low = values.first else { return nil }
            var high = low
            for value in values {
                low = min(low, value)
                high = max(high, value)
            }
            return low...high
        }
    }
}
