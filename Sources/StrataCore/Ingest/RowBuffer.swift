/// The fields of one record, placed by *slot* (the reader's wanted columns), not by position.
///
/// Cursors fill it; table readers read typed values out of it. Field bytes point into the
/// mapped file and stay valid while the file is mapped. The per-slot places live in storage
/// written in place (a copy of the buffer shares them), so filling a record costs no array
/// bookkeeping.
package struct RowBuffer {
    private final class Places {
        let count: Int
        let starts: UnsafeMutablePointer<UnsafeMutablePointer<UInt8>?>
        let lengths: UnsafeMutablePointer<Int>
        let columns: UnsafeMutablePointer<Int>

        init(count: Int) {
            self.count = count
            starts = .allocate(capacity: count)
            starts.initialize(repeating: nil, count: count)
            lengths = .allocate(capacity: count)
            lengths.initialize(repeating: 0, count: count)
            columns = .allocate(capacity: count)
            columns.initialize(repeating: 0, count: count)
        }

        deinit {
            starts.deallocate()
            lengths.deallocate()
            columns.deallocate()
        }
    }

    private let places: Places
    /// 1-based line of the record start, relative to the chunk.
    package var line = 0
    /// Number of fields the record held (delimited files).
    package var fieldCount = 0
    /// Set when the record could not be split into fields at all.
    package var malformed: String?
    /// The whole record's bytes (after unquoting, without its line break), for telling an exact
    /// repeat of a line from another line with the same id.
    package var record: UnsafeBufferPointer<UInt8> = UnsafeBufferPointer(start: nil, count: 0)

    package init(slots: Int) {
        places = Places(count: slots)
    }

    package mutating func reset() {
        places.starts.update(repeating: nil, count: places.count)
        malformed = nil
        fieldCount = 0
    }

    /// Places slot `slot`'s field: its first byte, length and 1-based column.
    @inline(__always)
    package func set(_ slot: Int, start: UnsafeMutablePointer<UInt8>?, count: Int, column: Int) {
        precondition(slot >= 0 && slot < places.count)
        places.starts[slot] = start
        places.lengths[slot] = count
        places.columns[slot] = column
    }

    /// Whether the record had a field for the slot (it may be empty).
    @inline(__always)
    package func isPresent(_ slot: Int) -> Bool { places.starts[slot] != nil }

    /// The 1-based column where the slot's field starts (meaningful when present).
    @inline(__always)
    package func column(_ slot: Int) -> Int { places.columns[slot] }

    /// The bytes of a slot, or `nil` when absent or empty.
    @inline(__always)
    package func field(_ slot: Int) -> UnsafeBufferPointer<UInt8>? {
        guard slot >= 0, slot < places.count, let start = places.starts[slot], places.lengths[slot] > 0 else { return nil }
        return UnsafeBufferPointer(start: start, count: places.lengths[slot])
    }

    /// The bytes of a slot as text, for error messages (cut to 80 bytes).
    package func text(_ slot: Int) -> String {
        guard let bytes = field(slot) else { return "" }
        return String(decoding: UnsafeBufferPointer(rebasing: bytes.prefix(80)), as: UTF8.self)
    }
}
