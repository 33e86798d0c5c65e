/// Gives each value of a dictionary-coded column (event types, channels, categories) its code
/// in a ``ByteStringTable``, with the values of up to 16 bytes kept in a small direct-mapped cache
/// in front: such a column repeats a few values millions of times, and a hit costs two word
/// loads and a compare where the table hashes every byte and compares them again.
package struct DictionaryCoder {
    /// The values in first-seen order, as the table codes them.
    package private(set) var table = ByteStringTable()
    /// A cache line: a value's length (`UInt64.max`: none), its first and last 8 bytes
    /// (``words(_:)``), and its code.
    private struct Line {
        var length = UInt64.max
        var first: UInt64 = 0
        var last: UInt64 = 0
        var code: Int32 = 0
    }
    private var lines = [Line](repeating: Line(), count: 64)

    package init() {}

    /// The code of `bytes`, added to the table when new.
    @inline(__always)
    package mutating func code(_ bytes: UnsafeBufferPointer<UInt8>) -> Int32 {
        guard bytes.count <= 16 else { return Int32(table.insert(bytes).code) }
        let (first, last) = Self.words(bytes)
        let length = UInt64(bytes.count)
        let line = Int(truncatingIfNeeded: (((first &* 0x9E37_79B9_7F4A_7C15) ^ last ^ length) &* 0xD6E8_FEB8_6659_FD93) >> 58)
        let cached = lines[line]
        if cached.length == length && cached.first == first && cached.last == last { return cached.code }
        let code = Int32(table.insert(bytes).code)
        lines[line] = Line(length: length, first: first, last: last, code: code)
        return code
    }

    /// A value of at most 16 bytes as two words that, with its length, tell it from every other
    /// value: up to 8 bytes packed into the first (``ShortKeyIndex/pack(_:)``), else its first and
    /// its last 8 bytes (overlapping when shorter than 16). Reads only the value's own bytes.
    @inline(__always)
    private static func words(_ bytes: UnsafeBufferPointer<UInt8>) -> (UInt64, UInt64) {
        guard bytes.count > 8, let base = bytes.baseAddress else { return (ShortKeyIndex.pack(bytes), 0) }
        let raw = UnsafeRawPointer(base)
        return (raw.loadUnaligned(as: UInt64.self), raw.loadUnaligned(fromByteOffset: bytes.count - 8, as: UInt64.self))
    }
}
