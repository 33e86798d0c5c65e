import Foundation

/// A growable byte buffer for writing CSV quickly: integers and fixed-point decimals are
/// formatted without `String`, text fields are quoted only when RFC 4180 requires it.
///
/// It owns its memory and cannot be copied: a write checks only that there is room, where an
/// array's append also checks that its storage is not shared (customers.csv makes about four
/// writes a cell, 84 cells a customer).
package struct CSVBuffer: ~Copyable {
    private var base: UnsafeMutablePointer<UInt8>
    private var capacity: Int
    /// How many bytes were written.
    package private(set) var count = 0

    package init(capacity: Int = 1 << 16) {
        self.capacity = max(capacity, 64)
        base = .allocate(capacity: self.capacity)
    }

    deinit { base.deallocate() }

    /// The bytes written, copied out.
    package var bytes: [UInt8] { [UInt8](UnsafeBufferPointer(start: base, count: count)) }

    /// Makes room for `n` more bytes.
    @inline(__always) private mutating func reserve(_ n: Int) {
        if count + n > capacity { grow(to: count + n) }
    }

    private mutating func grow(to needed: Int) {
        let larger = max(needed, capacity * 2)
        let moved = UnsafeMutablePointer<UInt8>.allocate(capacity: larger)
        moved.update(from: base, count: count)
        base.deallocate()
        (base, capacity) = (moved, larger)
    }

    @inline(__always) private mutating func put(_ byte: UInt8) {
        reserve(1)
        base[count] = byte
        count += 1
    }

    @inline(__always) private mutating func put(_ bytes: UnsafeRawBufferPointer) {
        guard let start = bytes.baseAddress else { return }
        let n = bytes.count
        reserve(n)
        let target = UnsafeMutableRawPointer(base + count)
        // Most fields are a few bytes (a label, a small number): two overlapping word copies
        // that cover them cost less than a call.
        if n >= 8 && n <= 16 {
            target.storeBytes(of: start.loadUnaligned(as: UInt64.self), as: UInt64.self)
            target.storeBytes(of: start.loadUnaligned(fromByteOffset: n - 8, as: UInt64.self), toByteOffset: n - 8, as: UInt64.self)
        } else if n >= 4 && n < 8 {
            target.storeBytes(of: start.loadUnaligned(as: UInt32.self), as: UInt32.self)
            target.storeBytes(of: start.loadUnaligned(fromByteOffset: n - 4, as: UInt32.self), toByteOffset: n - 4, as: UInt32.self)
        } else {
            memcpy(target, start, n)
        }
        count += n
    }

    package mutating func comma() { put(UInt8(ascii: ",")) }
    package mutating func newline() { put(0x0A) }

    package mutating func int(_ value: Int64) {
        if value < 0 {
            put(UInt8(ascii: "-"))
            if value == Int64.min { write("9223372036854775808"); return }
            unsigned(UInt64(-value))
        } else {
            unsigned(UInt64(value))
        }
    }

    package mutating func int(_ value: Int) { int(Int64(value)) }

    private mutating func unsigned(_ value: UInt64) {
        if value < 10 { return put(UInt8(truncatingIfNeeded: value) + 48) }
        // The digits counted, then written in place from the last one back.
        var length = 1, rest = value
        while rest >= 10 {
            rest /= 10
            length += 1
        }
        reserve(length)
        var n = value, at = count + length
        repeat {
            at -= 1
            base[at] = UInt8(truncatingIfNeeded: n % 10) + 48
            n /= 10
        } while n > 0
        count += length
    }

    /// A decimal with `places` digits after the point (rounded half away from zero); NaN → empty.
    package mutating func fixed(_ value: Double, places: Int) {
        guard value.isFinite else { return }
        var scale = 1.0
        for _ in 0..<places { scale *= 10 }
        let scaled = (abs(value) * scale).rounded()
        guard scaled < 9e18 else { text(String(value)); return }
        let units = Int64(scaled)
        if value < 0, units != 0 { put(UInt8(ascii: "-")) }
        let divisor = Int64(scale)
        unsigned(UInt64(units / divisor))
        guard places > 0 else { return }
        put(UInt8(ascii: "."))
        // The fraction's digits from the last one back, zero-padded to `places`, appended at once.
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)
        withUnsafeMutableBytes(of: &digits) { buffer in
            var fraction = units % divisor
            for i in stride(from: places - 1, through: 0, by: -1) {
                buffer[i] = UInt8(fraction % 10) + 48
                fraction /= 10
            }
            put(UnsafeRawBufferPointer(rebasing: buffer[0..<places]))
        }
    }

    /// The shortest decimal that reads back to `value` (a whole number below 2⁵³ without ".0",
    /// tiny and huge ones in exponent form, e.g. 1e-05; −0 as 0); NaN and infinities → empty.
    package mutating func exact(_ value: Double) {
        guard value.isFinite else { return }
        // (`Int64(exactly:)` tells a whole number without calling the C library's rounding.)
        if abs(value) < 9_007_199_254_740_992, let whole = Int64(exactly: value) {
            int(whole)
            return
        }
        // Up to four decimals (shares, rates, rounded probabilities): the same text as the
        // shortest form, without building a string, when that text reads back to the value.
        let scaled = value * 10_000
        if abs(scaled) < 1e15, let n = Int64(exactly: scaled), Double(n) / 10_000 == value {
            if n < 0 { put(UInt8(ascii: "-")) }
            let magnitude = n.magnitude
            unsigned(magnitude / 10_000)
            // The point and four digits written at once; the trailing zeros then dropped (the
            // value is not whole, so at least one digit stays).
            let fraction = UInt32(truncatingIfNeeded: magnitude % 10_000)
            let digits: (UInt8, UInt8, UInt8, UInt8) = (UInt8(truncatingIfNeeded: fraction / 1000), UInt8(truncatingIfNeeded: fraction / 100 % 10),
                                                        UInt8(truncatingIfNeeded: fraction / 10 % 10), UInt8(truncatingIfNeeded: fraction % 10))
            reserve(5)
            base[count] = UInt8(ascii: ".")
            base[count + 1] = digits.0 + 48
            base[count + 2] = digits.1 + 48
            base[count + 3] = digits.2 + 48
            base[count + 4] = digits.3 + 48
            count += digits.3 != 0 ? 5 : digits.2 != 0 ? 4 : digits.1 != 0 ? 3 : 2
            return
        }
        // `description`'s text, without a `String` for each number.
        var text = ShortText()
        value.write(to: &text)
        text.withBytes { put($0) }
    }

    /// Cents as a decimal amount with two places.
    package mutating func cents(_ value: Int64) {
        if value < 0 { put(UInt8(ascii: "-")) }
        let magnitude = value.magnitude
        unsigned(magnitude / 100)
        put(UInt8(ascii: "."))
        put(UInt8(magnitude % 100 / 10) + 48)
        put(UInt8(magnitude % 10) + 48)
    }

    /// A calendar day (days since 1970-01-01) as `yyyy-MM-dd`, the text of
    /// ``Timestamp/isoDate(day:)``, written without building a string for years 0–9999.
    package mutating func day(_ day: Int64) {
        let c = Timestamp.civil(fromDays: day)
        guard (0...9999).contains(c.year) else { return text(Timestamp.isoDate(day: day)) }
        // yyyy-MM-dd, appended at once.
        var text: (UInt64, UInt16) = (0, 0)
        withUnsafeMutableBytes(of: &text) { buffer in
            func digits(_ value: Int, at end: Int, _ count: Int) {
                var value = value
                for i in stride(from: end - 1, through: end - count, by: -1) {
                    buffer[i] = UInt8(value % 10) + 48
                    value /= 10
                }
            }
            digits(c.year, at: 4, 4)
            buffer[4] = UInt8(ascii: "-")
            digits(c.month, at: 7, 2)
            buffer[7] = UInt8(ascii: "-")
            digits(c.day, at: 10, 2)
            put(UnsafeRawBufferPointer(rebasing: buffer[0..<10]))
        }
    }

    /// A text field, quoted when it holds a comma, quote or line break.
    package mutating func field<C: Collection>(_ utf8: C) where C.Element == UInt8 {
        let needsQuotes = utf8.contains { (byte: UInt8) -> Bool in
            byte == UInt8(0x2C) || byte == UInt8(0x22) || byte == UInt8(0x0A) || byte == UInt8(0x0D)
        }
        guard needsQuotes else {
            if utf8.withContiguousStorageIfAvailable({ put(UnsafeRawBufferPointer($0)) }) == nil {
                for byte in utf8 { put(byte) }
            }
            return
        }
        put(0x22)
        for byte in utf8 {
            if byte == 0x22 { put(0x22) }
            put(byte)
        }
        put(0x22)
    }

    package mutating func text(_ value: String) {
        var value = value
        value.withUTF8 { field($0) }
    }

    /// A whole line of text fields.
    package mutating func row(_ values: [String]) {
        for (i, value) in values.enumerated() {
            if i > 0 { comma() }
            text(value)
        }
        newline()
    }

    /// Bytes already written as a CSV field (quoted where needed).
    package mutating func raw(_ field: UnsafeBufferPointer<UInt8>) { put(UnsafeRawBufferPointer(field)) }

    /// Text written as it is (no quoting).
    package mutating func write(_ string: String) {
        var string = string
        string.withUTF8 { put(UnsafeRawBufferPointer($0)) }
    }

    /// A whole CSV file: the header, then `count` rows rendered in parallel over ranges of rows
    /// (about `bytesPerRow` each) and joined in row order.
    package static func render(header: [String], count: Int, bytesPerRow: Int, minimumRows: Int = 4096,
                               row: (Int, inout CSVBuffer) -> Void) -> [UInt8] {
        var bytes: [UInt8] = []
        renderPieces(header: header, count: count, bytesPerRow: bytesPerRow, minimumRows: minimumRows, row: row) { bytes += $0 }
        return bytes
    }

    /// Ranges of rows rendered at once, on every core, before their pieces are handed on.
    static let piecesPerRound = 16

    /// The same file as consecutive pieces (the header, then each range of rows), handed to
    /// `write` in order: the ranges are rendered ``piecesPerRound`` at a time, so a file of
    /// hundreds of megabytes is never whole in memory. While a round renders on every core, one
    /// of them hands the round before on, so the cores do not wait for `write` (which runs on
    /// one of them, one call at a time).
    package static func renderPieces<Failure: Error>(header: [String], count: Int, bytesPerRow: Int, minimumRows: Int = 4096,
                                                     row: (Int, inout CSVBuffer) -> Void,
                                                     write: ([UInt8]) throws(Failure) -> Void) throws(Failure) {
        var head = CSVBuffer()
        head.row(header)
        try write(head.bytes)
        let ranges = Parallel.ranges(count, minimumSize: minimumRows)
        var rendered: [[UInt8]] = []
        var failure: Failure?
        for first in stride(from: 0, to: ranges.count, by: piecesPerRound) {
            let round = ranges[first..<min(ranges.count, first + piecesPerRound)]
            let previous = rendered
            // Item 0 hands the previous round on; the others render this round's ranges.
            let items = Parallel.map(round.count + 1) { item -> [UInt8] in
                guard item > 0 else {
                    do throws(Failure) { for piece in previous { try write(piece) } } catch { failure = error }
                    return []
                }
                var out = CSVBuffer(capacity: round[first + item - 1].count * bytesPerRow)
                for i in round[first + item - 1] { row(i, &out) }
                return out.bytes
            }
            if let failure { throw failure }
            rendered = Array(items.dropFirst())
        }
        for piece in rendered { try write(piece) }
    }
}

/// A number's `description` text, up to 32 bytes (a `Double`'s is at most 24): the standard
/// library hands its ASCII digits over as bytes, with no `String` in between.
private struct ShortText: TextOutputStream {
    private var storage: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
    private var count = 0

    mutating func write(_ string: String) {
        var string = string
        string.withUTF8 { _writeASCII($0) }
    }

    mutating func _writeASCII(_ buffer: UnsafeBufferPointer<UInt8>) {
        let n = min(buffer.count, 32 - count)
        withUnsafeMutableBytes(of: &storage) { storage in
            for i in 0..<n { storage[count + i] = buffer[i] }
        }
        count += n
    }

    func withBytes(_ body: (UnsafeRawBufferPointer) -> Void) {
        withUnsafeBytes(of: storage) { body(UnsafeRawBufferPointer(rebasing: $0[0..<count])) }
    }
}
