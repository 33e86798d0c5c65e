import GRDB

extension StrataStore {
    /// The store's data version: a number every write raises in its own transaction (an import's
    /// batch, an API batch, an erasure, a change of segment definitions), so a reader knows
    /// exactly which writes a read includes.
    public func dataVersion() throws(StoreError) -> Int {
        try read { db in try Self.dataVersion(db) }
    }

    /// Raises the data version after a change the live analysis learns of only by reading the
    /// store again (an erasure, segment definitions); returns the new version.
    @discardableResult
    public func raiseDataVersion() throws(StoreError) -> Int {
        try write { db in try Self.raiseDataVersion(db) }
    }

    static func dataVersion(_ db: Database) throws -> Int {
        try Int.fetchOne(db.cachedStatement(sql: "SELECT version FROM data_version")) ?? 0
    }

    /// A random identity the store is given when created, which a copy of another store's data
    /// (``ColumnCache``) does not carry.
    static func identity(_ db: Database) throws -> String {
        try String.fetchOne(db, sql: "SELECT store_id FROM data_version") ?? ""
    }

    static func raiseDataVersion(_ db: Database) throws -> Int {
        try Int.fetchOne(db.cachedStatement(sql: "UPDATE data_version SET version = version + 1 RETURNING version")) ?? 0
    }
}
