import StrataCore
/// The snapshot days of a backfill: from a first day to a last day every N days, weeks or months.
/// Month steps keep the first day's day of month, capped at each month's end
/// (Jan 31 → Feb 29 → Mar 31 → Apr 30 …); from a month's last day they step from month end to
/// month end (Apr 30 → May 31 → Jun 30).
public struct SnapshotSchedule: Sendable, Equatable {
    public var count: Int
    public var months: Bool

    /// Reads `"N days"`, `"N weeks"` or `"N months"` (singular too); nil otherwise.
    public init?(_ text: String) {
        let parts = text.split(separator: " ")
        guard parts.count == 2, let n = Int(parts[0]), n > 0 else { return nil }
        switch parts[1].lowercased() {
        case "day", "days": (count, months) = (n, false)
        case "week", "weeks": (count, months) = (7 * n, false)
        case "month", "months": (count, months) = (n, true)
        default: return nil
        }
    }

    /// The UTC day numbers from `first` to `last` inclusive.
    public func days(from first: Int64, to last: Int64) -> [Int64] {
        var days: [Int64] = []
        var index = 0
        while true {
            let day = self.day(index, from: first)
            guard day <= last else { return days }
            days.append(day)
            index += 1
        }
    }

    package func day(_ index: Int, from start: Int64) -> Int64 {
        guard months else { return start + Int64(count * index) }
        let (y, m, d) = Timestamp.civil(fromDays: start)
        let total = y * 12 + (m - 1) + count * index
        let year = total / 12, month = total % 12 + 1
        let monthEnd = !Timestamp.isValid(year: y, month: m, day: d + 1)
        var dd = monthEnd ? 31 : d
        while !Timestamp.isValid(year: year, month: month, day: dd) { dd -= 1 }
        return Timestamp.daysFromCivil(year: year, month: month, day: dd)
    }
}
