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
            var kept = o
            kept.customer = keep.map { o.customer[$0] }
            kept.timestamp = keep.map { o.timestamp[$0] }
            kept.amountCents = keep.map { o.amountCents[$0] }
            kept.discountCents = keep.map { o.discountCents[$0] }
            kept.category = keep.map { o.category[$0] }
            kept.ids = o.ids.isEmpty ? [] : keep.map { o.ids[$0] }
            data.orders = kept
        case .events:
            let e = data.events
            let keep = (0..<e.count).filter { window.contains(e.timestamp[$0]) }
            guard keep.count < e.count else { return [] }
            rejections = (0..<e.count).filter { !window.contains(e.timestamp[$0]) }.map { rejection($0, "ts", e.timestamp[$0]) }
            var kept = e
            kept.customer = keep.map { e.customer[$0] }
            kept.timestamp = keep.map { e.timestamp[$0] }
            kept.type = keep.map { e.type[$0] }
            kept.channel = keep.map { e.channel[$0] }
            kept.value = keep.map { e.value[$0] }
            kept.ids = e.ids.isEmpty ? [] : keep.map { e.ids[$0] }
            data.events = kept
        case .customers:
            let c = data.customers
            let outside = (0..<c.count).filter { c.signup[$0].map { !window.contains($0) } ?? false }
            guard !outside.isEmpty else { return [] }
            rejections = outside.map { rejection($0, "signup", c.signup[$0]!) }
            let drop = Set(outside)
            let keep = (0..<c.count).filter { !drop.contains($0) }
            var kept = CustomerTable()
            for k in keep { _ = kept.ids.insert(c.ids.string(k)) }
            kept.signup = keep.map { c.signup[$0] }
            kept.attributes = c.attributes.map { column in AttributeColumn(name: column.name, codes: keep.map { column.codes[$0] }, values: column.values) }
            data.customers = kept
        }
        return rejections
    }
}
