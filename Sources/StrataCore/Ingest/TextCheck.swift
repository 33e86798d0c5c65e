/// Finds what makes a text unusable as an id: a NUL byte, or bytes that are not UTF-8.
package enum TextCheck {
    /// What is wrong with `bytes`, with the byte's offset in them, for the user; nil when they are
    /// UTF-8 without a NUL. ASCII, what ids nearly always are, is checked a byte at a time without decoding.
    @inline(__always)
    package static func problem(in bytes: UnsafeBufferPointer<UInt8>) -> String? {
        isPlainASCII(bytes) ? nil : slowProblem(in: bytes)
    }

    /// Whether every byte is ASCII and none is NUL, eight bytes at a time; the last eight (or,
    /// of a shorter text, its first and last four) are read as words overlapping those before.
    @inline(__always)
    static func isPlainASCII(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = bytes.baseAddress else { return true }
        let raw = UnsafeRawPointer(base)
        let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
        // A high bit, or a zero byte (the classic test: (w − 0x01…) & ~w & 0x80…).
        func flagged(_ word: UInt64) -> UInt64 { word | ((word &- ones) & ~word & highs) }
        let n = bytes.count
        var found: UInt64 = 0
        if n >= 8 {
            var i = 0
            while i + 8 <= n {
                found |= flagged(raw.loadUnaligned(fromByteOffset: i, as: UInt64.self))
                i += 8
            }
            if i < n { found |= flagged(raw.loadUnaligned(fromByteOffset: n - 8, as: UInt64.self)) }
        } else if n >= 4 {
            let first = raw.loadUnaligned(as: UInt32.self), last = raw.loadUnaligned(fromByteOffset: n - 4, as: UInt32.self)
            found = flagged(UInt64(first) | UInt64(last) << 32)
        } else {
            for i in 0..<n { found |= UInt64(base[i]) | (base[i] == 0 ? 0x80 : 0) }
        }
        return found & highs == 0
    }

    @inline(never)
    private static func slowProblem(in bytes: UnsafeBufferPointer<UInt8>) -> String? {
        var ascii = true
        for (offset, byte) in bytes.enumerated() {
            if byte == 0 { return "expected text without a NUL byte (found one at byte \(offset + 1) of the value)" }
            if byte >= 0x80 { ascii = false }
        }
        guard !ascii else { return nil }
        var offset = 0
        var decoder = UTF8()
        var iterator = bytes.makeIterator()
        while true {
            switch decoder.decode(&iterator) {
            case .emptyInput: return nil
            case let .scalarValue(scalar): offset += UTF8.width(scalar)
            case .error:
                return "expected UTF-8 text (byte \(offset + 1) of the value is not UTF-8; convert the file, e.g. iconv -f latin1 -t utf-8)"
            }
        }
    }
}
