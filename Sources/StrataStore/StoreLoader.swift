import Foundation
import StrataCore
import GRDB

extension StrataStore {
    /// The stored data as a ``Dataset``: customers in id order with their attributes, and the
    /// orders and events at or before `asOf` (all of them when nil). With `asOf`, customers who
    /// signed up later and have no order or event by then are left out: they are not customers
    /// yet. The ingest report lists what was read from each table.
    ///
    /// `cached`: read every row once into the copy of the columns kept beside the store
    /// (``ColumnCache``) and take the data as of `asOf` from there, then from that copy for as
    /// long as the data does not change: for commands that read the store at several dates
    /// (snapshots, backfill). Without it, only the rows at or before `asOf` are read, from the tables.
    public func dataset(asOf: Int64? = nil, cached: Bool = false) throws(StoreError) -> Dataset {
        guard cached else { return try read { db in try StoredColumns.read(db, upTo: asOf ?? .max) }.dataset(asOf: nil) }
        return try cachedColumns().dataset(asOf: asOf)
    }

    /// The stored data as ``dataset(asOf:cached:)`` reads it from the tables, and the data
    /// version it includes (read in the same transaction: every live write up to that version
    /// is in, none after it).
    public func versionedDataset(asOf: Int64? = nil) throws(StoreError) -> (dataset: Dataset, version: Int) {
        let (columns, version) = try read { db in (try StoredColumns.read(db, upTo: asOf ?? .max), try Self.dataVersion(db)) }
        return (columns.dataset(asOf: nil), version)
    }

    /// Every stored row, from the copy beside the store when it is of the current data, else
    /// from the tables (then written beside the store for the next read).
    private func cachedColumns() throws(StoreError) -> StoredColumns {
        let cache = ColumnCache.path(forStore: path)
        let (identity, version) = try read { db in (try Self.identity(db), try Self.dataVersion(db)) }
        if let columns = ColumnCache.load(from: cache, identity: identity, version: version) { return columns }
        let (columns, readAt) = try read { db in (try StoredColumns.read(db), try Self.dataVersion(db)) }
        // A copy that cannot be written only means the next read goes to the tables again.
        try? ColumnCache.save(columns, identity: identity, version: readAt, to: cache)
        // An erasure may have committed while the copy was written; it deleted the copies there
        // were, and this one must not outlive it either.
        if try read({ db in try Self.dataVersion(db) }) != readAt { unlink(cache) }
        return columns
    }
}
