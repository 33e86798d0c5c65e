/// Reads newline-delimited JSON: one flat object per line, keys as column names.
///
/// String values are unescaped in place (including `\uXXXX` and surrogate pairs; a lone
/// surrogate is an error, so two ids never merge into one replacement character); numbers and
/// booleans keep their text; `null` counts as absent; a nested object or array is kept as its
/// raw JSON text — except in an identifier slot, which must hold a string or a number. Key names
/// match wanted columns without regard to case.
package struct JSONLineCursor {
    private let base: UnsafeMutablePointer<UInt8>
    private var pos: Int
    private let end: Int
    package private(set) var newlines = 0
    /// Lowercased wanted key names; the index is the slot.
    private let keys: [[UInt8]]
    /// Slots that hold ids: only a string or a number is taken there.
    private let identifiers: Set<Int>
    /// Called with every key seen, when collecting the union of keys.
    package var keySink: ((UnsafeBufferPointer<UInt8>) -> Void)?

    package init(base: UnsafeMutablePointer<UInt8>, range: Range<Int>, keys: [String], identifiers: Set<Int> = []) {
        self.base = base
        self.pos = range.lowerBound
        self.end = range.upperBound
        self.keys = keys.map { Array($0.lowercased().utf8) }
        self.identifiers = identifiers
    }

    /// Whether `text` is a JSON number.
    private static func isNumber(_ text: UnsafeBufferPointer<UInt8>) -> Bool {
        guard !text.isEmpty else { return false }
        var digits = 0
        for c in text {
            switch c {
            case 48...57: digits += 1
            case UInt8(ascii: "-"), UInt8(ascii: "+"), UInt8(ascii: "."), UInt8(ascii: "e"), UInt8(ascii: "E"): continue
            default: return false
            }
        }
        return digits > 0
    }

    private struct Failure: Error { var message: String }

    @inline(__always) private func isSpace(_ c: UInt8) -> Bool { c == 0x20 || c == 0x09 }

    package mutating func next(into row: inout RowBuffer) -> Bool {
        while pos < end {
            var probe = pos
            while probe < end, isSpace(base[probe]) || base[probe] == 0x0D { probe += 1 }
            if probe < end, base[probe] == 0x0A { pos = probe + 1; newlines += 1; continue }
            if probe == end { pos = end; return false }
            break
        }
        guard pos < end else { return false }
        row.reset()
        row.line = newlines + 1
        let lineStart = pos
        do {
            try parseObject(into: &row, lineStart: lineStart)
        } catch let failure {
            row.malformed = failure.message
        }
        while pos < end, base[pos] != 0x0A { pos += 1 }
        row.record = UnsafeBufferPointer(start: base + lineStart, count: pos - lineStart)
        if pos < end { pos += 1; newlines += 1 }
        return true
    }

    private mutating func skipSpace() {
        while pos < end, isSpace(base[pos]) || base[pos] == 0x0D { pos += 1 }
    }

    private mutating func parseObject(into row: inout RowBuffer, lineStart: Int) throws(Failure) {
        skipSpace()
        guard pos < end, base[pos] == UInt8(ascii: "{") else {
            throw Failure(message: "expected a JSON object '{' at column \(pos - lineStart + 1)")
        }
        pos += 1
        skipSpace()
        if pos < end, base[pos] == UInt8(ascii: "}") { pos += 1; return try expectLineEnd(lineStart) }
        while true {
            skipSpace()
            guard pos < end, base[pos] == 0x22 else {
                throw Failure(message: "expected a quoted key at column \(pos - lineStart + 1)")
            }
            let key = try parseString(lineStart)
            skipSpace()
            guard pos < end, base[pos] == UInt8(ascii: ":") else {
                throw Failure(message: "expected ':' after a key at column \(pos - lineStart + 1)")
            }
            pos += 1
            skipSpace()
            let column = pos - lineStart + 1
            guard pos < end, base[pos] != 0x0A else {
                throw Failure(message: "expected a value at column \(column)")
            }
            var value: UnsafeBufferPointer<UInt8>?
            var scalar = true
            switch base[pos] {
            case 0x22: value = try parseString(lineStart)
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                value = try skipNested(lineStart)
                scalar = false
            default:
                let start = pos
                while pos < end, base[pos] != UInt8(ascii: ","), base[pos] != UInt8(ascii: "}"),
                      base[pos] != 0x0A, !isSpace(base[pos]), base[pos] != 0x0D { pos += 1 }
                let text = UnsafeBufferPointer(start: base + start, count: pos - start)
                if text.elementsEqual("null".utf8) { value = nil } else { value = text }
                scalar = value.map(Self.isNumber) ?? true
            }
            keySink?(key)
            row.fieldCount += 1
            let wanted = slot(of: key)
            if let slot = wanted, !scalar, identifiers.contains(slot), let value {
                let found = value.first == UInt8(ascii: "{") ? "an object" : value.first == UInt8(ascii: "[") ? "an array"
                    : "'\(String(decoding: UnsafeBufferPointer(rebasing: value.prefix(20)), as: UTF8.self))'"
                throw Failure(message: "\"\(String(decoding: key, as: UTF8.self))\" at column \(column) is \(found): an id must be a JSON string or number")
            }
            if let slot = wanted, row.isPresent(slot) {
                throw Failure(message: "\"\(String(decoding: key, as: UTF8.self))\" at column \(column) is a second value for a field the object "
                              + "gave at column \(row.column(slot)): which one is meant cannot be known")
            }
            if let slot = wanted, let value {
                row.set(slot, start: UnsafeMutablePointer(mutating: value.baseAddress), count: value.count, column: column)
            }
            skipSpace()
            guard pos < end else { throw Failure(message: "unexpected end of line: missing '}'") }
            if base[pos] == UInt8(ascii: ",") { pos += 1; continue }
            if base[pos] == UInt8(ascii: "}") { pos += 1; return try expectLineEnd(lineStart) }
            throw Failure(message: "expected ',' or '}' at column \(pos - lineStart + 1)")
        }
    }

    private mutating func expectLineEnd(_ lineStart: Int) throws(Failure) {
        skipSpace()
        guard pos >= end || base[pos] == 0x0A else {
            throw Failure(message: "unexpected text after the object at column \(pos - lineStart + 1)")
        }
    }

    private func slot(of key: UnsafeBufferPointer<UInt8>) -> Int? {
        for (index, wanted) in keys.enumerated() where wanted.count == key.count {
            var same = true
            for i in 0..<key.count {
                var c = key[i]
                if c >= 65 && c <= 90 { c += 32 }
                if c != wanted[i] { same = false; break }
            }
            if same { return index }
        }
        return nil
    }

    /// Parses a string at `pos` (on the opening quote), unescaping in place.
    private mutating func parseString(_ lineStart: Int) throws(Failure) -> UnsafeBufferPointer<UInt8> {
        let column = pos - lineStart + 1
        pos += 1
        let start = pos
        var write = pos
        while pos < end {
            let c = base[pos]
            if c == 0x22 {
                pos += 1
                return UnsafeBufferPointer(start: base + start, count: write - start)
            }
            if c == 0x0A { break }
            if c == UInt8(ascii: "\\") {
                guard pos + 1 < end else { break }
                let e = base[pos + 1]
                pos += 2
                switch e {
                case UInt8(ascii: "n"): base[write] = 0x0A
                case UInt8(ascii: "t"): base[write] = 0x09
                case UInt8(ascii: "r"): base[write] = 0x0D
                case UInt8(ascii: "b"): base[write] = 0x08
                case UInt8(ascii: "f"): base[write] = 0x0C
                case 0x22, UInt8(ascii: "\\"), UInt8(ascii: "/"): base[write] = e
                case UInt8(ascii: "u"):
                    guard var scalar = hex4() else {
                        throw Failure(message: "invalid \\u escape at column \(pos - lineStart - 1)")
                    }
                    if scalar >= 0xD800 && scalar < 0xDC00 {
                        guard pos + 1 < end, base[pos] == UInt8(ascii: "\\"), base[pos + 1] == UInt8(ascii: "u") else {
                            throw Failure(message: "a lone surrogate \\u\(String(scalar, radix: 16, uppercase: true)) at column \(pos - lineStart - 5): expected a pair \\uD8xx\\uDCxx")
                        }
                        pos += 2
                        guard let low = hex4(), low >= 0xDC00 && low < 0xE000 else {
                            throw Failure(message: "invalid surrogate pair at column \(pos - lineStart - 11)")
                        }
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    } else if scalar >= 0xDC00 && scalar < 0xE000 {
                        throw Failure(message: "a lone surrogate \\u\(String(scalar, radix: 16, uppercase: true)) at column \(pos - lineStart - 5)")
                    }
                    guard let unicode = Unicode.Scalar(scalar) else {
                        throw Failure(message: "invalid \\u escape at column \(pos - lineStart - 5)")
                    }
                    for byte in String(Character(unicode)).utf8 {
                        base[write] = byte
                        write += 1
                    }
                    continue
                default:
                    throw Failure(message: "invalid escape '\\\(Character(Unicode.Scalar(e)))' at column \(pos - lineStart - 1)")
                }
                write += 1
                continue
            }
            if write != pos { base[write] = c }
            write += 1
            pos += 1
        }
        throw Failure(message: "unterminated string starting at column \(column)")
    }

    private mutating func hex4() -> UInt32? {
        guard pos + 4 <= end else { return nil }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let c = base[pos]
            let digit: UInt8
            switch c {
            case 48...57: digit = c - 48
            case 65...70: digit = c - 55
            case 97...102: digit = c - 87
            default: return nil
            }
            value = value << 4 | UInt32(digit)
            pos += 1
        }
        return value
    }

    /// Skips a nested object or array, returning its raw text.
    private mutating func skipNested(_ lineStart: Int) throws(Failure) -> UnsafeBufferPointer<UInt8> {
        let start = pos
        var depth = 0
        var inString = false
        while pos < end, base[pos] != 0x0A {
            let c = base[pos]
            if inString {
                if c == UInt8(ascii: "\\") { pos += 1 } else if c == 0x22 { inString = false }
            } else if c == 0x22 {
                inString = true
            } else if c == UInt8(ascii: "{") || c == UInt8(ascii: "[") {
                depth += 1
            } else if c == UInt8(ascii: "}") || c == UInt8(ascii: "]") {
                depth -= 1
                if depth == 0 {
                    pos += 1
                    return UnsafeBufferPointer(start: base + start, count: pos - start)
                }
            }
            pos += 1
        }
        throw Failure(message: "unterminated nested value starting at column \(start - lineStart + 1)")
    }
}
