import Foundation
import StrataCore
import GRDB
import Synchronization

/// Why the store cannot do what was asked.
public enum StoreError: Error, Sendable, Equatable, CustomStringConvertible {
    case database(path: String, message: String)
    case noSnapshot(asOf: String, available: [String])
    case unknownCustomer(String)
    /// A command that reads a store was given a path where there is none.
    case noStore(path: String)
    /// Reading the store now would read half an import.
    case importRunning(path: String, files: [String])
    /// The customer's rows are deleted, but old copies of their pages remain in the write-ahead
    /// log because another connection holds the database open.
    case erasureIncomplete(path: String, customer: String)

    public var description: String {
        switch self {
        case let .database(path, message): return "\(path): \(message)"
        case let .noSnapshot(asOf, available):
            return "no snapshot as of \(asOf); snapshots: " + (available.isEmpty ? "none (run strata snapshot)" : available.joined(separator: ", "))
        case let .unknownCustomer(id): return "customer '\(id)' is not in the store"
        case let .noStore(path): return "\(path): no such store (strata import --db \(path) creates one)"
        case let .importRunning(path, files):
            return "\(path): the import of \(files.joined(separator: ", ")) is running, or stopped mid-way and was not run again: "
                + "reading now would read half of it; wait for it to finish, or run the import again to complete it"
        case let .erasureIncomplete(path, customer):
            return "\(path): customer '\(customer)' is deleted, but another process has the store open, so old copies of "
                + "its pages stay in the write-ahead log until it closes; run `strata forget` again when nothing else uses the store"
        }
    }
}

/// The embedded store: a SQLite file (WAL mode) holding the imported customers, orders and
/// events, a manifest of every import, and every snapshot's per-customer features and segments.
/// The schema is built by named migrations (docs/store.md).
public final class StrataStore: Sendable {
    public let path: String
    package let pool: DatabasePool
    /// A connection of its own for ``checkpoint()``, opened on first use.
    package let checkpointConnection = Mutex<DatabaseQueue?>(nil)

    /// Opens the store at `path`, creating it when `create` is true (else a missing file is an error).
    /// `durable`: every commit is synced to disk before it returns (`synchronous = FULL`), so a
    /// power loss loses no acknowledged write; the live service opens its store so.
    public init(path: String, create: Bool = true, durable: Bool = false) throws(StoreError) {
        self.path = path
        guard create || FileManager.default.fileExists(atPath: path) else { throw .noStore(path: path) }
        do {
            var configuration = Configuration()
            configuration.busyMode = .timeout(10)
            // WAL with synchronous = NORMAL: every transaction is atomic and survives a process
            // crash; only a power loss may undo the last transactions (never half of one).
            // secure_delete: deleted content is overwritten with zeros, whatever the SQLite build's
            // default, so an erased customer leaves no bytes behind (docs/store.md).
            // SQLite's 4 KiB pages: larger ones speed a bulk import (1M customers: 50.9 s at 4 KiB,
            // 41.7 s at 16 KiB, 39.1 s at 64 KiB) but every live write logs a whole page per row it
            // touches at random, and the live service's p99 at 300 batches/s of 100 events went
            // from 15 ms at 4 KiB to 86 ms at 8 KiB and 139 ms at 16 KiB.
            let synchronous = durable ? "FULL" : "NORMAL"
            // The live service's connections keep more pages (32 MiB each): its inserts look up
            // the id and customer indexes at random.
            let cache = durable ? "; PRAGMA cache_size = -32768" : ""
            configuration.prepareDatabase { db in try db.execute(sql: "PRAGMA synchronous = \(synchronous); PRAGMA secure_delete = ON\(cache)") }
            pool = try DatabasePool(path: path, configuration: configuration)
            try Self.migrator.migrate(pool)
            try pool.write { db in for index in CustomerIndex.all { try index.create(db) } }
        } catch {
            throw .database(path: path, message: "\(error)")
        }
    }

    package static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: customers, orders, events, imports") { db in
            try db.execute(sql: """
                CREATE TABLE customers (
                    customer_id TEXT PRIMARY KEY NOT NULL,
                    signup INTEGER,
                    attributes TEXT NOT NULL DEFAULT '{}'
                ) WITHOUT ROWID;
                CREATE TABLE attribute_names (position INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);
                CREATE TABLE orders (
                    order_key TEXT PRIMARY KEY NOT NULL,
                    customer_id TEXT NOT NULL,
                    ts INTEGER NOT NULL,
                    amount_cents INTEGER NOT NULL,
                    discount_cents INTEGER NOT NULL,
                    category TEXT
                ) WITHOUT ROWID;
                CREATE INDEX orders_by_customer ON orders (customer_id, ts);
                CREATE TABLE events (
                    event_key TEXT PRIMARY KEY NOT NULL,
                    customer_id TEXT NOT NULL,
                    ts INTEGER NOT NULL,
                    type TEXT NOT NULL,
                    channel TEXT,
                    value REAL
                ) WITHOUT ROWID;
                CREATE INDEX events_by_customer ON events (customer_id, ts);
                CREATE TABLE imports (
                    id INTEGER PRIMARY KEY,
                    file TEXT NOT NULL,
                    kind TEXT NOT NULL,
                    content_hash TEXT NOT NULL,
                    started_at INTEGER NOT NULL,
                    status TEXT NOT NULL,
                    rows_read INTEGER NOT NULL,
                    kept INTEGER NOT NULL,
                    rejected INTEGER NOT NULL,
                    duplicates INTEGER NOT NULL,
                    batches INTEGER NOT NULL DEFAULT 0,
                    stored INTEGER NOT NULL DEFAULT 0,
                    already_present INTEGER NOT NULL DEFAULT 0,
                    duration_ms INTEGER
                );
                """)
        }
        migrator.registerMigration("v2: snapshots") { db in
            try db.execute(sql: """
                CREATE TABLE snapshots (
                    id INTEGER PRIMARY KEY,
                    as_of INTEGER NOT NULL UNIQUE,
                    created_at INTEGER NOT NULL,
                    customers INTEGER NOT NULL,
                    models TEXT
                );
                CREATE TABLE snapshot_customers (
                    snapshot_id INTEGER NOT NULL REFERENCES snapshots(id) ON DELETE CASCADE,
                    customer_id TEXT NOT NULL,
                    rfm_segment TEXT NOT NULL,
                    activity_segment TEXT NOT NULL,
                    orders INTEGER NOT NULL,
                    revenue REAL NOT NULL,
                    days_since_last_purchase INTEGER,
                    engagement_rate REAL,
                    p_alive REAL,
                    clv REAL,
                    at_risk INTEGER NOT NULL,
                    PRIMARY KEY (snapshot_id, customer_id)
                ) WITHOUT ROWID;
                """)
        }
        migrator.registerMigration("v3: file stamps in the import manifest") { db in
            try db.execute(sql: """
                ALTER TABLE imports ADD COLUMN file_size INTEGER;
                ALTER TABLE imports ADD COLUMN file_modified INTEGER;
                ALTER TABLE imports ADD COLUMN config_hash TEXT;
                """)
        }
        migrator.registerMigration("v4: lifecycle stages in snapshots") { db in
            try db.execute(sql: "ALTER TABLE snapshot_customers ADD COLUMN lifecycle_stage TEXT")
        }
        migrator.registerMigration("v5: api keys") { db in
            try db.execute(sql: """
                CREATE TABLE api_keys (
                    id TEXT PRIMARY KEY NOT NULL,
                    name TEXT NOT NULL,
                    secret_hash BLOB NOT NULL UNIQUE,
                    scopes TEXT NOT NULL,
                    created_at INTEGER NOT NULL,
                    revoked_at INTEGER
                )
                """)
        }
        migrator.registerMigration("v6: custom segments") { db in
            try db.execute(sql: """
                CREATE TABLE custom_segments (
                    position INTEGER PRIMARY KEY AUTOINCREMENT,
                    name TEXT NOT NULL UNIQUE,
                    expression TEXT NOT NULL,
                    updated_at INTEGER NOT NULL
                )
                """)
        }
        migrator.registerMigration("v7: webhooks, live membership, outbox") { db in
            try db.execute(sql: """
                CREATE TABLE webhooks (
                    id TEXT PRIMARY KEY NOT NULL,
                    url TEXT NOT NULL,
                    segments TEXT NOT NULL,
                    secret TEXT NOT NULL,
                    previous_secret TEXT,
                    created_at INTEGER NOT NULL
                );
                CREATE TABLE watched_segments (segment TEXT PRIMARY KEY NOT NULL) WITHOUT ROWID;
                CREATE TABLE live_membership (
                    segment TEXT NOT NULL,
                    customer_id TEXT NOT NULL,
                    PRIMARY KEY (segment, customer_id)
                ) WITHOUT ROWID;
                CREATE TABLE customer_sequence (customer_id TEXT PRIMARY KEY NOT NULL, sequence INTEGER NOT NULL) WITHOUT ROWID;
                CREATE TABLE outbox (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    message_id TEXT NOT NULL UNIQUE,
                    webhook_id TEXT NOT NULL,
                    customer_id TEXT NOT NULL,
                    body TEXT NOT NULL,
                    state TEXT NOT NULL DEFAULT 'pending',
                    attempts INTEGER NOT NULL DEFAULT 0,
                    next_attempt_ms INTEGER NOT NULL,
                    last_error TEXT,
                    created_at INTEGER NOT NULL
                );
                CREATE INDEX outbox_due ON outbox (webhook_id, state, id);
                """)
        }
        migrator.registerMigration("v8: data version") { db in
            try db.execute(sql: """
                CREATE TABLE data_version (one INTEGER PRIMARY KEY CHECK (one = 1), version INTEGER NOT NULL);
                INSERT INTO data_version (one, version) VALUES (1, 0);
                """)
        }
        migrator.registerMigration("v9: the data version of the last erasure") { db in
            try db.execute(sql: "ALTER TABLE data_version ADD COLUMN last_erasure INTEGER NOT NULL DEFAULT 0")
        }
        migrator.registerMigration("v10: the store's identity") { db in
            try db.execute(sql: """
                ALTER TABLE data_version ADD COLUMN store_id TEXT NOT NULL DEFAULT '';
                UPDATE data_version SET store_id = lower(hex(randomblob(16)));
                """)
        }
        return migrator
    }

    /// Runs a read, mapping database errors to ``StoreError``.
    package func read<T>(_ body: (Database) throws -> T) throws(StoreError) -> T {
        do { return try pool.read(body) } catch let error as StoreError { throw error } catch {
            throw .database(path: path, message: "\(error)")
        }
    }

    /// Runs a write transaction, mapping database errors to ``StoreError``.
    package func write<T>(_ body: (Database) throws -> T) throws(StoreError) -> T {
        do { return try pool.write(body) } catch let error as StoreError { throw error } catch {
            throw .database(path: path, message: "\(error)")
        }
    }

    /// Runs `body` on the writer's connection outside a transaction (pragmas, checkpoints),
    /// mapping database errors to ``StoreError``.
    package func writeWithoutTransaction<T>(_ body: (Database) throws -> T) throws(StoreError) -> T {
        do { return try pool.writeWithoutTransaction(body) } catch let error as StoreError { throw error } catch {
            throw .database(path: path, message: "\(error)")
        }
    }

    /// `PRAGMA integrity_check`: "ok" when the file is sound.
    public func integrityCheck() throws(StoreError) -> String {
        try read { db in try String.fetchAll(db, sql: "PRAGMA integrity_check").joined(separator: "; ") }
    }

    /// The schema version: a cheap read that shows the store answers.
    public func schemaVersion() throws(StoreError) -> Int {
        try read { db in try Int.fetchOne(db, sql: "PRAGMA schema_version") ?? 0 }
    }

    /// Row counts of the main tables.
    public func counts() throws(StoreError) -> (customers: Int, orders: Int, events: Int, snapshots: Int) {
        try read { db in
            (try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM customers") ?? 0,
             try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM orders") ?? 0,
             try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM events") ?? 0,
             try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM snapshots") ?? 0)
        }
    }

    /// Every table with a `customer_id` column, read from the schema: what `forget` erases from.
    static func tablesWithCustomerID(_ db: Database) throws -> [String] {
        try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
            .filter { table in try db.columns(in: table).contains { $0.name == "customer_id" } }
    }

    /// The files whose import is running (or stopped mid-way and was not run again).
    public func unfinishedImports() throws(StoreError) -> [String] {
        try read { db in
            try String.fetchAll(db, sql: "SELECT DISTINCT file FROM imports WHERE status = ? ORDER BY file", arguments: [ImportStatus.running.rawValue])
        }
    }

    /// Removes a customer from every table and snapshot (right to erasure), in one transaction,
    /// deletes the copy of the columns beside the store (``ColumnCache``), then truncates the
    /// write-ahead log so no old copy of their pages remains (deleted content is zeroed:
    /// `secure_delete`). Returns the number of rows deleted; throws
    /// ``StoreError/erasureIncomplete(path:customer:)`` when another connection keeps the log.
    @discardableResult
    public func forget(customer id: String) throws(StoreError) -> Int {
        let deleted = try write { db -> Int? in
            // Unknown (or erased before, when another process then kept the log): nothing to
            // delete, but the log is still truncated below.
            guard try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM customers WHERE customer_id = ?)", arguments: [id]) == true else {
                return nil
            }
            var deleted = 0
            for table in try Self.tablesWithCustomerID(db) {
                try db.execute(sql: "DELETE FROM \(table.quotedDatabaseIdentifier) WHERE customer_id = ?", arguments: [id])
                deleted += db.changesCount
            }
            try db.execute(sql: "UPDATE snapshots SET customers = (SELECT COUNT(*) FROM snapshot_customers WHERE snapshot_id = snapshots.id)")
            _ = try Self.raiseDataVersion(db)
            try db.execute(sql: "UPDATE data_version SET last_erasure = version")
            return deleted
        }
        ColumnCache.remove(forStore: path)
        do {
            try pool.writeWithoutTransaction { db in
                try db.execute(sql: "PRAGMA busy_timeout = 2000")
                defer { try? db.execute(sql: "PRAGMA busy_timeout = 10000") }
                let result = try Row.fetchOne(db, sql: "PRAGMA wal_checkpoint(TRUNCATE)")
                if (result?[0] as Int?) == 1 { throw StoreError.erasureIncomplete(path: path, customer: id) }
            }
        } catch let error as StoreError {
            throw error
        } catch {
            throw .erasureIncomplete(path: path, customer: id)
        }
        try scrubStaleCopies(of: id)
        guard let deleted else { throw .unknownCustomer(id) }
        return deleted
    }

    /// Zeroes the copies of the customer's rows that page rebuilds left in unused page space
    /// (``PageScrub``). Holds the write lock with the log empty (a writer that committed since
    /// the erasure's checkpoint means another round), then commits a data-version change, from a
    /// connection other than the pool's, so every connection drops the pages it had cached
    /// before the scrub and none writes an old copy back.
    private func scrubStaleCopies(of id: String) throws(StoreError) {
        let wal = path + "-wal"
        for _ in 0..<10 {
            let done = try onCheckpointConnection { db -> Bool in
                _ = try Row.fetchOne(db, sql: "PRAGMA wal_checkpoint(TRUNCATE)")
                try db.execute(sql: "BEGIN IMMEDIATE")
                let logged = (try? FileManager.default.attributesOfItem(atPath: wal)[.size] as? Int) ?? 0
                guard logged == 0 else {
                    try db.execute(sql: "ROLLBACK")
                    return false
                }
                do {
                    let pageSize = try Int.fetchOne(db, sql: "PRAGMA page_size") ?? 4096
                    if try PageScrub.scrub(path: path, pageSize: pageSize, needle: Array(id.utf8)) > 0 {
                        _ = try Self.raiseDataVersion(db)
                        try db.execute(sql: "UPDATE data_version SET last_erasure = version")
                    }
                    try db.execute(sql: "COMMIT")
                } catch {
                    try? db.execute(sql: "ROLLBACK")
                    throw error
                }
                _ = try Row.fetchOne(db, sql: "PRAGMA wal_checkpoint(TRUNCATE)")
                return true
            }
            if done { return }
            usleep(50_000)
        }
        throw .erasureIncomplete(path: path, customer: id)
    }
}
