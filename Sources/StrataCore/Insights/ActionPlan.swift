import Foundation

/// What to do with one segment: the playbook strategy chosen from its profile, worded with its
/// members' habits, with the evidence behind it.
public struct ActionPlan: Sendable, Codable, Hashable {
    public var segment: String
    public var size: Int
    public var strategy: String
    /// Priority rank within the scheme (nil when too small to rank).
    public var rank: Int?
    public var objective: String
    public var message: String
    public var offer: String
    public var channel: String
    /// Why this channel ("preferred by 54% of members who answer", or the playbook's choice).
    public var channelReason: String
    public var timing: String
    public var frequency: String
    public var kpi: String
    /// Extra steps for the causes of disengagement that hold.
    public var steps: [String]
    /// The segment's strongest findings against the rest.
    public var evidence: [String]

    /// The plan for a segment, or nil when no strategy applies (a playbook without a fallback).
    package init?(_ playbook: Playbook, contrast: SegmentContrast, habits: SegmentHabits, rank: Int?, causes: [String]) {
        var metrics = contrast.means
        for (name, value) in contrast.medians { metrics["median_" + name] = value }
        metrics["size"] = Double(contrast.size)
        metrics["share"] = contrast.share
        metrics["revenue_share"] = contrast.revenueShare
        metrics["rank"] = rank.map(Double.init)
        metrics["channel_share"] = habits.channelShare
        guard let strategy = playbook.strategy(for: contrast.segment, metrics: metrics) else { return nil }
        let preferred = strategy.channel == "preferred"
        let channel = preferred ? habits.channel ?? strategy.fallbackChannel : strategy.channel
        let values: [String: String] = [
            "segment": contrast.segment,
            "size": String(contrast.size),
            "channel": channel,
            "weekday": habits.weekday.map { SegmentHabits.weekdayNames[$0] } ?? "any day",
            "hour": habits.hour.map(SegmentHabits.clock) ?? "any hour",
            "category": habits.category ?? "their categories",
            "response_days": habits.medianResponseDays.map { NumberFormat.decimal($0, 1) + " days" } ?? "an unknown time",
        ]
        func fill(_ text: String) -> String {
            var out = text
            for (name, value) in values { out = out.replacingOccurrences(of: "{\(name)}", with: value) }
            return out
        }
        segment = contrast.segment
        size = contrast.size
        self.strategy = strategy.name
        self.rank = rank
        objective = fill(strategy.objective)
        message = fill(strategy.message)
        offer = fill(strategy.offer)
        self.channel = channel
        channelReason = !preferred ? "set by the playbook"
            : habits.channel == nil ? "no member has a preferred channel yet; the playbook's fallback"
            : "preferred by \(NumberFormat.percent(habits.channelShare ?? 0)) of members with a known channel"
        timing = strategy.timing == "preferred" ? Self.preferredTiming(habits) : fill(strategy.timing)
        frequency = fill(strategy.frequency)
        kpi = fill(strategy.kpi)
        steps = causes.compactMap { strategy.forCauses[$0].map(fill) }
        evidence = contrast.findings.prefix(3).map(\.sentence)
    }

    /// The members' most common weekday and hour, and how fast half of them answer.
    package static func preferredTiming(_ habits: SegmentHabits) -> String {
        var parts: [String] = []
        switch (habits.weekday, habits.hour) {
        case let (day?, hour?): parts.append("\(SegmentHabits.weekdayNames[day]) around \(SegmentHabits.clock(hour)), their most common day and hour")
        case let (day?, nil): parts.append("\(SegmentHabits.weekdayNames[day]), their most common day")
        default: parts.append("no usual day or hour yet: test send times")
        }
        if let days = habits.medianResponseDays {
            parts.append("half answer within \(NumberFormat.decimal(days, 1)) days, so follow up after \(NumberFormat.decimal(max(1, 2 * days), 0)) days")
        }
        return parts.joined(separator: "; ")
    }
}
