import StrataCore

/// What an engine returns: one row per customer, ordered by id, with named columns
/// (``FeatureQuery`` or a segment query's).
public struct EngineFeatureTable: Sendable {
    public var columns: [String]
    public var rows: [[EngineTables.Value]]

    public init(columns: [String], rows: [[EngineTables.Value]]) {
        self.columns = columns
        self.rows = rows
    }

    /// The position of a column, if the table has it.
    public func column(_ name: String) -> Int? { columns.firstIndex(of: name) }

    /// The values of a column (empty when the table has none).
    public func values(_ name: String) -> [EngineTables.Value] {
        guard let i = column(name) else { return [] }
        return rows.map { $0[i] }
    }

    /// The lifetime models' input, for the customers with a purchase, in row order: x = repeat
    /// purchase days, tₓ and T in days, monetary = the mean value of a repeat purchase day (0
    /// without repeats) — what ``LifetimeAnalysis`` fits on in the embedded engine.
    public func purchaseSummaries() -> PurchaseSummaries {
        var s = PurchaseSummaries(frequency: [], recency: [], age: [], monetary: [])
        guard let id = column("customer_id"), let x = column("repeat_purchases"), let tx = column("btyd_recency_days"),
              let age = column("tenure_days"), let repeatCents = column("repeat_revenue_cents"), let days = column("purchase_days")
        else { return s }
        for row in rows {
            guard case let .int(frequency) = row[x], case let .int(recency) = row[tx], case let .int(t) = row[age] else { continue }
            if case let .text(name) = row[id] { s.ids.append(name) }
            s.frequency.append(Double(frequency))
            s.recency.append(Double(recency))
            s.age.append(Double(t))
            if case let .int(cents) = row[repeatCents], case let .int(purchaseDays) = row[days], purchaseDays > 1 {
                s.monetary.append(Double(cents) / 100 / Double(purchaseDays - 1))
            } else {
                s.monetary.append(0)
            }
        }
        return s
    }
}
