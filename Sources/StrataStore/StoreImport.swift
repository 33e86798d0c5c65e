import Foundation
import StrataCore
import GRDB

/// What one import did with one file. `rowsRead = kept + rejected + duplicates + merged + skipped`
/// as in the ingest report; of the kept rows, `stored` were new and `alreadyPresent` were in the store already
/// (same order/event id, or the same content when the file has no id column). A customers file's
/// `stored` rows also count customers the store had whose signup date or attributes it changed.
public struct FileImport: Sendable, Codable, Hashable {
    public var file: String
    public var kind: TableKind
    public var contentHash: String
    public var rowsRead: Int
    public var kept: Int
    public var rejected: Int
    public var duplicates: Int
    /// Lines summed into an earlier line of the same order.
    public var merged = 0
    /// Rows a config rule left out.
    public var skipped = 0
    public var stored: Int
    public var alreadyPresent: Int
    public var batches: Int
    public var durationMs: Int
    /// The manifest id of an earlier complete import that read this file with the same size,
    /// modification time, content hash and settings: the file was skipped (no row read).
    public var unchangedSince: Int64?
    /// The manifest id of an earlier complete import of this file when the file grew since (its
    /// first ``readFrom`` bytes are what that import read): only the records after them were read.
    public var grownSince: Int64?
    /// The byte reading started at (0: the whole file).
    public var readFrom = 0

    package enum CodingKeys: String, CodingKey {
        case file, kind, kept, rejected, duplicates, merged, skipped, stored, batches
        case contentHash = "content_hash", rowsRead = "rows_read", alreadyPresent = "already_present", durationMs = "duration_ms"
        case unchangedSince = "unchanged_since", grownSince = "grown_since", readFrom = "read_from"
    }
}

extension FileImport {
    /// A file skipped because an earlier import read it unchanged.
    public init(skipping earlier: ImportRecord) {
        self.init(file: earlier.file, kind: earlier.kind, contentHash: earlier.contentHash, rowsRead: 0, kept: 0, rejected: 0,
                  duplicates: 0, stored: 0, alreadyPresent: 0, batches: 0, durationMs: 0, unchangedSince: earlier.id)
    }
}

extension StrataStore {
    /// Rows per transaction: a crash keeps whole batches only, and a re-run adds exactly the rest.
    /// (1M customers: 31.3–31.9 s with batches of 200,000 rows against 32.1–34.0 s with 50,000:
    /// fewer commits rewrite the tables' last pages less often.)
    public static let defaultBatchSize = 200_000

    /// Appends a loaded data set (loaded with ``DatasetLoader/keepRowIDs``) to the store.
    ///
    /// Each file gets a manifest row in `imports` (status `running`, then `complete`) with its
    /// `facts` when given; its rows go in transactions of `batchSize`, each of which also advances
    /// the manifest and raises the data version, so after a crash the manifest says how far the
    /// import got. Rows are keyed by their id (`INSERT OR IGNORE`): importing the same file again
    /// adds nothing. They go in in
    /// key order (``KeyOrder``), and a table that was empty gets its ``CustomerIndex`` built once
    /// its rows are in. The copy of the columns the next snapshot reads is brought up to date
    /// with the rows stored (``ImportColumnCopy``). SQLite works on the calling thread; putting
    /// the tables in key order and writing the copy run meanwhile on a thread of their own
    /// (``BackgroundWork``), and the write-ahead log is copied into the database file on another
    /// (``BackgroundCheckpoints``). Files named in
    /// `unchanged` are not written (``unchangedImports(_:)`` found them imported before); files
    /// named in `grown` were read from where that import ended (``grownSinceImports(_:)``).
    public func importData(_ data: Dataset, facts: [String: InputFileFacts] = [:], unchanged: [String: ImportRecord] = [:],
                           grown: [String: ImportRecord] = [:], batchSize: Int = defaultBatchSize,
                           progress: (String) -> Void = { _ in }) throws(StoreError) -> [FileImport] {
        try write { db in
            // A large page cache keeps the id indexes' pages in memory while millions of keys go in.
            try db.execute(sql: "PRAGMA cache_size = -524288")
            // An import that never finished is no longer running.
            try ImportRecord.filter(ImportRecord.Columns.status == ImportStatus.running)
                .updateAll(db, ImportRecord.Columns.status.set(to: ImportStatus.interrupted))
        }
        let copy = try read { db in try ImportColumnCopy(db, store: path) }
        // Made before any work starts on another thread: nothing is left running if it fails.
        let checkpoints = try BackgroundCheckpoints(store: self)
        let customerIDs = BoundTexts(data.orders.count + data.events.count > 0 ? data.customers.ids.strings : [])
        let imported = data.report.files.filter { unchanged[$0.file] == nil }
        let hasCustomersFile = data.report.files.contains { $0.table == .customers }
        // SQLite stores the rows on this thread, one core. On the other, one after the other, each
        // orders and events table is put in key order while the files before it go in, then the
        // copy of the columns is written beside the store. A table SQLite would wait for at once
        // (no customers file goes in first) is put in order on every core.
        var keyed: [TableKind: BackgroundWork<KeyedRows>] = [:]
        var previous: BackgroundWork<KeyedRows>?
        let customersGoInFirst = imported.first?.table == .customers
        for report in imported where report.table != .customers {
            let work = BackgroundWork(yielding: previous != nil || customersGoInFirst) { [previous] in
                _ = previous?.valueWithoutHelping
                return Self.keyed(data, report.table)
            }
            keyed[report.table] = work
            previous = work
        }
        let plannedRaises = imported.reduce(0) { sum, report in
            sum + Self.dataVersionRaises(importing: report.table, of: data, withCustomersFile: hasCustomersFile, batchSize: batchSize)
        }
        let customersUpdating: Bool? = imported.contains { $0.table == .customers } ? true
            : !hasCustomersFile && !imported.isEmpty ? false : nil
        let columnCopy = plannedRaises == 0 ? nil : BackgroundWork(yielding: true) { [orders = keyed[.orders], events = keyed[.events]] in
            copy.writeAside(data, customersUpdating: customersUpdating, orders: orders?.valueWithoutHelping.sorted.orders ?? OrderColumns(),
                            events: events?.valueWithoutHelping.sorted.events ?? EventColumns(), version: copy.startVersion + plannedRaises)
        }
        var raises = 0
        var allStored = true
        var results: [FileImport] = []
        do throws(StoreError) {
            for report in data.report.files {
                if let earlier = unchanged[report.file] {
                    results.append(FileImport(skipping: earlier))
                    continue
                }
                let inKeyOrder = keyed.removeValue(forKey: report.table)?.value
                let result = try importFile(report, of: data, fileFacts: facts[report.file], grownSince: grown[report.file],
                                            keyed: inKeyOrder, customerIDs: customerIDs, registersCustomers: !hasCustomersFile,
                                            batchSize: batchSize, checkpoints: checkpoints, raises: &raises, progress: progress)
                if let inKeyOrder, result.stored != inKeyOrder.keys.count { allStored = false }
                results.append(result)
            }
        } catch {
            try? checkpoints.finish()
            ImportColumnCopy.discard(columnCopy?.value)
            throw error
        }
        // The last rows are copied from the log into the database file meanwhile.
        if let columnCopy {
            progress("updating the copy of the columns")
            do { try copy.install(columnCopy.value, raises: raises, allStored: allStored, store: self) } catch {
                try? checkpoints.finish()
                throw error
            }
        }
        try checkpoints.finish()
        return results
    }

    /// A table's rows in key order, ready to insert: the data with that table's columns in key
    /// order (its ids dropped, the keys stand for them), and the keys.
    struct KeyedRows: Sendable {
        var sorted: Dataset
        var keys: [String]
    }

    /// The orders' or events' rows of `data` in key order (``KeyOrder``), so the inserts read them front to back.
    static func keyed(_ data: Dataset, _ table: TableKind) -> KeyedRows {
        var sorted = data
        let keys: [String], rows: [Int32]
        switch table {
        case .orders:
            keys = rowKeys(ids: data.orders.ids, count: data.orders.count) { orderContent(data, $0) }
            rows = KeyOrder.rows(keys)
            sorted.orders.ids = []
            sorted.orders.reorder(rows)
        case .events:
            keys = rowKeys(ids: data.events.ids, count: data.events.count) { eventContent(data, $0) }
            rows = KeyOrder.rows(keys)
            sorted.events.ids = []
            sorted.events.reorder(rows)
        case .customers:
            preconditionFailure("customers are in key order already")
        }
        return KeyedRows(sorted: sorted, keys: Parallel.gather(keys, at: rows))
    }

    /// How many times importing the `table` file of `data` raises the data version: once per
    /// batch (at least one), once for a customers file's attribute names, and once for the
    /// customers orders or events name when there is no customers file.
    static func dataVersionRaises(importing table: TableKind, of data: Dataset, withCustomersFile: Bool, batchSize: Int) -> Int {
        let rows = switch table {
        case .customers: data.customers.count
        case .orders: data.orders.count
        case .events: data.events.count
        }
        let batches = rows == 0 ? 1 : (rows - 1) / batchSize + 1
        return batches + (table == .customers || !withCustomersFile ? 1 : 0)
    }

    /// Imports one file's rows of `data` (in key order, `keyed`, for orders and events) under a
    /// manifest row of its own, counting the data version's raises in `raises`.
    /// `registersCustomers`: no customers file is read, so an orders or events file first
    /// stores the customers it names.
    private func importFile(_ report: FileReport, of data: Dataset, fileFacts: InputFileFacts?, grownSince earlier: ImportRecord?,
                            keyed: KeyedRows?, customerIDs: BoundTexts, registersCustomers: Bool, batchSize: Int,
                            checkpoints: BackgroundCheckpoints, raises: inout Int, progress: (String) -> Void) throws(StoreError) -> FileImport {
        let started = Date()
        var result = FileImport(file: report.file, kind: report.table, contentHash: fileFacts?.contentHash ?? Self.contentHash(report.file),
                                rowsRead: report.rowsRead, kept: report.kept, rejected: report.rejected,
                                duplicates: report.duplicates, merged: report.merged, skipped: report.skipped,
                                stored: 0, alreadyPresent: 0, batches: 0, durationMs: 0)
        if let earlier {
            result.grownSince = earlier.id
            result.readFrom = Int(earlier.fileSize ?? 0)
        }
        let manifest = try write { db -> Int64 in
            var record = ImportRecord(file: result.file, kind: result.kind, contentHash: result.contentHash,
                                      startedAt: Int64(started.timeIntervalSince1970), status: .running, rowsRead: result.rowsRead,
                                      kept: result.kept, rejected: result.rejected, duplicates: result.duplicates,
                                      fileSize: fileFacts?.size, fileModified: fileFacts?.modified, configHash: fileFacts?.configHash)
            try record.insert(db)
            return db.lastInsertedRowID
        }
        progress("importing \(report.file)")
        // Rows go in in key order; the customer index of an empty table is built at the end.
        // Customers are in id byte order already (the loader numbers them so).
        let rows: Int
        let insert: (Database, Range<Int>) throws -> Int
        var deferredIndex: CustomerIndex?
        switch (report.table, keyed) {
        case (.customers, _):
            rows = data.customers.count
            try storeAttributeNames(data.customers)
            raises += 1
            insert = { db, range in try Self.insertCustomers(db, data.customers, range, updating: true) }
        case let (.orders, keyed?):
            rows = keyed.keys.count
            deferredIndex = .orders
            insert = { db, range in try Self.insertOrders(db, keyed.sorted, customerIDs, keyed.keys, range) }
        case let (.events, keyed?):
            rows = keyed.keys.count
            deferredIndex = .events
            insert = { db, range in try Self.insertEvents(db, keyed.sorted, customerIDs, keyed.keys, range) }
        default:
            preconditionFailure("orders and events go in in key order")
        }
        if report.table != .customers, registersCustomers {
            // Customers first seen in orders or events (no customers file) are stored first.
            try write { db in
                _ = try Self.insertCustomers(db, data.customers, 0..<data.customers.count)
                _ = try Self.raiseDataVersion(db)
            }
            raises += 1
        }
        if let index = deferredIndex, try !write({ db in try index.dropIfTableEmpty(db) }) { deferredIndex = nil }
        var start = 0
        repeat {
            let range = start..<min(rows, start + batchSize)
            let stored = try write { db -> Int in
                let added = try insert(db, range)
                _ = try Self.raiseDataVersion(db)
                try ImportRecord.filter(key: manifest).updateAll(db, ImportRecord.Columns.batches += 1, ImportRecord.Columns.stored += added)
                return added
            }
            result.stored += stored
            result.batches += 1
            raises += 1
            start = range.upperBound
            checkpoints.keepLogShort()
        } while start < rows
        if let index = deferredIndex {
            progress("indexing \(index.table) by customer")
            try write { db in try index.create(db) }
        }
        result.alreadyPresent = (report.table == .customers ? rows : report.kept) - result.stored
        result.durationMs = Int(Date().timeIntervalSince(started) * 1000)
        try write { db in
            try ImportRecord.filter(key: manifest).updateAll(db, ImportRecord.Columns.status.set(to: ImportStatus.complete),
                                                            ImportRecord.Columns.alreadyPresent.set(to: result.alreadyPresent),
                                                            ImportRecord.Columns.durationMs.set(to: result.durationMs))
        }
        return result
    }

    /// Of the files with these facts, those a complete import read before exactly as they are now
    /// (same size, modification time, content hash and settings), with that import's record.
    public func unchangedImports(_ facts: [String: InputFileFacts]) throws(StoreError) -> [String: ImportRecord] {
        try read { db in
            var found: [String: ImportRecord] = [:]
            for (file, fileFacts) in facts {
                let last = try ImportRecord.filter(ImportRecord.Columns.file == file && ImportRecord.Columns.status == ImportStatus.complete)
                    .order(ImportRecord.Columns.id.desc).fetchOne(db)
                if let last, fileFacts.match(last) { found[file] = last }
            }
            return found
        }
    }

    /// Of the files with these facts, those that grew since a complete import read them with the
    /// same settings: the file's first bytes are the bytes that import read (same length, same
    /// content hash) and end with a line break, so only the records after them are new. Gives
    /// that import's record.
    public func grownSinceImports(_ facts: [String: InputFileFacts]) throws(StoreError) -> [String: ImportRecord] {
        let candidates = try read { db in
            var found: [String: ImportRecord] = [:]
            for (file, fileFacts) in facts {
                let last = try ImportRecord.filter(ImportRecord.Columns.file == file && ImportRecord.Columns.status == ImportStatus.complete)
                    .order(ImportRecord.Columns.id.desc).fetchOne(db)
                if let last, let size = last.fileSize, size > 0, size < fileFacts.size, last.configHash == fileFacts.configHash {
                    found[file] = last
                }
            }
            return found
        }
        return candidates.filter { file, earlier in
            let size = Int(earlier.fileSize ?? 0)
            return Self.endsWithLineBreak(file, at: size) && Self.contentHash(file, length: size) == earlier.contentHash
        }
    }

    /// Whether the byte before `offset` ends a line (LF, or a CR not followed by LF).
    static func endsWithLineBreak(_ path: String, at offset: Int) -> Bool {
        guard offset > 0, let file = try? MappedFile(path: path), offset < file.bytes.count else { return false }
        let bytes = file.bytes
        return bytes[offset - 1] == 0x0A || (bytes[offset - 1] == 0x0D && bytes[offset] != 0x0A)
    }

    /// The import manifest, newest first.
    public func imports() throws(StoreError) -> [ImportRecord] {
        try read { db in try ImportRecord.order(ImportRecord.Columns.id.desc).fetchAll(db) }
    }

    /// Bytes per block of ``contentHash(_:)``.
    package static let contentHashBlock = 8 << 20

    /// A 64-bit hash of the file's bytes (its first `length` bytes when given), as hex digits
    /// ("" when unreadable): each 8 MB block hashed on its own (the blocks on every core, each
    /// given back to the system once hashed), the block hashes folded in order.
    package static func contentHash(_ path: String, length: Int? = nil) -> String {
        guard let file = try? MappedFile(path: path) else { return "" }
        let count = min(file.bytes.count, length ?? file.bytes.count)
        let bytes = UnsafeBufferPointer(start: file.bytes.baseAddress?.assumingMemoryBound(to: UInt8.self), count: count)
        let blocks = (bytes.count + contentHashBlock - 1) / contentHashBlock
        let parts = Parallel.map(blocks) { i in
            let range = (i * contentHashBlock)..<min(bytes.count, (i + 1) * contentHashBlock)
            defer { file.release(range) }
            return byteHash(UnsafeBufferPointer(rebasing: bytes[range]))
        }
        var h: UInt64 = 0
        for part in parts { h = (h ^ part) &* 0x9E37_79B9_7F4A_7C15 }
        return String(h, radix: 16)
    }

    private func storeAttributeNames(_ customers: CustomerTable) throws(StoreError) {
        try write { db in
            for attribute in customers.attributes {
                try db.execute(sql: """
                    INSERT OR IGNORE INTO attribute_names (position, name)
                    VALUES ((SELECT COALESCE(MAX(position), -1) + 1 FROM attribute_names), ?)
                    """, arguments: [attribute.name])
            }
            _ = try Self.raiseDataVersion(db)
        }
    }

    /// Inserts the customers `rows`; returns how many were new. `updating`: a customer the store
    /// has already takes the row's signup date (when it has one) and attributes (added to the
    /// stored ones), and counts when that changed anything — what a customers file does; else
    /// a stored customer is left as it is.
    package static func insertCustomers(_ db: Database, _ customers: CustomerTable, _ rows: some Sequence<Int>,
                                        updating: Bool = false) throws -> Int {
        let attributes = AttributeObjects(customers)
        let update = """
            ON CONFLICT (customer_id) DO UPDATE SET signup = COALESCE(excluded.signup, signup),
                attributes = json_patch(attributes, excluded.attributes)
            WHERE signup IS NOT COALESCE(excluded.signup, signup) OR attributes IS NOT json_patch(attributes, excluded.attributes)
            """
        return try RowInserter.insert(db, into: "customers", columns: ["customer_id", "signup", "attributes"], rows: rows,
                                      upsert: updating ? update : nil) { insert, c in
            insert.bind(1, customers.ids.string(c))
            insert.bind(2, customers.signup[c])
            insert.bind(3, attributes.json(c))
        }
    }

    /// The stored key of every order or event row: its id, or — in a file without an id column —
    /// its content and, from the second identical row of the file on, its occurrence (`#2`, `#3`,
    /// …). Two identical purchases in one file are two rows, as `analyze` counts them; importing
    /// the file again finds every key present.
    package static func rowKeys(ids: [String], count: Int, content: (Int) -> String) -> [String] {
        var seen: [String: Int] = [:]
        return (0..<count).map { r in
            if !ids.isEmpty, !ids[r].isEmpty { return ids[r] }
            let text = content(r)
            let occurrence = (seen[text] ?? 0) + 1
            seen[text] = occurrence
            return occurrence == 1 ? "#" + text : "#\(text)#\(occurrence)"
        }
    }

    package static func orderContent(_ data: Dataset, _ r: Int) -> String {
        let o = data.orders
        let category = o.category[r] >= 0 ? o.categories[Int(o.category[r])] : ""
        return "\(data.customers.ids.string(Int(o.customer[r])))|\(o.timestamp[r])|\(o.amountCents[r])|\(o.discountCents[r])|\(category)"
    }

    package static func eventContent(_ data: Dataset, _ r: Int) -> String {
        let e = data.events
        let channel = e.channel[r] >= 0 ? e.channels[Int(e.channel[r])] : ""
        let value = e.value[r].isNaN ? "" : "\(e.value[r])"
        return "\(data.customers.ids.string(Int(e.customer[r])))|\(e.timestamp[r])|\(e.types[Int(e.type[r])])|\(channel)|\(value)"
    }

    /// Inserts the `rows` that are new, in their order; returns how many, and calls `stored` with each one's index.
    package static func insertOrders(_ db: Database, _ data: Dataset, _ customerIDs: BoundTexts, _ keys: [String], _ rows: some Sequence<Int>,
                                   stored: ((Int) -> Void)? = nil) throws -> Int {
        let o = data.orders
        let categories = BoundTexts(o.categories)
        let columns = ["order_key", "customer_id", "ts", "amount_cents", "discount_cents", "category"]
        return try RowInserter.insert(db, into: "orders", columns: columns, rows: rows, stored: stored) { insert, r in
            insert.bind(1, keys[r])
            insert.bind(2, customerIDs, Int(o.customer[r]))
            insert.bind(3, o.timestamp[r])
            insert.bind(4, o.amountCents[r])
            insert.bind(5, o.discountCents[r])
            insert.bind(6, categories, Int(o.category[r]))
        }
    }

    /// Inserts the `rows` that are new, in their order; returns how many, and calls `stored` with each one's index.
    package static func insertEvents(_ db: Database, _ data: Dataset, _ customerIDs: BoundTexts, _ keys: [String], _ rows: some Sequence<Int>,
                                   stored: ((Int) -> Void)? = nil) throws -> Int {
        let e = data.events
        let types = BoundTexts(e.types), channels = BoundTexts(e.channels)
        let columns = ["event_key", "customer_id", "ts", "type", "channel", "value"]
        return try RowInserter.insert(db, into: "events", columns: columns, rows: rows, stored: stored) { insert, r in
            insert.bind(1, keys[r])
            insert.bind(2, customerIDs, Int(e.customer[r]))
            insert.bind(3, e.timestamp[r])
            insert.bind(4, types, Int(e.type[r]))
            insert.bind(5, channels, Int(e.channel[r]))
            insert.bind(6, e.value[r].isNaN ? nil : e.value[r])
        }
    }
}
