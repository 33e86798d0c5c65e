/// Numbers written with a decimal comma — `12,50`, `1.234,56`, `1 234,56` (a space, a no-break
/// space or a narrow no-break space between thousands) — rewritten with a decimal point for the
/// number parsers.
///
/// Thousands separators are taken only between groups of exactly three digits, so `1.5` or
/// `12.50` (a decimal point where a comma was promised) is refused rather than read as 15 or 1,250.
package enum DecimalComma {
    /// The longest field rewritten (longer ones are refused).
    static let capacity = 64

    /// Calls `body` with `field` rewritten with a decimal point, or with nil when it is not a
    /// number written with a decimal comma.
    package static func withPointDecimal<T>(_ field: UnsafeBufferPointer<UInt8>, _ body: (UnsafeBufferPointer<UInt8>?) -> T) -> T {
        let field = FieldParser.trimmed(field)
        guard field.count <= capacity else { return body(nil) }
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: capacity) { out in
            var n = 0
            var i = 0
            if i < field.count, field[i] == UInt8(ascii: "-") || field[i] == UInt8(ascii: "+") {
                out[n] = field[i]; n += 1; i += 1
            }
            var groupDigits = 0       // digits since the start or the last thousands separator
            var separated = false     // a thousands separator was met
            var whole = 0
            while i < field.count {
                let byte = field[i]
                if byte &- 48 < 10 {
                    out[n] = byte; n += 1; i += 1
                    groupDigits += 1
                    whole += 1
                    continue
                }
                let width = separatorWidth(field, i)
                guard width > 0 else { break }
                // A separator follows one to three digits (three after another separator) and
                // precedes exactly three.
                guard groupDigits >= 1, groupDigits <= 3, !separated || groupDigits == 3 else { return body(nil) }
                separated = true
                groupDigits = 0
                i += width
            }
            if separated, groupDigits != 3 { return body(nil) }
            guard whole > 0 else { return body(nil) }
            if i < field.count, field[i] == UInt8(ascii: ",") {
                out[n] = UInt8(ascii: "."); n += 1; i += 1
                while i < field.count, field[i] &- 48 < 10 { out[n] = field[i]; n += 1; i += 1 }
            }
            guard i == field.count else { return body(nil) }
            return body(UnsafeBufferPointer(rebasing: out[0..<n]))
        }
    }

    /// The byte length of a thousands separator at `i` (`.`, space, U+00A0, U+202F), or 0.
    private static func separatorWidth(_ field: UnsafeBufferPointer<UInt8>, _ i: Int) -> Int {
        switch field[i] {
        case UInt8(ascii: "."), UInt8(ascii: " "): return 1
        case 0xC2 where i + 1 < field.count && field[i + 1] == 0xA0: return 2
        case 0xE2 where i + 2 < field.count && field[i + 1] == 0x80 && field[i + 2] == 0xAF: return 3
        default: return 0
        }
    }
}
