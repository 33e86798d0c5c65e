import Foundation

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

    /// A leading `-` or `+`: whether the number is negative, and where its digits start.
    @inline(__always)
    private static func sign(_ p: UnsafePointer<UInt8>) -> (negative: Bool, start: Int) {
        p[0] == UInt8(ascii: "-") || p[0] == UInt8(ascii: "+") ? (p[0] == UInt8(ascii: "-"), 1) : (false, 0)
    }

    /// A decimal amount as integer cents, rounded half away from zero: `12`, `-3.5`, `+0.999`;
    /// at most 12 digits before the point (``largestAmountText``), so sums stay exact in 64 bits.
    package static func cents(_ raw: UnsafeBufferPointer<UInt8>) -> Int64? {
        let field = trimmed(raw)
        guard let p = field.baseAddress, field.count > 0 else { return nil }
        let (negative, start) = sign(p)
        var i = start
        var whole: Int64 = 0
        var digits = 0
        while i < field.count, p[i] &- 48 < 10 {
            guard digits < 12 else { return nil }
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
        if i < field.count, p[i] | 0x20 == UInt8(ascii: "e"), digits > 0 {
            return centsWithExponent(p, count: field.count, digitsStart: start, exponentAt: i, negative: negative)
        }
        guard i == field.count, digits > 0 else { return nil }
        let value = whole * 100 + fraction + (roundUp ? 1 : 0)
        return negative ? -value : value
    }

    /// ``cents(_:)`` of a number with an exponent (`1.5e3`, `25E-2`), as JSON writes some: each
    /// digit of the mantissa is placed where the exponent moves it, then read as a plain
    /// decimal — exactly, with the same rounding and limit.
    private static func centsWithExponent(_ p: UnsafePointer<UInt8>, count: Int, digitsStart: Int, exponentAt e: Int,
                                          negative: Bool) -> Int64? {
        var i = e + 1
        let (negativeExponent, skip) = i < count ? sign(p + i) : (false, 0)
        i += skip
        var exponent = 0
        let exponentStart = i
        while i < count, p[i] &- 48 < 10 {
            guard i - exponentStart < 4 else { return nil }
            exponent = exponent * 10 + Int(p[i] &- 48)
            i += 1
        }
        guard i == count, i > exponentStart else { return nil }
        if negativeExponent { exponent = -exponent }
        // Digits before the point in the mantissa; a digit's place is 10^place after the shift.
        var integerDigits = 0
        while digitsStart + integerDigits < e, p[digitsStart + integerDigits] != UInt8(ascii: ".") { integerDigits += 1 }
        var place = integerDigits + exponent - 1
        var whole: Int64 = 0, fraction: Int64 = 0
        var roundUp = false
        for j in digitsStart..<e where p[j] != UInt8(ascii: ".") {
            let digit = Int64(p[j] &- 48)
            switch place {
            case 0...:
                guard place < 12, whole <= 99_999_999_999 else { return nil }
                whole = whole * 10 + digit
            case -1: fraction += digit * 10
            case -2: fraction += digit
            case -3: roundUp = digit >= 5
            default: break
            }
            place -= 1
        }
        // Places left above the units when the mantissa's digits ran out: zeros.
        while place >= 0 {
            guard whole <= 99_999_999_999 else { return nil }
            whole *= 10
            place -= 1
        }
        let value = whole * 100 + fraction + (roundUp ? 1 : 0)
        return negative ? -value : value
    }

    /// The largest line amount read from quantity × unit price: 999,999,999,999.99, so that
    /// sums over millions of lines stay exact in 64 bits.
    package static let largestCents: Int64 = 99_999_999_999_999
    package static let largestAmountText = "999,999,999,999.99"
    /// The largest order made of summed lines.
    package static let largestOrderCents: Int64 = 999_999_999_999_999

    /// A plain decimal as an exact integer and its number of decimals: `-2.55` → (-255, 2).
    /// At most 18 digits; no exponent, no thousands separators.
    package static func exactDecimal(_ raw: UnsafeBufferPointer<UInt8>) -> (units: Int64, scale: Int)? {
        let field = trimmed(raw)
        guard let p = field.baseAddress, field.count > 0 else { return nil }
        let (negative, start) = sign(p)
        var i = start
        var units: Int64 = 0, digits = 0, scale = 0, point = false
        while i < field.count {
            let c = p[i]
            if c == UInt8(ascii: "."), !point {
                point = true
            } else if c &- 48 < 10 {
                guard digits < 18 else { return nil }
                units = units * 10 + Int64(c &- 48)
                digits += 1
                if point { scale += 1 }
            } else {
                return nil
            }
            i += 1
        }
        guard digits > 0 else { return nil }
        return (negative ? -units : units, scale)
    }

    /// `quantity × unitPrice` in cents, exactly, rounded half away from zero; nil on overflow.
    package static func productCents(_ quantity: (units: Int64, scale: Int), _ price: (units: Int64, scale: Int)) -> Int64? {
        let (product, overflow) = quantity.units.multipliedReportingOverflow(by: price.units)
        guard !overflow else { return nil }
        let scale = quantity.scale + price.scale
        guard scale > 2 else {
            var value = product
            for _ in scale..<2 { guard case let (next, false) = value.multipliedReportingOverflow(by: 10) else { return nil }; value = next }
            return value
        }
        var divisor: Int64 = 1
        for _ in 0..<(scale - 2) { guard case let (next, false) = divisor.multipliedReportingOverflow(by: 10) else { return 0 }; divisor = next }
        let (whole, rest) = product.quotientAndRemainder(dividingBy: divisor)
        let roundsAway = rest.magnitude * 2 >= divisor.magnitude
        return roundsAway ? whole + (product < 0 ? -1 : 1) : whole
    }

    /// A decimal number: `7`, `-0.25`, `1e3`.
    package static func double(_ raw: UnsafeBufferPointer<UInt8>) -> Double? {
        let field = trimmed(raw)
        guard let p = field.baseAddress, field.count > 0 else { return nil }
        let (negative, start) = sign(p)
        var i = start
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
    package static func timestamp(_ raw: UnsafeBufferPointer<UInt8>, format: DateFormat, zone: TimeZone? = nil) -> Int64? {
        var memo = DayMemo()
        return timestamp(raw, format: format, zone: zone, memo: &memo)
    }

    /// The same, remembering the last ISO 8601 date read in `memo` (a reader keeps one per
    /// piece of a file): the rows of a time-ordered log repeat their date one after another.
    package static func timestamp(_ raw: UnsafeBufferPointer<UInt8>, format: DateFormat, zone: TimeZone?, memo: inout DayMemo) -> Int64? {
        let field = trimmed(raw)
        guard let p = field.baseAddress, field.count > 0 else { return nil }
        let parsed: (seconds: Int64, hasOffset: Bool)?
        switch format {
        case .iso8601: parsed = iso8601(p, field.count, memo: &memo)
        case .yyyyMMdd: parsed = compactDate(p, field.count).map { ($0, false) }
        case .epochSeconds: return epoch(p, field.count, divisor: 1)
        case .epochMilliseconds: return epoch(p, field.count, divisor: 1000)
        case let .pattern(pattern): parsed = pattern.parse(p, field.count)
        case .auto:
            // Eight digits are a yyyyMMdd date, never epoch seconds (which would be 1970).
            if field.count == 8, number(p, 0, 8) != nil { parsed = compactDate(p, 8).map { ($0, false) } }
            else if field.count >= 10, p[4] == UInt8(ascii: "-") { parsed = iso8601(p, field.count, memo: &memo) }
            else { return epoch(p, field.count, divisor: 1) }
        }
        guard let parsed else { return nil }
        guard let zone, !parsed.hasOffset else { return parsed.seconds }
        return utc(fromLocal: parsed.seconds, in: zone)
    }

    /// A wall-clock time in `zone` (as seconds of a UTC calendar) as UTC epoch seconds. A time in
    /// the hour that a daylight-saving change skips or repeats is read with the offset in force
    /// after the change (Berlin 2024-10-27 02:30 → 01:30Z; New York 2024-03-10 02:30 → 06:30Z).
    static func utc(fromLocal local: Int64, in zone: TimeZone) -> Int64 {
        let guess = Int64(zone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(local))))
        let offset = Int64(zone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(local - guess))))
        return local - offset
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

    /// `YYYY-MM-DD[(T| )HH:MM[:SS[.fff]]][ ][Z|±HH[:MM]|±HHMM]`, with whether it had an offset.
    private static func iso8601(_ p: UnsafePointer<UInt8>, _ count: Int, memo: inout DayMemo) -> (seconds: Int64, hasOffset: Bool)? {
        guard count >= 10 else { return nil }
        let head = UnsafeRawPointer(p).loadUnaligned(as: UInt64.self), tail = UnsafeRawPointer(p + 8).loadUnaligned(as: UInt16.self)
        if !memo.isSet || head != memo.head || tail != memo.tail {
            guard p[4] == UInt8(ascii: "-"), p[7] == UInt8(ascii: "-"),
                  let y = number(p, 0, 4), let mo = number(p, 5, 2), let d = number(p, 8, 2),
                  Timestamp.isValid(year: y, month: mo, day: d) else { return nil }
            memo = DayMemo(head: head, tail: tail, seconds: Timestamp.daysFromCivil(year: y, month: mo, day: d) * Timestamp.secondsPerDay)
        }
        var seconds = memo.seconds
        var i = 10
        if i == count { return (seconds, false) }
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
        if i == count { return (seconds, false) }
        // Shopify and others write a blank before the offset: `2024-03-15 10:22:01 -0400`.
        if p[i] == UInt8(ascii: " ") { i += 1 }
        guard let offset = DatePattern.offset(p, count, &i), i == count else { return nil }
        return (seconds - offset, true)
    }
}

/// The last valid `yyyy-MM-dd` date that ``FieldParser/timestamp(_:format:zone:memo:)`` read
/// (its ten bytes) and the first second of that day; a new memo holds none.
package struct DayMemo {
    fileprivate var isSet = false
    fileprivate var head: UInt64 = 0
    fileprivate var tail: UInt16 = 0
    fileprivate var seconds: Int64 = 0

    package init() {}

    fileprivate init(head: UInt64, tail: UInt16, seconds: Int64) {
        (isSet, self.head, self.tail, self.seconds) = (true, head, tail, seconds)
    }
}
