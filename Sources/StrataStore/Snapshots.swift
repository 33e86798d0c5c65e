import Foundation
import GRDB
import StrataCore

/// A row of `snapshots`: one analysis kept in the store.
struct SnapshotRecord: Codable, FetchableRecord, MutablePersistableRecord {
    static let databaseTableName = "snapshots"

    var id: Int64?
    var asOf: Int64
    var createdAt: Int64
    var customers: Int
    /// The fitted models (``ModelsSummary`` as JSON), when models were fitted.
    var models: String?

    enum CodingKeys: String, CodingKey {
        case id, customers, models
        case asOf = "as_of", createdAt = "created_at"
    }

    enum Columns {
        static let id = Column(CodingKeys.id)
        static let asOf = Column(CodingKeys.asOf)
    }

    mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

/// A row of `snapshot_customers`: one customer in one snapshot.
struct SnapshotCustomerRecord: Codable, FetchableRecord, TableRecord {
    static let databaseTableName = "snapshot_customers"

    var snapshotId: Int64
    var customerId: String
    var rfmSegment: String
    var activitySegment: String
    var lifecycleStage: String?
    var orders: Int
    var revenue: Double
    var daysSinceLastPurchase: Int?
    var engagementRate: Double?
    var pAlive: Double?
    var clv: Double?
    var atRisk: Bool

    enum CodingKeys: String, CodingKey {
        case orders, revenue, clv
        case snapshotId = "snapshot_id", customerId = "customer_id", rfmSegment = "rfm_segment",
             activitySegment = "activity_segment", lifecycleStage = "lifecycle_stage", daysSinceLastPurchase = "days_since_last_purchase",
             engagementRate = "engagement_rate", pAlive = "p_alive", atRisk = "at_risk"
    }

    enum Columns {
        static let snapshotId = Column(CodingKeys.snapshotId)
        static let customerId = Column(CodingKeys.customerId)
    }

    var customer: SnapshotCustomer {
        SnapshotCustomer(customerID: customerId, rfmSegment: rfmSegment, activitySegment: activitySegment, lifecycleStage: lifecycleStage, orders: orders,
                         revenue: revenue, daysSinceLastPurchase: daysSinceLastPurchase, engagementRate: engagementRate,
                         pAlive: pAlive, clv: clv, atRisk: atRisk)
    }
}

extension StrataStore {
    /// Keeps one analysis's customers as the snapshot as of `asOf`, replacing a snapshot with the
    /// same as-of, in one transaction. Returns the number of customers stored.
    @discardableResult
    public func saveSnapshot(asOf: Int64, customers: [SnapshotCustomer], models: ModelsSummary?) throws(StoreError) -> Int {
        try saveSnapshot(asOf: asOf, customers: customers, models: models, unlessErasedAfter: nil) ?? 0
    }

    /// Keeps an analysis that read the store at data version `version` as a snapshot — unless a
    /// customer was erased after that read (the analysis may hold them): then nothing is saved
    /// and the answer is nil. The check and the save are one transaction, so an erasure comes
    /// either before (and the snapshot is not saved) or after (and deletes their snapshot rows).
    public func saveSnapshot(asOf: Int64, customers: [SnapshotCustomer], models: ModelsSummary?, unlessErasedAfter version: Int?) throws(StoreError) -> Int? {
        let modelsJSON = try models.map { summary throws(StoreError) in
            do { return String(decoding: try JSONEncoder().encode(summary), as: UTF8.self) } catch {
                throw .database(path: path, message: "cannot encode the models: \(error)")
            }
        }
        return try write { db -> Int? in
            if let version, try Int.fetchOne(db, sql: "SELECT last_erasure FROM data_version") ?? 0 > version { return nil }
            try SnapshotRecord.filter(SnapshotRecord.Columns.asOf == asOf).deleteAll(db)
            var snapshot = SnapshotRecord(asOf: asOf, createdAt: Int64(Date().timeIntervalSince1970), customers: customers.count,
                                          models: modelsJSON)
            try snapshot.insert(db)
            guard let id = snapshot.id else { throw StoreError.database(path: path, message: "the snapshot got no id") }
            let columns = ["snapshot_id", "customer_id", "rfm_segment", "activity_segment", "orders", "revenue",
                           "days_since_last_purchase", "engagement_rate", "p_alive", "clv", "at_risk", "lifecycle_stage"]
            _ = try RowInserter.insert(db, into: "snapshot_customers", columns: columns, rows: customers.indices, ignoringRepeats: false) { insert, i in
                let c = customers[i]
                insert.bind(1, id)
                insert.bind(2, c.customerID)
                insert.bind(3, c.rfmSegment)
                insert.bind(4, c.activitySegment)
                insert.bind(5, Int64(c.orders))
                insert.bind(6, c.revenue)
                insert.bind(7, c.daysSinceLastPurchase.map(Int64.init))
                insert.bind(8, c.engagementRate)
                insert.bind(9, c.pAlive)
                insert.bind(10, c.clv)
                insert.bind(11, Int64(c.atRisk ? 1 : 0))
                insert.bind(12, c.lifecycleStage)
            }
            return customers.count
        }
    }

    /// Every snapshot's as-of time and customer count, oldest first.
    public func snapshots() throws(StoreError) -> [(asOf: Int64, customers: Int)] {
        try read { db in
            try SnapshotRecord.order(SnapshotRecord.Columns.asOf).fetchAll(db).map { ($0.asOf, $0.customers) }
        }
    }

    /// The customers of the snapshot taken as of exactly `asOf`, by customer id.
    public func snapshot(asOf: Int64) throws(StoreError) -> [SnapshotCustomer] {
        try read { db in
            guard let snapshot = try SnapshotRecord.filter(SnapshotRecord.Columns.asOf == asOf).fetchOne(db), let id = snapshot.id else {
                let available = try SnapshotRecord.order(SnapshotRecord.Columns.asOf).fetchAll(db)
                throw StoreError.noSnapshot(asOf: Timestamp.isoDateTime(asOf), available: available.map { Timestamp.isoDateTime($0.asOf) })
            }
            return try SnapshotCustomerRecord.filter(SnapshotCustomerRecord.Columns.snapshotId == id)
                .order(SnapshotCustomerRecord.Columns.customerId).fetchAll(db).map(\.customer)
        }
    }
}

extension StrataStore {
    /// The size of a kept scheme's segment in every snapshot, oldest first: (as-of, members).
    /// `scheme` is one of ``SnapshotCustomer/keptSchemes``; an empty list for any other.
    public func segmentSizes(scheme: SegmentScheme, segment: String) throws(StoreError) -> [(asOf: Int64, size: Int)] {
        guard let column = Self.snapshotColumn(scheme) else { return [] }
        return try read { db in
            try Row.fetchAll(db, sql: """
                SELECT s.as_of, (SELECT COUNT(*) FROM snapshot_customers c WHERE c.snapshot_id = s.id AND c.\(column) = ?) AS size
                FROM snapshots s ORDER BY s.as_of
                """, arguments: [segment]).map { (asOf: $0["as_of"], size: $0["size"]) }
        }
    }

    /// Every segment of a kept scheme with its size in every snapshot, oldest first (0 where a
    /// snapshot has none of it), in one pass over the snapshots.
    public func segmentSizes(scheme: SegmentScheme) throws(StoreError) -> [String: [(asOf: Int64, size: Int)]] {
        guard let column = Self.snapshotColumn(scheme) else { return [:] }
        return try read { db in
            let taken = try Int64.fetchAll(db, sql: "SELECT as_of FROM snapshots ORDER BY as_of")
            var sizes: [String: [Int64: Int]] = [:]
            for row in try Row.fetchAll(db, sql: """
                SELECT s.as_of, c.\(column) AS segment, COUNT(*) AS size FROM snapshots s JOIN snapshot_customers c ON c.snapshot_id = s.id
                WHERE c.\(column) IS NOT NULL GROUP BY s.as_of, c.\(column)
                """) {
                sizes[row["segment"], default: [:]][row["as_of"]] = row["size"]
            }
            return sizes.mapValues { bySnapshot in taken.map { (asOf: $0, size: bySnapshot[$0] ?? 0) } }
        }
    }

    /// The column of `snapshot_customers` that keeps a scheme's segment; nil for a scheme snapshots do not keep.
    static func snapshotColumn(_ scheme: SegmentScheme) -> String? {
        switch scheme {
        case .rfm: return "rfm_segment"
        case .activity: return "activity_segment"
        case .lifecycle: return "lifecycle_stage"
        default: return nil
        }
    }
}
