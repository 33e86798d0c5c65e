/// Calendar arithmetic on UTC epoch seconds, with no Foundation formatter in the way.
///
/// Timestamps are `Int64` seconds since 1970-01-01T00:00:00Z; a calendar day is the UTC day
/// (`floor(seconds / 86400)`). Conversions use Howard Hinnant's civil-date algorithms, exact
/// for the proleptic Gregorian calendar.
public enum Timestamp {
    public static let secondsPerDay: Int64 = 86_400

    /// Days since 1970-01-01 for a civil date. `month` is 1–12, `day` 1–31.
    public static func daysFromCivil(year: Int, month: Int, day: Int) -> Int64 {
        let y = Int64(month <= 2 ? year - 1 : year)
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let m = Int64(month)
        let doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + Int64(day) - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// The civil date of a day number (days since 1970-01-01).
    public static func civil(fromDays days: Int64) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        let y = yoe + era * 400 + (m <= 2 ? 1 : 0)
        return (Int(y), Int(m), Int(d))
    }

    /// Whether `day` exists in that month (leap years included).
    public static func isValid(year: Int, month: Int, day: Int) -> Bool {
        guard (1...12).contains(month), day >= 1 else { return false }
        let lengths = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
        let length = month == 2 && leap ? 29 : lengths[month - 1]
        return day <= length
    }

    /// The UTC day number of a timestamp.
    @inline(__always)
    public static func day(_ seconds: Int64) -> Int64 {
        seconds >= 0 ? seconds / secondsPerDay : (seconds - secondsPerDay + 1) / secondsPerDay
    }

    /// The UTC hour of day, 0–23.
    @inline(__always)
    public static func hour(_ seconds: Int64) -> Int {
        Int((seconds - day(seconds) * secondsPerDay) / 3600)
    }

    /// The ISO weekday, 1 = Monday … 7 = Sunday.
    @inline(__always)
    public static func weekday(_ seconds: Int64) -> Int {
        // 1970-01-01 was a Thursday (ISO 4).
        let d = day(seconds)
        let r = ((d % 7) + 7 + 3) % 7
        return Int(r) + 1
    }

    /// `yyyy-MM-dd` for a day number.
    public static func isoDate(day: Int64) -> String {
        let c = civil(fromDays: day)
        return pad(c.year, 4) + "-" + pad(c.month, 2) + "-" + pad(c.day, 2)
    }

    /// The day number of a `yyyy-MM-dd` text (``isoDate(day:)``'s inverse); nil for anything else.
    public static func day(isoDate text: String) -> Int64? {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count >= 4, parts[1].count == 2, parts[2].count == 2,
              let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]),
              isValid(year: year, month: month, day: day) else { return nil }
        return daysFromCivil(year: year, month: month, day: day)
    }

    /// `yyyy-MM-ddTHH:mm:ssZ` for a timestamp.
    public static func isoDateTime(_ seconds: Int64) -> String {
        let d = day(seconds)
        let rest = seconds - d * secondsPerDay
        return isoDate(day: d) + "T" + pad(Int(rest / 3600), 2) + ":" + pad(Int(rest / 60 % 60), 2)
            + ":" + pad(Int(rest % 60), 2) + "Z"
    }

    private static func pad(_ value: Int, _ width: Int) -> String {
        let text = String(value)
        return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
    }
}
