import Foundation

/// The times an API write may carry: from `earliest` to the receiving clock plus `futureSlack`
/// (a sender's clock running fast). A time outside is a mistake — a date in milliseconds read as
/// seconds, a year typed wrong — that would otherwise never, or forever, count.
public struct TimeWindow: Sendable, Hashable {
    public var earliest: Int64
    public var latest: Int64

    public init(earliest: Int64, latest: Int64) {
        self.earliest = earliest
        self.latest = latest
    }

    /// 1970-01-01 to `now` + `futureSlack` seconds.
    public static func upTo(now: Int64, futureSlack: Int64) -> TimeWindow {
        TimeWindow(earliest: 0, latest: now + futureSlack)
    }

    public func contains(_ time: Int64) -> Bool { time >= earliest && time <= latest }

    /// What an out-of-range time is told.
    var expected: String {
        "a time from \(Timestamp.isoDateTime(earliest)) to \(Timestamp.isoDateTime(latest)) (the service's clock and its allowance for a fast clock)"
    }
}

extension APIBatch {
    /// Removes the rows stamped outside `window` (customers: signed up outside it); returns their
    /// rejections. `itemOfRow[r]`: the batch item row r was read from.
    mutating func reject(outside window: TimeWindow, itemOfRow: [Int]) -> [Rejection] {
        func rejection(_ r: Int, _ field: String, _ time: Int64) -> Rejection {
            Rejection(index: r < itemOfRow.count ? itemOfRow[r] : r, field: field, reason: "time_out_of_range",
                      value: Timestamp.isoDateTime(time), expected: window.expected)
        }
        var rejections: [Rejection] = []
        switch kind {
        case .orders:
            let o = data.orders
            let keep = (0..<o.count).filter { window.contains(o.timestamp[$0]) }
            guard keep.count < o.count else { return [] }
            rejections = (0..<o.count).filter { !window.contains(o.timestamp[$0]) }.map { rejection($0, "ts", o.timestamp[$0]) }
            data.orders.customer = Self.rows(keep, of: o.customer)
            data.orders.timestamp = Self.rows(keep, of: o.timestamp)
            data.orders.amountCents = Self.rows(keep, of: o.amountCents)
            data.orders.discountCents = Self.rows(keep, of: o.discountCents)
            data.orders.category = Self.rows(keep, of: o.category)
            data.orders.ids = Self.rows(keep, of: o.ids)
        case .events:
            let e = data.events
            let keep = (0..<e.count).filter { window.contains(e.timestamp[$0]) }
            guard keep.count < e.count else { return [] }
            rejections = (0..<e.count).filter { !window.contains(e.timestamp[$0]) }.map { rejection($0, "ts", e.timestamp[$0]) }
            data.events.customer = Self.rows(keep, of: e.customer)
            data.events.timestamp = Self.rows(keep, of: e.timestamp)
            data.events.type = Self.rows(keep, of: e.type)
            data.events.channel = Self.rows(keep, of: e.channel)
            data.events.value = Self.rows(keep, of: e.value)
            data.events.ids = Self.rows(keep, of: e.ids)
        case .customers:
            let c = data.customers
            let outside = (0..<c.count).filter { c.signup[$0].map { !window.contains($0) } ?? false }
            guard !outside.isEmpty else { return [] }
            rejections = outside.map { rejection($0, "signup", c.signup[$0]!) }
            let drop = Set(outside)
            let keep = (0..<c.count).filter { !drop.contains($0) }
            var kept = CustomerTable()
            for k in keep { _ = kept.ids.insert(c.ids.string(k)) }
            kept.signup = Self.rows(keep, of: c.signup)
            kept.attributes = c.attributes.map { AttributeColumn(name: $0.name, codes: Self.rows(keep, of: $0.codes), values: $0.values) }
            data.customers = kept
        }
        return rejections
    }

    /// The elements at `rows` (an empty column stays empty: ids are optional).
    private static func rows<T>(_ rows: [Int], of column: [T]) -> [T] {
        column.isEmpty ? [] : rows.map { column[$0] }
    }
}
