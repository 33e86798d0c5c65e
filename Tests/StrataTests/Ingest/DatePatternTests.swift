import Foundation
import Testing
@testable import StrataCore

/// Date patterns, offsets, time zones and exact line amounts, by known answers.
@Suite struct DatePatternTests {
    func parse(_ text: String, _ format: DateFormat, zone: String? = nil) -> Int64? {
        var bytes = Array(text.utf8)
        return bytes.withUnsafeMutableBufferPointer {
            FieldParser.timestamp(UnsafeBufferPointer($0), format: format, zone: zone.flatMap(TimeZone.init(identifier:)))
        }
    }

    static let rows: [(pattern: String, value: String, utc: String?)] = [
        ("M/d/yyyy H:mm", "12/1/2010 8:26", "2010-12-01T08:26:00Z"),
        ("M/d/yyyy H:mm", "6/30/2011 16:45", "2011-06-30T16:45:00Z"),
        ("M/d/yyyy H:mm", "13/1/2010 8:26", nil),                     // no month 13
        ("d.M.yyyy", "1.12.2010", "2010-12-01T00:00:00Z"),
        ("dd/MM/yyyy HH:mm:ss", "03/01/2024 09:15:00", "2024-01-03T09:15:00Z"),
        ("dd/MM/yyyy HH:mm:ss", "3/01/2024 09:15:00", nil),            // dd takes exactly two digits
        ("dd/MM/yyyy HH:mm:ss", "29/02/2023 09:15:00", nil),           // not a leap year
        ("M/d/yy h:mm a", "3/5/24 1:07 PM", "2024-03-05T13:07:00Z"),
        ("M/d/yy h:mm a", "3/5/24 12:07 am", "2024-03-05T00:07:00Z"),
        ("yyyy-MM-dd HH:mm:ss Z", "2024-03-15 10:22:01 -0400", "2024-03-15T14:22:01Z"),
        ("yyyy-MM-dd'T'HH:mm", "2024-03-15T10:22", "2024-03-15T10:22:00Z"),
        ("yyyy/MM/dd HH:mm:ss.S", "2024/03/15 10:22:01.250", "2024-03-15T10:22:01Z"),
    ]

    @Test func patterns() throws {
        for row in Self.rows {
            let pattern = try #require(DatePattern(row.pattern), "\(row.pattern)")
            #expect(parse(row.value, .pattern(pattern)) == row.utc.map(seconds), "\(row.value) as \(row.pattern)")
        }
        #expect(DatePattern("HH:mm") == nil, "a pattern needs a year, month and day")
        #expect(DatePattern("h:mm d/M/yyyy") == nil, "h needs a")
        #expect(DateFormat(config: "epoch") == .epochSeconds && DateFormat(config: "M/d/yyyy") != nil && DateFormat(config: "Q/yyyy") == nil)
    }

    @Test func offsetsAndZones() {
        #expect(parse("2024-03-15 10:22:01 -0400", .auto) == seconds("2024-03-15T14:22:01Z"))
        #expect(parse("2024-03-15T10:22:01+05:30", .iso8601) == seconds("2024-03-15T04:52:01Z"))
        // A time without an offset is in the zone; one with an offset keeps it.
        #expect(parse("2024-07-01 12:00", .auto, zone: "Europe/London") == seconds("2024-07-01T11:00:00Z"))
        #expect(parse("2024-01-01 12:00", .auto, zone: "Europe/London") == seconds("2024-01-01T12:00:00Z"))
        #expect(parse("2024-07-01 12:00 +0000", .auto, zone: "Europe/London") == seconds("2024-07-01T12:00:00Z"))
        #expect(parse("2024-07-01", .auto, zone: "America/New_York") == seconds("2024-07-01T04:00:00Z"))
        // Slash dates are never guessed: without a pattern they are not read.
        #expect(parse("12/1/2010 8:26", .auto) == nil)
    }

    static let lines: [(quantity: String, price: String, cents: Int64?)] = [
        ("6", "2.55", 1_530), ("48", "0.65", 3_120), ("-1", "4.65", -465), ("3", "0.125", 38), ("-3", "0.125", -38),
        ("0.5", "1.99", 100), ("1", "0.004", 0), ("2", "10", 2_000), ("1e3", "1", nil), ("999999999999", "99999999", nil),
    ]

    @Test func lineAmountsAreExact() {
        func decimal(_ text: String) -> (units: Int64, scale: Int)? {
            var bytes = Array(text.utf8)
            return bytes.withUnsafeMutableBufferPointer { FieldParser.exactDecimal(UnsafeBufferPointer($0)) }
        }
        for row in Self.lines {
            let cents = decimal(row.quantity).flatMap { q in decimal(row.price).flatMap { FieldParser.productCents(q, $0) } }
            #expect(cents == row.cents, "\(row.quantity) × \(row.price)")
        }
    }
}

extension DatePatternTests {
    @Test func centuriesAndWidths() throws {
        let yy = try #require(DatePattern("M/d/yy"))
        #expect(parse("1/5/97", .pattern(yy)) == seconds("1997-01-05T00:00:00Z"))
        #expect(parse("1/5/24", .pattern(yy)) == seconds("2024-01-05T00:00:00Z"))
        // `H` followed by digits has no knowable width; `HH` does.
        #expect(DatePattern("yyyyMMdd Hmm") == nil)
        let fixed = try #require(DatePattern("yyyyMMdd HHmm"))
        #expect(parse("20240105 0930", .pattern(fixed)) == seconds("2024-01-05T09:30:00Z"))
    }

    @Test func daylightSavingChanges() {
        #expect(parse("2024-10-27 02:30", .auto, zone: "Europe/Berlin") == seconds("2024-10-27T01:30:00Z"))
        #expect(parse("2024-03-10 02:30", .auto, zone: "America/New_York") == seconds("2024-03-10T06:30:00Z"))
    }
}
