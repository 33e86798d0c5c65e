/// Time of day (seed 002, "the hour of day when the customer buys or opens"): the part of the day
/// (UTC) with most of the customer's orders and email opens or clicks.
public enum DaypartSegment: String, Sendable, Hashable, CaseIterable {
    case night, morning, afternoon, evening
    case anyTime = "any-time"
    case notEnoughData = "not-enough-data"
}

/// Thresholds of ``DaypartSegment``: `not-enough-data` below `minimumActions` timed actions;
/// the band night 0–6, morning 6–12, afternoon 12–18 or evening 18–24 holding at least
/// `bandFrom` of them (a quarter by chance); `any-time` otherwise.
public struct DaypartThresholds: Sendable, Hashable {
    /// Twenty: with fewer, half of them in one of four bands happens by chance too often.
    public var minimumActions = 20.0
    public var bandFrom = 0.5

    public init() {}

    public func segment(of c: Int, in f: CustomerFeatures) -> DaypartSegment {
        let timed = Double(f.timedActions[c])
        guard timed >= minimumActions, f.topDaypart[c] >= 0 else { return .notEnoughData }
        guard Double(f.topDaypartActions[c]) / timed >= bandFrom else { return .anyTime }
        return [.night, .morning, .afternoon, .evening][Int(f.topDaypart[c])]
    }
}
