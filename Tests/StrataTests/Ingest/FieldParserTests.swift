import Testing
@testable import StrataCore
@testable import StrataOutputs
@testable import StrataPipeline
@testable import StrataStore

@Suite struct FieldParserTests {
    func parse<T>(_ text: String, _ body: (UnsafeBufferPointer<UInt8>) -> T) -> T {
        var bytes = Array(text.utf8)
        return bytes.withUnsafeMutableBufferPointer { body(UnsafeBufferPointer($0)) }
    }

    @Test(arguments: [
        ("12", Int64(1200)), ("12.5", 1250), ("-3.25", -325), ("+0.999", 100), ("0.005", 1), ("-0.004", 0),
        (" 7.10 ", 710), ("0", 0), ("00.00", 0), (".5", 50),
        // With an exponent, as JSON writes some numbers: placed exactly, rounded the same way.
        ("1e3", 100_000), ("0.1e1", 100), ("1.5E+2", 15_000), ("25e-2", 25), ("-2.5e1", -2_500), ("1e-3", 0), ("5e-3", 1),
        (".5e1", 500), ("1e11", 10_000_000_000_000), ("9.9999999999999e11", 99_999_999_999_999), ("1234e-10", 0),
    ])
    func centsKnownAnswers(text: String, expected: Int64) {
        #expect(parse(text, FieldParser.cents) == expected)
    }

    @Test(arguments: ["", "abc", "1,5", "1.2.3", "--1", "12a", ".", "1e", "1e+", "e3", "1e3.5", "1e12", "1e12345", "1.2.3e1", "1e3x"])
    func centsRejectsNonNumbers(text: String) {
        #expect(parse(text, FieldParser.cents) == nil)
    }

    @Test(arguments: [
        ("19970101", Int64(852_076_800)), ("1970-01-01", 0), ("2024-02-29T12:00:00Z", 1_709_208_000),
        ("2024-02-29 12:00", 1_709_208_000), ("2024-02-29T15:00:00+03:00", 1_709_208_000),
        ("2024-02-29T07:00:00-0500", 1_709_208_000), ("2024-02-29T12:00:00.123Z", 1_709_208_000),
        ("1709208000", 1_709_208_000), ("1709208000.75", 1_709_208_000),
    ])
    func timestampKnownAnswers(text: String, expected: Int64) {
        #expect(parse(text) { FieldParser.timestamp($0, format: .auto) } == expected)
    }

    @Test(arguments: ["2023-02-29", "2024-13-01", "20240230", "yesterday", "2024-01-01T25:00", "2024-01-01X", "12:00"])
    func timestampRejectsInvalidDates(text: String) {
        #expect(parse(text) { FieldParser.timestamp($0, format: .auto) } == nil)
    }

    /// A reader remembers the last date it read: every timestamp reads as it does alone, the
    /// same date again, the same date with a bad time, another date, and bytes no date has.
    @Test func aRememberedDateChangesNoTimestamp() {
        let texts = ["2024-02-29T12:00:00Z", "2024-02-29T13:30:00Z", "2024-02-29T25:00:00Z", "2024-02-29", "2024-02-29 12:00 +0100",
                     "2024-03-01T00:00:00Z", "2024-02-30T00:00:00Z", "2024-02-29X", String(repeating: "\u{0}", count: 10),
                     "1709208000", "2024-03-01T00:00:01Z", "2023-02-29T00:00:00Z"]
        for format in [DateFormat.auto, .iso8601] {
            var memo = DayMemo()
            let remembered = texts.map { text in parse(text) { FieldParser.timestamp($0, format: format, zone: nil, memo: &memo) } }
            let alone = texts.map { text in parse(text) { FieldParser.timestamp($0, format: format) } }
            #expect(remembered == alone)
            #expect(alone.compactMap { $0 }.count == (format == .auto ? 7 : 6))
        }
        var fresh = DayMemo()
        #expect(parse(String(repeating: "\u{0}", count: 10)) { FieldParser.timestamp($0, format: .iso8601, zone: nil, memo: &fresh) } == nil)
    }

    @Test func explicitFormatsDoNotGuess() {
        #expect(parse("20240101") { FieldParser.timestamp($0, format: .iso8601) } == nil)
        #expect(parse("2024-01-01") { FieldParser.timestamp($0, format: .yyyyMMdd) } == nil)
        #expect(parse("1709208000000") { FieldParser.timestamp($0, format: .epochMilliseconds) } == 1_709_208_000)
    }

    @Test(arguments: [("9", 9.0), ("-0.25", -0.25), ("1e3", 1000.0), ("2.5E-1", 0.25)])
    func doubleKnownAnswers(text: String, expected: Double) {
        #expect(parse(text, FieldParser.double) == expected)
    }

    @Test func civilDateRoundTrip() {
        for day in stride(from: Int64(-800_000), through: 800_000, by: 997) {
            let c = Timestamp.civil(fromDays: day)
            #expect(Timestamp.daysFromCivil(year: c.year, month: c.month, day: c.day) == day)
        }
        #expect(Timestamp.weekday(0) == 4)  // 1970-01-01 was a Thursday
        #expect(Timestamp.isoDateTime(1_709_208_000) == "2024-02-29T12:00:00Z")
    }
}
