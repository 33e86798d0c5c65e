/// Parsers from raw field bytes to typed values. Each returns `nil` for text it cannot read,
/// never guesses, and allocates nothing.
package enum FieldParser {
    /// Removes ASCII spaces and tabs at both ends.
    @inline(__always)
    package static func trimmed(_ field: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
        guard let base = field.baseAddress else { return field }
        var start = 0
        var end = field.count
        while start < end, base[start] == 0x20 || base[start] == 0x09 { start += 1 }
        while end > start, base[end - 1] == 0x20 || base[end - 1] == 0x09 { end -= 1 }
        return UnsafeBufferPointer(start: base + start, count: end - start)
    }

    /// A decimal amount as integer cents, rounded half away from zero: `12`, `-3.5`, `+0.999`.
    package static func cents(_ raw: UnsafeBufferPointer<UInt8>) -> Int64? {
        let field = trimmed(raw)
        guard let p = field.baseAddress, field.count > 0 else { return nil }
        var i = 0
        var negative = false
        if p[0] == UInt8(ascii: "-") || p[0] == UInt8(ascii: "+") {
            negative = p[0] == UInt8(ascii: "-")
            i = 1
        }
        var whole: Int64 = 0
        var digits = 0
        while i < field.count, p[i] &- 48 < 10 {
            guard digits < 15 else { return nil }
            whole = whole * 10 + Int64(p[i] &- 48)
            digits += 1
            i += 1
        }
        var fraction: Int64 = 0
        var roundUp = false
        if i < field.count, p[i] == UInt8(ascii: ".") {
            i += 1
            var place = 0
            while i < field.count, p[i] &- 48 < 10 {
                let digit = Int64(p[i] &- 48)
                if place < 2 { fraction = fraction * 10 + digit }
                else if place == 2 { roundUp = digit >= 5 }
                place += 1
                digits += 1
                i += 1
            }
            if place == 1 { fraction *= 10 }
        }
        guard i == field.count, digits > 0 else { return nil }
        let value = whole * 100 + fraction + (roundUp ? 1 : 0)
        return negative ? -value : value
    }

    /// A decimal number: `7`, `-0.25`, `1e3`.
    package static func double(_ raw: UnsafeBufferPointer<UInt8>) -> Double? {
        let field = trimmed(raw)
        guard let p = field.baseAddress, field.count > 0 else { return nil }
        var i = 0
        var negative = false
        if p[0] == UInt8(ascii: "-") || p[0] == UInt8(ascii: "+") {
            negative = p[0] == UInt8(ascii: "-")
            i = 1
        }
        var mantissa: Double = 0
        var exponent = 0
        var digits = 0
        while i < field.count, p[i] &- 48 < 10 {
            mantissa = mantissa * 10 + Double(p[i] &- 48)
            digits += 1
            i += 1
        }
        if i < field.count, p[i] == UInt8(ascii: ".") {
            i += 1
            while i < field.count, p[i] &- 48 < 10 {
                mantissa = mantissa * 10 + Double(p[i] &- 48)
                exponent -= 1
                digits += 1
                i += 1
            }
        }
        guard digits > 0 else { return nil }
        if i < field.count, p[i] == UInt8(ascii: "e") || p[i] == UInt8(ascii: "E") {
            i += 1
            var expNegative = false
            if i < field.count, p[i] == UInt8(ascii: "-") || p[i] == UInt8(ascii: "+") {
                expNegative = p[i] == UInt8(ascii: "-")
                i += 1
            }
            var e = 0
            var expDigits = 0
            while i < field.count, p[i] &- 48 < 10, e < 10_000 {
                e = e * 10 + Int(p[i] &- 48)
                expDigits += 1
                i += 1
            }
            guard expDigits > 0 else { return nil }
            exponent += expNegative ? -e : e
        }
        guard i == field.count else { return nil }
        var value = mantissa
        if exponent != 0 {
            var scale = 1.0
            for _ in 0..<min(abs(exponent), 400) { scale *= 10 }
            value = exponent > 0 ? value * scale : value / scale
        }
        return negative ? -value : value
    }

    /// A timestamp in epoch seconds, read in the given format.
    package static func timestamp(_ raw: UnsafeBufferPointer<UInt8>, format: DateFormat) -> Int64? {
        let field = trimmed(raw)
        guard let p = field.baseAddress, field.count > 0 else { return nil }
        switch format {
        case .iso8601: return iso8601(p, field.count)
        case .yyyyMMdd: return compactDate(p, field.count)
        case .epochSeconds: return epoch(p, field.count, divisor: 1)
        case .epochMilliseconds: return epoch(p, field.count, divisor: 1000)
        case .auto:
            // Eight digits are a yyyyMMdd date, never epoch seconds (which would be 1970).
            if field.count == 8, number(p, 0, 8) != nil { return compactDate(p, 8) }
            if field.count >= 10, p[4] == UInt8(ascii: "-") { return iso8601(p, field.count) }
            return epoch(p, field.count, divisor: 1)
        }
    }

    @inline(__always)
    private static func number(_ p: UnsafePointer<UInt8>, _ start: Int, _ count: Int) -> Int? {
        var value = 0
        for i in start..<(start + count) {
            let digit = p[i] &- 48
            guard digit < 10 else { return nil }
            value = value * 10 + Int(digit)
        }
        return value
    }

    private static func compactDate(_ p: UnsafePointer<UInt8>, _ count: Int) -> Int64? {
        guard count == 8, let y = number(p, 0, 4), let m = number(p, 4, 2), let d = number(p, 6, 2),
              Timestamp.isValid(year: y, month: m, day: d) else { return nil }
        return Timestamp.daysFromCivil(year: y, month: m, day: d) * Timestamp.secondsPerDay
    }

    private static func epoch(_ p: UnsafePointer<UInt8>, _ count: Int, divisor: Int64) -> Int64? {
        var i = 0
        var negative = false
        if p[0] == UInt8(ascii: "-") { negative = true; i = 1 }
        var value: Int64 = 0
        var digits = 0
        while i < count, p[i] &- 48 < 10 {
            guard digits < 18 else { return nil }
            value = value * 10 + Int64(p[i] &- 48)
            digits += 1
            i += 1
        }
        guard digits > 0 else { return nil }
        if i < count, p[i] == UInt8(ascii: ".") {
            i += 1
            while i < count, p[i] &- 48 < 10 { i += 1 }
        }
        guard i == count else { return nil }
        let seconds = value / divisor
        return negative ? -seconds : seconds
    }

    /// `YYYY-MM-DD[(T| )HH:MM[:SS[.fff]]][Z|±HH[:MM]|±HHMM]`.
    private static func iso8601(_ p: UnsafePointer<UInt8>, _ count: Int) -> Int64? {
        guard count >= 10, p[4] == UInt8(ascii: "-"), p[7] == UInt8(ascii: "-"),
              let y = number(p, 0, 4), let mo = number(p, 5, 2), let d = number(p, 8, 2),
              Timestamp.isValid(year: y, month: mo, day: d) else { return nil }
        var seconds = Timestamp.daysFromCivil(year: y, month: mo, day: d) * Timestamp.secondsPerDay
        var i = 10
        if i == count { return seconds }
        guard p[i] == UInt8(ascii: "T") || p[i] == UInt8(ascii: " "), count >= i + 6,
              let h = number(p, i + 1, 2), p[i + 3] == UInt8(ascii: ":"), let mi = number(p, i + 4, 2),
              h < 24, mi < 60 else { return nil }
        seconds += Int64(h * 3600 + mi * 60)
        i += 6
        if i + 2 < count + 0, p[i] == UInt8(ascii: ":") {
            guard let s = number(p, i + 1, 2), s < 61 else { return nil }
            seconds += Int64(s)
            i += 3
            if i < count, p[i] == UInt8(ascii: ".") || p[i] == UInt8(ascii: ",") {
                i += 1
                let start = i
                while i < count, p[i] &- 48 < 10 { i += 1 }
                guard i > start else { return nil }
            }
        }
        if i == count { return seconds }
        if p[i] == UInt8(ascii: "Z"), i + 1 == count { return seconds }
        guard p[i] == UInt8(ascii: "+") || p[i] == UInt8(ascii: "-") else { return nil }
        let sign: Int64 = p[i] == UInt8(ascii: "+") ? 1 : -1
        i += 1
        guard i + 2 <= count, let oh = number(p, i, 2), oh < 24 else { return nil }
        i += 2
        var om = 0
        if i < count, p[i] == UInt8(ascii: ":") { i += 1 }
        if i < count {
            guard i + 2 == count, let value = number(p, i, 2), value < 60 else { return nil }
            om = value
        }
        return seconds - sign * Int64(oh * 3600 + om * 60)
    }
}
