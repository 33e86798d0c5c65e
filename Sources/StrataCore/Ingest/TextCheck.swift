/// Finds what makes a text unusable as an id: a NUL byte, or bytes that are not UTF-8.
package enum TextCheck {
    /// What is wrong with `bytes`, with the byte's offset in them, for the user; nil when they are
    /// UTF-8 without a NUL. ASCII, what ids nearly always are, is checked a byte at a time without decoding.
    @inline(__always)
    package static func problem(in bytes: UnsafeBufferPointer<UInt8>) -> String? {
        isPlainASCII(bytes) ? nil : slowProblem(in: bytes)
    }

    /// Whether every byte is ASCII and none is NUL, eight bytes at a time.
    @inline(__always)
    static func isPlainASCII(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = bytes.baseAddress else { return true }
        let raw = UnsafeRawPointer(base)
        let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
        var i = 0
        var found: UInt64 = 0
        while i + 8 <= bytes.count {
            let word = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            // A high bit, or a zero byte (the classic test: (w − 0x01…) & ~w & 0x80…).
            found |= word | ((word &- ones) & ~word & highs)
            i += 8
        }
        while i < bytes.count {
            let byte = base[i]
            found |= UInt64(byte) | (byte == 0 ? 0x80 : 0)
            i += 1
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
