import GRDB
import GRDBSQLite

/// Runs prepared `INSERT` statements through SQLite's C interface, several rows per statement.
///
/// For rows of a few narrow columns, building GRDB's argument arrays costs more than SQLite's
/// own work, so values are bound directly, and text is bound from a buffer that lives until the
/// statement has run (SQLite reads it in place instead of allocating a copy). A statement opens
/// its B-tree cursors once for all its rows (4.49M events in key order: 7.5 s in statements of
/// 64 rows, 12.3 s one row each).
struct RowInserter {
    private let db: Database
    private let table: String
    private let columns: [String]
    private let verb: String
    /// An upsert clause after the values (`ON CONFLICT … DO UPDATE …`), or empty.
    private let upsert: String
    private var handle: OpaquePointer?
    /// The parameter of the current row's first value, less one.
    private var base: Int32 = 0
    private let texts = TextBuffer()
    /// SQLite copies the text before `bind` returns.
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    /// Rows per statement when the caller needs no answer per row.
    static let rowsPerStatement = 64

    private init(_ db: Database, table: String, columns: [String], verb: String, upsert: String) {
        self.db = db
        self.table = table
        self.columns = columns
        self.verb = verb
        self.upsert = upsert
    }

    /// Inserts `rows`, binding each with `bind` (values in column order); returns how many were
    /// new. `ignoringRepeats`: `INSERT OR IGNORE` (a row whose key is stored already is left
    /// out), else a plain `INSERT`; with `upsert` (an `ON CONFLICT … DO UPDATE` clause), a plain
    /// `INSERT` with that clause, and rows it updated count as new. `stored`, when given, is
    /// called with each new row, and rows then go one per statement.
    static func insert(_ db: Database, into table: String, columns: [String], rows: some Sequence<Int>, ignoringRepeats: Bool = true,
                       upsert: String? = nil, stored: ((Int) -> Void)? = nil, bind: (inout RowInserter, Int) -> Void) throws -> Int {
        let verb = upsert == nil && ignoringRepeats ? "INSERT OR IGNORE" : "INSERT"
        var inserter = RowInserter(db, table: table, columns: columns, verb: verb, upsert: upsert ?? "")
        let perStatement = stored == nil ? rowsPerStatement : 1
        var pending: [Int] = []
        pending.reserveCapacity(perStatement)
        var added = 0
        var full: OpaquePointer?
        func flush() throws {
            if pending.count == perStatement {
                if full == nil { full = try inserter.statement(rows: perStatement) }
                inserter.handle = full
            } else {
                inserter.handle = try inserter.statement(rows: pending.count)
            }
            inserter.base = 0
            for row in pending { bind(&inserter, row); inserter.base += Int32(columns.count) }
            let new = try inserter.run()
            inserter.texts.clear()
            added += new
            if new > 0, let stored { pending.forEach(stored) }
            pending.removeAll(keepingCapacity: true)
        }
        for row in rows {
            pending.append(row)
            if pending.count == perStatement { try flush() }
        }
        if !pending.isEmpty { try flush() }
        return added
    }

    /// The statement that inserts `rows` rows.
    private func statement(rows: Int) throws -> OpaquePointer? {
        let tuple = "(" + Array(repeating: "?", count: columns.count).joined(separator: ", ") + ")"
        let sql = "\(verb) INTO \(table) (\(columns.joined(separator: ", "))) VALUES "
            + Array(repeating: tuple, count: rows).joined(separator: ", ") + (upsert.isEmpty ? "" : " " + upsert)
        return try db.cachedStatement(sql: sql).sqliteStatement
    }

    /// Binds the current row's `column`-th value (from 1).
    func bind(_ column: Int32, _ text: String?) {
        guard var text else { sqlite3_bind_null(handle, base + column); return }
        text.withUTF8 { bytes in
            if let kept = texts.keep(UnsafeRawBufferPointer(bytes)) {
                // Static: SQLite reads the kept copy, which stays until the statement has run.
                sqlite3_bind_text(handle, base + column, kept, Int32(bytes.count), nil)
            } else {
                _ = bytes.withMemoryRebound(to: CChar.self) { sqlite3_bind_text(handle, base + column, $0.baseAddress, Int32(bytes.count), Self.transient) }
            }
        }
    }

    /// Binds the current row's `column`-th value to text `code` of `texts` (NULL for a negative
    /// code), read in place: `texts` outlives the statements of one insert.
    func bind(_ column: Int32, _ texts: BoundTexts, _ code: Int) {
        guard code >= 0 else { sqlite3_bind_null(handle, base + column); return }
        let (start, count) = texts.bytes(code)
        sqlite3_bind_text(handle, base + column, start, count, nil)
    }

    func bind(_ column: Int32, _ value: Int64?) {
        if let value { sqlite3_bind_int64(handle, base + column, value) } else { sqlite3_bind_null(handle, base + column) }
    }

    func bind(_ column: Int32, _ value: Double?) {
        if let value { sqlite3_bind_double(handle, base + column, value) } else { sqlite3_bind_null(handle, base + column) }
    }

    /// Runs the bound statement; returns how many of its rows were new (not ignored as repeats of stored keys).
    private func run() throws -> Int {
        defer { sqlite3_reset(handle) }
        let code = sqlite3_step(handle)
        guard code == SQLITE_DONE else {
            throw DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(db.sqliteConnection)))
        }
        return Int(sqlite3_changes(db.sqliteConnection))
    }
}

/// Texts bound over and over (customer ids, event types, categories): their bytes laid out once,
/// end to end, and bound where they are, without a copy or a `String` per row.
package final class BoundTexts {
    private let storage: UnsafeMutablePointer<CChar>
    private let ends: [Int]

    package init(_ texts: some Sequence<String>) {
        var bytes: [UInt8] = [], ends: [Int] = []
        for text in texts {
            bytes += text.utf8
            ends.append(bytes.count)
        }
        let storage = UnsafeMutablePointer<CChar>.allocate(capacity: max(1, bytes.count))
        bytes.withUnsafeBytes { if let source = $0.baseAddress { UnsafeMutableRawPointer(storage).copyMemory(from: source, byteCount: $0.count) } }
        self.storage = storage
        self.ends = ends
    }

    /// Where text `code` starts, and its length.
    @inline(__always)
    func bytes(_ code: Int) -> (UnsafePointer<CChar>, Int32) {
        let start = code == 0 ? 0 : ends[code - 1]
        return (UnsafePointer(storage + start), Int32(ends[code] - start))
    }

    deinit { storage.deallocate() }
}

/// Copies of the text values bound to one statement, in blocks that stay where they are until
/// ``clear()``, so the statement can read them in place.
private final class TextBuffer {
    private static let blockSize = 1 << 16
    // One inserter uses it, one call at a time: no dynamic exclusivity check per value.
    @exclusivity(unchecked) private var blocks: [UnsafeMutablePointer<CChar>] = []
    @exclusivity(unchecked) private var block = 0
    @exclusivity(unchecked) private var used = 0

    /// A copy of `bytes` that stays until ``clear()``; nil for text longer than a block.
    func keep(_ bytes: UnsafeRawBufferPointer) -> UnsafePointer<CChar>? {
        guard bytes.count <= Self.blockSize else { return nil }
        if blocks.isEmpty || used + bytes.count > Self.blockSize {
            if !blocks.isEmpty { block += 1 }
            if block == blocks.count { blocks.append(.allocate(capacity: Self.blockSize)) }
            used = 0
        }
        let start = blocks[block] + used
        if let source = bytes.baseAddress { UnsafeMutableRawPointer(start).copyMemory(from: source, byteCount: bytes.count) }
        used += bytes.count
        return UnsafePointer(start)
    }

    /// Lets the blocks be written again (the statement has run).
    func clear() {
        block = 0
        used = 0
    }

    deinit { blocks.forEach { $0.deallocate() } }
}
