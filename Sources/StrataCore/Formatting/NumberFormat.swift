import Foundation

/// How numbers read in text: thousands separators, fixed decimals, percentages, money and four
/// significant digits. Every sentence, table and report formats numbers through here.
public enum NumberFormat {
    /// Four significant digits.
    public static func significant(_ value: Double) -> String {
        guard value.isFinite, value != 0 else { return value.isFinite ? "0" : "-" }
        let places = max(0, min(10, 3 - Int(floor(log10(abs(value))))))
        return decimal(value, places)
    }

    /// An integer with thousands separators.
    public static func grouped(_ n: Int) -> String {
        let digits = String(n.magnitude)
        var out = ""
        for (i, ch) in digits.enumerated() {
            if i > 0, (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(ch)
        }
        return (n < 0 ? "-" : "") + out
    }

    /// Fixed decimals.
    public static func decimal(_ value: Double, _ places: Int) -> String {
        var buffer = CSVBuffer()
        buffer.fixed(value, places: places)
        return String(decoding: buffer.bytes, as: UTF8.self)
    }

    /// A share as a percentage with one decimal, rounded half away from zero on the share's
    /// decimal value (387 of 2,000 = 0.1935 is 19.4% everywhere, though 0.1935 × 100 is
    /// 19.349999… in binary).
    public static func percent(_ value: Double) -> String {
        guard value.isFinite else { return "-" }
        let tenths = ((value * 1000 * 1e6).rounded() / 1e6).rounded()
        return decimal(tenths / 10, 1) + "%"
    }

    /// Money with thousands separators and two decimals.
    public static func money(_ value: Double) -> String {
        let text = decimal(abs(value), 2)
        let parts = text.split(separator: ".")
        let whole = Int(parts.first ?? "0") ?? 0
        return (value < 0 && text != "0.00" ? "-" : "") + grouped(whole) + "." + (parts.count > 1 ? parts[1] : "00")
    }
}
