/// The fields of one record, placed by *slot* (the reader's wanted columns), not by position.
///
/// Cursors fill it; table readers read typed values out of it. Field bytes point into the
/// mapped file and stay valid while the file is mapped.
package struct RowBuffer {
    package var starts: [UnsafeMutablePointer<UInt8>?]
    package var counts: [Int]
    package var columns: [Int]
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
        starts = Array(repeating: nil, count: slots)
        counts = Array(repeating: 0, count: slots)
        columns = Array(repeating: 0, count: slots)
    }

    package mutating func reset() {
        for i in starts.indices { starts[i] = nil }
        malformed = nil
        fieldCount = 0
    }

    /// The bytes of a slot, or `nil` when absent or empty.
    @inline(__always)
    package func field(_ slot: Int) -> UnsafeBufferPointer<UInt8>? {
        guard slot >= 0, let start = starts[slot], counts[slot] > 0 else { return nil }
        return UnsafeBufferPointer(start: start, count: counts[slot])
    }

    /// The bytes of a slot as text, for error messages (cut to 80 bytes).
    package func text(_ slot: Int) -> String {
        guard let bytes = field(slot) else { return "" }
        return String(decoding: UnsafeBufferPointer(rebasing: bytes.prefix(80)), as: UTF8.self)
    }
}
