import Testing
@testable import StrataCore

/// Day numbers and their `yyyy-MM-dd` text, both ways.
@Suite struct TimestampTests {
    @Test func anISODateReadsBackToItsDay() {
        for day in [Int64(-1), 0, 59, 10_407, 19_904, 2_932_896] {
            #expect(Timestamp.day(isoDate: Timestamp.isoDate(day: day)) == day)
        }
        #expect(Timestamp.day(isoDate: "2024-02-29") == Timestamp.daysFromCivil(year: 2024, month: 2, day: 29))
    }

    @Test func otherTextIsNoDay() {
        for text in ["", "2024-02-30", "2023-02-29", "2024-13-01", "2024-1-01", "24-01-01", "2024-01-01T00:00:00Z", "2024/01/01", "abcd-ef-gh"] {
            #expect(Timestamp.day(isoDate: text) == nil, "\(text)")
        }
    }
}
