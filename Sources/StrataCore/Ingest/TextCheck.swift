/// Finds what makes a text unusable as an id: a NUL byte, or bytes that are not UTF-8.
package enum TextCheck {
    /// What is wrong with `bytes`, with the byte's offset in them, for the user; nil when they are
    /// UTF-8 without a NUL. ASCII, what ids nearly always are, is checked a byte at a time without decoding.
    package static func problem(in bytes: UnsafeBufferPointer<UInt8>) -> String? {
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
