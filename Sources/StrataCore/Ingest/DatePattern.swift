/// An explicit date-time pattern from the config, such as `M/d/yyyy H:mm`, `d.M.yyyy`,
/// `dd/MM/yyyy HH:mm:ss` or `yyyy-MM-dd HH:mm:ss Z`.
///
/// Letters: `yyyy` year, `yy` a two-digit year (00–69 → 2000–2069, 70–99 → 1970–1999), `M`/`MM` month, `d`/`dd` day, `H`/`HH` hour 0–23,
/// `h`/`hh` hour 1–12 with `a` (AM/PM), `m`/`mm` minute, `s`/`ss` second, `S…` fraction (ignored),
/// `Z`/`X`/`XXX` a UTC offset (`Z`, `+03:00`, `-0400`), `'text'` text as written. A single letter takes one or two digits,
/// a doubled one exactly two. Anything else must stand as written; a space matches one or more
/// blanks. Without an offset in the value, the time is in the table's `timezone` (default UTC).
public struct DatePattern: Sendable, Hashable, CustomStringConvertible {
    enum Part: Sendable, Hashable {
        case year4, year2, month(exact: Bool), day(exact: Bool), hour24(exact: Bool), hour12(exact: Bool)
        case minute(exact: Bool), second(exact: Bool), fraction, ampm, offset
        case space
        case literal(UInt8)
    }

    public let description: String
    let parts: [Part]

    /// Reads a pattern; nil when it has no year, month and day, or a letter it does not know.
    public init?(_ text: String) {
        description = text
        var parts: [Part] = []
        let chars = Array(text)
        var i = 0
        while i < chars.count {
            let c = chars[i]
            if c == "'" {
                // Quoted text stands as written: yyyy-MM-dd'T'HH:mm.
                guard let close = chars[(i + 1)...].firstIndex(of: "'") else { return nil }
                for quoted in chars[(i + 1)..<close] {
                    guard let ascii = quoted.asciiValue else { return nil }
                    parts.append(.literal(ascii))
                }
                i = close + 1
                continue
            }
            var run = 1
            while i + run < chars.count, chars[i + run] == c { run += 1 }
            switch c {
            case "y": guard run == 4 || run == 2 else { return nil }; parts.append(run == 4 ? .year4 : .year2)
            case "M": guard run <= 2 else { return nil }; parts.append(.month(exact: run == 2))
            case "d": guard run <= 2 else { return nil }; parts.append(.day(exact: run == 2))
            case "H": guard run <= 2 else { return nil }; parts.append(.hour24(exact: run == 2))
            case "h": guard run <= 2 else { return nil }; parts.append(.hour12(exact: run == 2))
            case "m": guard run <= 2 else { return nil }; parts.append(.minute(exact: run == 2))
            case "s": guard run <= 2 else { return nil }; parts.append(.second(exact: run == 2))
            case "S": parts.append(.fraction)
            case "a": guard run == 1 else { return nil }; parts.append(.ampm)
            case "Z", "X", "x": parts.append(.offset)
            case " ": parts.append(.space)
            default:
                guard !c.isLetter, let ascii = c.asciiValue else { return nil }
                for _ in 0..<run { parts.append(.literal(ascii)) }
            }
            i += run
        }
        let has = { (wanted: (Part) -> Bool) in parts.contains(where: wanted) }
        guard has({ $0 == .year4 || $0 == .year2 }), has({ if case .month = $0 { return true }; return false }),
              has({ if case .day = $0 { return true }; return false }) else { return nil }
        if has({ if case .hour12 = $0 { return true }; return false }) != has({ $0 == .ampm }) { return nil }
        // A field of one or two digits must be followed by something that is not a digit, or its width is unknowable.
        for (a, b) in zip(parts, parts.dropFirst()) where Self.isVariableWidth(a) && Self.isNumeric(b) { return nil }
        self.parts = parts
    }

    static func isVariableWidth(_ part: Part) -> Bool {
        switch part {
        case .month(false), .day(false), .hour24(false), .hour12(false), .minute(false), .second(false), .fraction: return true
        default: return false
        }
    }

    static func isNumeric(_ part: Part) -> Bool {
        switch part {
        case .year4, .year2, .month, .day, .hour24, .hour12, .minute, .second, .fraction: return true
        default: return false
        }
    }

    /// Epoch seconds of the value, and whether it carried its own UTC offset; nil when it does not fit.
    func parse(_ p: UnsafePointer<UInt8>, _ count: Int) -> (seconds: Int64, hasOffset: Bool)? {
        var i = 0
        var year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0
        var pm: Bool?, offset: Int64?
        func digits(exact: Bool, max: Int = 2) -> Int? {
            var value = 0, n = 0
            while i < count, n < max, p[i] &- 48 < 10 { value = value * 10 + Int(p[i] &- 48); i += 1; n += 1 }
            return n == 0 || (exact && n != max) ? nil : value
        }
        for part in parts {
            switch part {
            case .year4: guard let v = digits(exact: true, max: 4) else { return nil }; year = v
            case .year2: guard let v = digits(exact: true) else { return nil }; year = v < 70 ? 2000 + v : 1900 + v
            case let .month(exact): guard let v = digits(exact: exact) else { return nil }; month = v
            case let .day(exact): guard let v = digits(exact: exact) else { return nil }; day = v
            case let .hour24(exact): guard let v = digits(exact: exact), v < 24 else { return nil }; hour = v
            case let .hour12(exact): guard let v = digits(exact: exact), (1...12).contains(v) else { return nil }; hour = v % 12
            case let .minute(exact): guard let v = digits(exact: exact), v < 60 else { return nil }; minute = v
            case let .second(exact): guard let v = digits(exact: exact), v < 61 else { return nil }; second = v
            case .fraction:
                let start = i
                while i < count, p[i] &- 48 < 10 { i += 1 }
                guard i > start else { return nil }
            case .ampm:
                guard i + 1 < count else { return nil }
                let first = p[i] | 0x20, second = p[i + 1] | 0x20
                guard second == UInt8(ascii: "m"), first == UInt8(ascii: "a") || first == UInt8(ascii: "p") else { return nil }
                pm = first == UInt8(ascii: "p")
                i += 2
            case .offset:
                guard let value = Self.offset(p, count, &i) else { return nil }
                offset = value
            case .space:
                guard i < count, p[i] == 0x20 || p[i] == 0x09 else { return nil }
                while i < count, p[i] == 0x20 || p[i] == 0x09 { i += 1 }
            case let .literal(byte):
                guard i < count, p[i] == byte else { return nil }
                i += 1
            }
        }
        guard i == count, Timestamp.isValid(year: year, month: month, day: day) else { return nil }
        if pm == true { hour += 12 }
        let seconds = Timestamp.daysFromCivil(year: year, month: month, day: day) * Timestamp.secondsPerDay
            + Int64(hour * 3600 + minute * 60 + second)
        return (seconds - (offset ?? 0), offset != nil)
    }

    /// `Z`, `±HH`, `±HHMM` or `±HH:MM` as seconds east of UTC.
    static func offset(_ p: UnsafePointer<UInt8>, _ count: Int, _ i: inout Int) -> Int64? {
        guard i < count else { return nil }
        if p[i] == UInt8(ascii: "Z") { i += 1; return 0 }
        guard p[i] == UInt8(ascii: "+") || p[i] == UInt8(ascii: "-") else { return nil }
        let sign: Int64 = p[i] == UInt8(ascii: "+") ? 1 : -1
        i += 1
        func two() -> Int64? {
            guard i + 1 < count, p[i] &- 48 < 10, p[i + 1] &- 48 < 10 else { return nil }
            defer { i += 2 }
            return Int64(p[i] &- 48) * 10 + Int64(p[i + 1] &- 48)
        }
        guard let hours = two(), hours < 24 else { return nil }
        var minutes: Int64 = 0
        if i < count, p[i] == UInt8(ascii: ":") { i += 1 }
        if i < count, p[i] &- 48 < 10 {
            guard let value = two(), value < 60 else { return nil }
            minutes = value
        }
        return sign * (hours * 3600 + minutes * 60)
    }
}
