import Testing
@testable import StrataCore

/// Known answers for how every output file writes text and numbers (RFC 4180 quoting; fixed
/// decimals: the value times 10^places, rounded half away from zero; exact cents).
@Suite struct CSVBufferTests {
    static let fields: [(text: String, written: String)] = [
        ("plain", "plain"), ("", ""), ("a,b", "\"a,b\""), ("say \"hi\"", "\"say \"\"hi\"\"\""), ("\"", "\"\"\"\""),
        ("two\nlines", "\"two\nlines\""), ("cr\r", "\"cr\r\""), ("Москва", "Москва"), (" padded ", " padded "), ("a;b\tc", "a;b\tc"),
    ]

    static let decimals: [(value: Double, places: Int, written: String)] = [
        (0, 2, "0.00"), (1.5, 0, "2"), (2.5, 0, "3"), (-2.5, 0, "-3"), (0.125, 2, "0.13"),
        // The value is scaled before rounding: 2.675 × 100 gives 267.5 in binary, hence 2.68
        // (rounding the exact binary value 2.67499999… would give 2.67).
        (2.675, 2, "2.68"), (1.005, 2, "1.00"), (-0.001, 2, "0.00"), (-0.005, 2, "-0.01"), (1234567.891, 1, "1234567.9"), (0.00005, 4, "0.0001"),
        (.nan, 2, ""), (.infinity, 2, ""),
    ]

    static let cents: [(value: Int64, written: String)] = [
        (0, "0.00"), (5, "0.05"), (-5, "-0.05"), (123_456, "1234.56"), (-100, "-1.00"), (Int64.max, "92233720368547758.07"),
    ]

    static let integers: [(value: Int64, written: String)] = [
        (0, "0"), (7, "7"), (-42, "-42"), (Int64.max, "9223372036854775807"), (Int64.min, "-9223372036854775808"),
    ]

    func written(_ write: (inout CSVBuffer) -> Void) -> String {
        var buffer = CSVBuffer()
        write(&buffer)
        return String(decoding: buffer.bytes, as: UTF8.self)
    }

    @Test func textFieldsAreQuotedOnlyWhenNeeded() {
        for row in Self.fields { #expect(written { $0.text(row.text) } == row.written, "\(row.text.debugDescription)") }
        #expect(written { $0.row(["a", "b,c", ""]) } == "a,\"b,c\",\n")
    }

    @Test func fixedDecimals() {
        for row in Self.decimals {
            #expect(written { $0.fixed(row.value, places: row.places) } == row.written, "\(row.value) with \(row.places) places")
        }
    }

    @Test func centsAndIntegersAreExact() {
        for row in Self.cents { #expect(written { $0.cents(row.value) } == row.written, "\(row.value) cents") }
        for row in Self.integers { #expect(written { $0.int(row.value) } == row.written, "\(row.value)") }
    }

    /// Every integer next to a power of ten has as many digits as its description, and the same ones.
    @Test func integersAroundEveryPowerOfTen() {
        var values: [Int64] = [0, Int64.max, Int64.min, Int64.max - 1, Int64.min + 1]
        var power: Int64 = 1
        for _ in 0..<19 {
            values += [power - 1, power, power + 1, -power]
            power = power.multipliedReportingOverflow(by: 10).overflow ? power : power * 10
        }
        for value in values { #expect(written { $0.int(value) } == "\(value)") }
        #expect(written { $0.cents(Int64.max) } == "92233720368547758.07")
    }

    /// A buffer made small grows as it is written, every byte kept in order.
    @Test func aBufferGrowsAsItIsWritten() {
        var buffer = CSVBuffer(capacity: 1)
        var expected = ""
        for i in 0..<5_000 {
            let text = String(repeating: "x", count: i % 97) + (i % 5 == 0 ? ",\"" : "")
            buffer.int(Int64(i) * 7_919 - 1_000_000)
            buffer.comma()
            buffer.text(text)
            buffer.comma()
            buffer.exact(Double(i) / 8)
            buffer.newline()
            let quoted = i % 5 == 0 ? "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : text
            let number = i % 8 == 0 ? "\(i / 8)" : "\(Double(i) / 8)"
            expected += "\(i * 7_919 - 1_000_000),\(quoted),\(number)\n"
        }
        #expect(buffer.count == expected.utf8.count)
        #expect(String(decoding: buffer.bytes, as: UTF8.self) == expected)
    }

    @Test func featureValuesAsTheirColumnsWriteThem() {
        let values: [(FeatureValue, String)] = [
            (.missing, ""), (.int(3), "3"), (.cents(1999), "19.99"), (.decimal(0.12345), "0.12345"), (.decimal(2), "2"), (.decimal(-0.0), "0"), (.decimal(-3), "-3"),
            (.text("Can't Lose Them"), "Can't Lose Them"), (.day(19_723), "2024-01-01"), (.flag(true), "1"), (.flag(false), "0"),
        ]
        for (value, expected) in values { #expect(written { $0.value(value) } == expected, "\(value)") }
    }

    /// Days are written as `Timestamp.isoDate` writes them, from year 0 to 9999 and beyond.
    @Test func daysAreWrittenAsISODates() {
        let days: [Int64] = [0, -1, 59, 60, 19_723, 2_932_896, 2_932_897, -719_528, -719_529, -800_000, 5_000_000]
        for day in days + stride(from: -720_000, to: 2_940_000, by: 997).map(Int64.init) {
            #expect(written { $0.day(day) } == Timestamp.isoDate(day: day), "day \(day)")
        }
    }

    /// A rate written to customers.csv reads back to the very double the engine compared, so SQL
    /// on the file agrees with the engine at any threshold (2.000188 is not printed as 2.00); the
    /// text is the number's shortest form.
    @Test func numbersReadBackToTheSameDouble() {
        var rng = SeededRandom(seed: 11)
        var values: [Double] = [2.000188, 1.0 / 3, 2.0 / 3, 1e-7, 123_456_789.125, -0.1, 0, 1e300, 5e-324]
        for _ in 0..<2_000 { values.append(Double(bitPattern: rng.next())) }
        for value in values where value.isFinite {
            let text = written { $0.exact(value) }
            #expect(Double(text) == value, "\(value) written as \(text)")
            // Whole numbers below 2⁵³ without ".0", every other number as its shortest form.
            let whole = abs(value) < 9_007_199_254_740_992 && value == value.rounded()
            #expect(text == (whole ? String(Int64(value)) : value.description), "\(value) written as \(text)")
        }
    }

    /// Numbers of up to four decimals take a faster path that writes what the shortest form writes.
    @Test func fourDecimalNumbersAreWrittenAsTheirShortestForm() {
        var rng = SeededRandom(seed: 12)
        var values: [Double] = [0.1234, -0.5, 0.0001, -0.0001, 12.3, 99999.9999, 0.30000000000000004, 1.0 / 3, 1e10 + 0.25]
        for _ in 0..<5_000 { values.append(Double(Int64(rng.next() % 2_000_000_000) - 1_000_000_000) / 10_000) }
        for _ in 0..<1_000 { values.append(Double(Int64(rng.next() % 20_000) - 10_000) / 10_000) }
        for value in values {
            #expect(written { $0.exact(value) } == (value == value.rounded() ? String(Int64(value)) : value.description), "\(value)")
        }
    }

    /// A large file is handed on in pieces, a few ranges of rows at a time: the pieces, joined,
    /// are the header and every row once, in row order, whatever the number of rounds.
    @Test func piecesComeInRowOrderOverManyRounds() {
        let count = 50_000
        var pieces: [[UInt8]] = []
        CSVBuffer.renderPieces(header: ["n", "label"], count: count, bytesPerRow: 16, minimumRows: 97, row: { i, out in
            out.row(["\(i)", "r\(i % 7)"])
        }) { pieces.append($0) }
        #expect(pieces.count - 1 > 3 * CSVBuffer.piecesPerRound, "several rounds")
        let expected = "n,label\n" + (0..<count).map { "\($0),r\($0 % 7)\n" }.joined()
        #expect(String(decoding: pieces.joined(), as: UTF8.self) == expected)
    }

    /// A write that fails stops the file there: the error reaches the caller, and no piece after
    /// the failed one is handed on (rounds render while the one before is written).
    @Test func aFailedWriteStopsTheFile() {
        struct Full: Error {}
        var handed = 0
        #expect(throws: Full.self) {
            try CSVBuffer.renderPieces(header: ["n"], count: 50_000, bytesPerRow: 8, minimumRows: 97, row: { i, out in
                out.row(["\(i)"])
            }) { _ throws(Full) in
                handed += 1
                if handed == 40 { throw Full() }
            }
        }
        #expect(handed == 40)
    }
}
