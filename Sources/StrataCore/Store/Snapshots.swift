import Foundation
import GRDB

/// One customer in a stored snapshot.
public struct SnapshotCustomer: Sendable, Hashable {
    public var customerID: String
    public var rfmSegment: String
    public var activitySegment: String
    public var orders: Int
    public var revenue: Double
    public var daysSinceLastPurchase: Int?
    public var engagementRate: Double?
    public var pAlive: Double?
    public var clv: Double?
    public var atRisk: Bool

    public func segment(_ scheme: SegmentScheme) -> String { scheme == .rfm ? rfmSegment : activitySegment }
}

extension StrataStore {
    /// Runs the full analysis over the stored data as of a date (only data up to it) and stores
    /// each customer's key features and segment labels, replacing a snapshot with the same as-of.
    /// Returns the number of customers stored.
    @discardableResult
    public func takeSnapshot(asOf: Int64, model: PurchaseModelKind? = .bgNBD, horizonDays: Double = 365) throws(StoreError) -> Int {
        let data = try dataset(asOf: asOf)
        let segmentation = Segmentation(data, settings: FeatureSettings(asOf: asOf))
        let lifetime = model.flatMap { kind in
            try? LifetimeAnalysis(segmentation.features, kind: kind, settings: PredictionSettings(horizon: horizonDays))
        }
        let f = segmentation.features
        let modelsJSON = lifetime.flatMap { try? JSONEncoder().encode(ModelsSummary($0)) }.map { String(decoding: $0, as: UTF8.self) }
        return try write { db in
            try db.execute(sql: "DELETE FROM snapshots WHERE as_of = ?", arguments: [asOf])
            try db.execute(sql: "INSERT INTO snapshots (as_of, created_at, customers, models) VALUES (?, ?, ?, ?)",
                           arguments: [asOf, Int64(Date().timeIntervalSince1970), f.count, modelsJSON])
            let id = db.lastInsertedRowID
            let statement = try db.cachedStatement(sql: """
                INSERT INTO snapshot_customers (snapshot_id, customer_id, rfm_segment, activity_segment, orders, revenue,
                    days_since_last_purchase, engagement_rate, p_alive, clv, at_risk) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
            for c in 0..<f.count {
                let pAlive = lifetime.map { $0.predictions.pAlive[c] }.flatMap { $0.isNaN ? nil : $0 }
                let clv = lifetime.flatMap { $0.predictions.clv.isEmpty ? nil : $0.predictions.clv[c] }.flatMap { $0.isNaN ? nil : $0 }
                try statement.execute(arguments: [
                    id, data.customers.ids.string(c), segmentation.rfm[c].rawValue, segmentation.activity[c].rawValue,
                    Int(f.orders[c]), Double(f.revenueCents[c]) / 100, f.daysSinceLastPurchase(c), f.engagementRate(c),
                    pAlive, clv, f.atRisk(c) ? 1 : 0,
                ])
            }
            return f.count
        }
    }

    /// Every snapshot's as-of time and customer count, oldest first.
    public func snapshots() throws(StoreError) -> [(asOf: Int64, customers: Int)] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT as_of, customers FROM snapshots ORDER BY as_of").map { ($0["as_of"], $0["customers"]) }
        }
    }

    /// The customers of the snapshot taken as of exactly `asOf`.
    public func snapshot(asOf: Int64) throws(StoreError) -> [SnapshotCustomer] {
        let available = try snapshots()
        guard available.contains(where: { $0.asOf == asOf }) else {
            throw .noSnapshot(asOf: Timestamp.isoDateTime(asOf), available: available.map { Timestamp.isoDateTime($0.asOf) })
        }
        return try read { db in
            var customers: [SnapshotCustomer] = []
            let rows = try Row.fetchCursor(db, sql: """
                SELECT s.customer_id, s.rfm_segment, s.activity_segment, s.orders, s.revenue, s.days_since_last_purchase,
                       s.engagement_rate, s.p_alive, s.clv, s.at_risk
                FROM snapshot_customers s JOIN snapshots n ON n.id = s.snapshot_id WHERE n.as_of = ? ORDER BY s.customer_id
                """, arguments: [asOf])
            while let row = try rows.next() {
                customers.append(SnapshotCustomer(
                    customerID: row[0], rfmSegment: row[1], activitySegment: row[2], orders: row[3], revenue: row[4],
                    daysSinceLastPurchase: row[5], engagementRate: row[6], pAlive: row[7], clv: row[8], atRisk: (row[9] as Int) == 1))
            }
            return customers
        }
    }
}
