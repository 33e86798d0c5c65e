import Foundation

/// Per-chunk bookkeeping shared by every table reader: what was read, what was rejected and why,
/// and for each parsed row its line, customer id and own id (for duplicate detection).
package struct RowLedger {
    package static let issueLimit = 10_000

    package let file: String
    /// Data records read in this chunk.
    package var rows = 0
    /// Rejections by reason during parsing.
    package var rejected: [RejectReason: Int] = [:]
    /// The first rejections with their locations.
    package var issues: [IngestIssue] = []
    /// For each parsed (not rejected) row: chunk-relative line.
    package var lines = AppendColumn<Int32>()
    /// For each parsed row, when customer ids are not looked up (``lookup`` is nil): the
    /// customer id and where it stood.
    package var customerKeys = KeyColumn()
    package var customerColumns = AppendColumn<Int32>()
    /// For each parsed row, when the table has an id column: the row's id and where it stood.
    package var ownKeys = KeyColumn()
    package var ownColumns = AppendColumn<Int32>()
    /// For each parsed row, when the table has an id column and keeps records: a 128-bit
    /// fingerprint of the whole record (its length and two independent hashes, taken while the
    /// bytes are mapped), to tell an exact repeat of a line from another line of the same order.
    package var recordFingerprints: [RecordFingerprint] = []

    /// When the customer set is fixed, ids are looked up while parsing (in parallel) and only
    /// the dense code is kept: -1 for an unknown id, whose text and column go to ``unknownKeys``.
    package let lookup: KeyLookup?
    package private(set) var customerCodes: [Int32] = []
    package private(set) var unknownKeys: [Int: (text: String, column: Int)] = [:]
    /// Ids waiting to be looked up; ``finishLookups()`` resolves the last of them.
    private var pending = LookupBatch()
    /// Slot → the field it reads, for locating rejections.
    package let fields: [FieldRef]

    /// Whether rows keep their whole record (orders, whose lines are compared).
    package let keepsRecords: Bool
    /// The slot of each row's own id when a row rejected while parsing takes the other rows of
    /// its id with it (the lines of one order): its id and line go to ``rejectedOwnKeys``.
    private let rejectedIDSlot: Int?
    /// The ids of the rows rejected while parsing, and their chunk-relative lines.
    package private(set) var rejectedOwnKeys = KeyColumn()
    package private(set) var rejectedOwnLines: [Int32] = []

    /// - Parameters:
    ///   - expectedRows: about how many rows the chunk holds: the per-row columns are reserved for them.
    ///   - ownIDs: whether the table has an id column (its columns are reserved too).
    ///   - rejectedIDSlot: see ``rejectedOwnKeys``.
    package init(file: String, lookup: KeyLookup? = nil, fields: [FieldRef] = [], keepsRecords: Bool = false,
                 expectedRows: Int = 0, ownIDs: Bool = false, rejectedIDSlot: Int? = nil) {
        self.file = file
        self.lookup = lookup
        self.fields = fields
        self.keepsRecords = keepsRecords
        self.rejectedIDSlot = rejectedIDSlot
        guard expectedRows > 0 else { return }
        lines.reserveCapacity(expectedRows)
        if lookup != nil {
            customerCodes.reserveCapacity(expectedRows)
        } else {
            customerKeys.reserve(expectedRows)
            customerColumns.reserveCapacity(expectedRows)
        }
        if ownIDs {
            ownKeys.reserve(expectedRows)
            ownColumns.reserveCapacity(expectedRows)
            if keepsRecords { recordFingerprints.reserveCapacity(expectedRows) }
        }
    }

    /// The field a slot reads, when known.
    package func field(_ slot: Int?) -> FieldRef? {
        guard let slot, slot >= 0, slot < fields.count else { return nil }
        return fields[slot]
    }

    package var parsedCount: Int { lines.count }

    /// Rows are numbered in 32 bits (de-duplication, grouping by customer): a larger file is
    /// refused, not wrapped.
    package static func checkRowCount(_ ledgers: [RowLedger], file: String) throws(IngestError) {
        guard ledgers.reduce(0, { $0 + $1.parsedCount }) < Int(Int32.max) else {
            throw .cannotOpen(file: file, reason: "more than 2,147,483,646 rows: split the file")
        }
    }

    /// Rejects a row for the value in `slot` (nil: the row as a whole).
    package mutating func reject(_ reason: RejectReason, row: RowBuffer, slot: Int?, expected: String) {
        rejected[reason, default: 0] += 1
        if let rejectedIDSlot, row.malformed == nil, let id = row.field(rejectedIDSlot), FieldParser.trimmed(id).count > 0 {
            rejectedOwnKeys.append(FieldParser.trimmed(id))
            rejectedOwnLines.append(Int32(truncatingIfNeeded: row.line))
        }
        if issues.count < Self.issueLimit {
            // A whole-row rejection shows the start of the row (from its first column).
            let column = slot.map { row.isPresent($0) ? row.column($0) : 0 } ?? 1
            let value = slot.map(row.text) ?? String(decoding: UnsafeBufferPointer(rebasing: row.record.prefix(80)), as: UTF8.self)
            issues.append(IngestIssue(location: SourceLocation(file: file, line: row.line, column: column, field: field(slot)),
                                      reason: reason, value: value, expected: expected))
        }
    }

    /// Records a parsed row's line and ids (as ``requiredID(_:slot:column:)`` gave them); call
    /// once per row that passed field checks.
    package mutating func accept(row: RowBuffer, customerID id: UnsafeBufferPointer<UInt8>, customerSlot: Int,
                                 ownID: UnsafeBufferPointer<UInt8>?, ownSlot: Int?) {
        lines.append(Int32(truncatingIfNeeded: row.line))
        if lookup != nil {
            // The batch holds the ids of the rows after the last one resolved, in order; the tag
            // is the column an unknown id is reported at.
            pending.append(id, tag: row.column(customerSlot))
            if pending.isFull { finishLookups() }
        } else {
            customerKeys.append(id)
            customerColumns.append(Int32(truncatingIfNeeded: row.column(customerSlot)))
        }
        if let ownSlot, let ownID {
            ownKeys.append(ownID)
            ownColumns.append(Int32(truncatingIfNeeded: row.column(ownSlot)))
            if keepsRecords {
                let (first, second) = byteHashes(row.record, seeds: (0xCBF2_9CE4_8422_2325, 0x6A09_E667_F3BC_C908))
                recordFingerprints.append(RecordFingerprint(length: row.record.count, first: first, second: second))
            }
        }
    }

    /// Whether ids wait in the lookup batch (their bytes must still be there).
    package var hasPendingLookups: Bool { pending.count > 0 }

    /// Resolves the ids still waiting in the lookup batch into ``customerCodes`` (an unknown id
    /// keeps -1, its text and column go to ``unknownKeys``). Call it before the chunk's bytes
    /// go: the batch reads the ids where they are.
    package mutating func finishLookups() {
        guard let lookup, pending.count > 0 else { return }
        let codes = pending.resolve(in: lookup)
        for (i, code) in codes.enumerated() where code < 0 {
            unknownKeys[customerCodes.count + i] = (String(decoding: pending.key(i), as: UTF8.self), pending.tags[i])
        }
        customerCodes.append(contentsOf: codes.lazy.map { Int32($0) })
        pending.removeAll()
    }

    /// Rejects a row that could not be split into fields; returns true when it did so.
    @inline(__always)
    package mutating func rejectMalformed(_ row: RowBuffer) -> Bool {
        guard let message = row.malformed else { return false }
        reject(.malformedRow, row: row, slot: nil, expected: message)
        return true
    }

    /// Rejects the row when a required slot is empty; returns true when it did so. (The check is
    /// inlined into each reader's row loop; the rejection is not.)
    @inline(__always)
    package mutating func rejectMissing(_ row: RowBuffer, slot: Int, column name: StaticString) -> Bool {
        requiredField(row, slot: slot, column: name) == nil
    }

    /// The field in `slot` without its surrounding blanks, or nil when the row was rejected for
    /// having none there.
    @inline(__always)
    package mutating func requiredField(_ row: RowBuffer, slot: Int, column name: StaticString) -> UnsafeBufferPointer<UInt8>? {
        if let field = row.field(slot) {
            let trimmed = FieldParser.trimmed(field)
            if trimmed.count > 0 { return trimmed }
        }
        rejectEmpty(row, slot: slot, column: name)
        return nil
    }

    /// The id in `slot` without its surrounding blanks, or nil when the row was rejected for it:
    /// missing, or holding a NUL byte or bytes that are not UTF-8 (such an id would be another
    /// customer in the outputs, which are UTF-8, than in the file, and the store would cut it at
    /// the NUL).
    @inline(__always)
    package mutating func requiredID(_ row: RowBuffer, slot: Int, column name: StaticString) -> UnsafeBufferPointer<UInt8>? {
        guard let id = requiredField(row, slot: slot, column: name) else { return nil }
        if let problem = TextCheck.problem(in: id) {
            reject(.invalidText, row: row, slot: slot, expected: problem)
            return nil
        }
        return id
    }

    @inline(never)
    private mutating func rejectEmpty(_ row: RowBuffer, slot: Int, column name: StaticString) {
        reject(.missingValue, row: row, slot: slot, expected: "expected a value for '\(name)'")
    }

    /// Whether parsed row `a` of this chunk and row `b` of `other` are the same record, byte for byte.
    package func sameRecord(_ a: Int, as other: RowLedger, _ b: Int) -> Bool {
        recordFingerprints[a] == other.recordFingerprints[b]
    }
}

/// A record's length and two independent 64-bit hashes of its bytes.
package struct RecordFingerprint: Hashable {
    let length: Int
    let first: UInt64
    let second: UInt64
}
