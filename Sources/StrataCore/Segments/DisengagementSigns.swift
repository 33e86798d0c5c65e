/// The seed's behavioural signs of the least engaged, each measured per customer
/// (docs/features.md, "Least engaged"). Where the seed gives a number the sign uses it; where it
/// does not, the sign is relative to the customer base.
public struct DisengagementSign: OptionSet, Sendable, Hashable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    /// Answers under 10% of at least five touches, overall or on the channel the business uses
    /// most with the customer (below the seed's passive range, 10–25%; "emails unopened").
    public static let rareAnswers = DisengagementSign(rawValue: 1 << 0)
    /// Under 5% of at least five touches followed by a purchase (below passive's 5–15%).
    public static let lowConversion = DisengagementSign(rawValue: 1 << 1)
    /// No purchase for longer than 90 days and twice the usual gap, or none ever (`at_risk`).
    public static let purchaseGap = DisengagementSign(rawValue: 1 << 2)
    /// No NPS answer, review or support ticket ever: silence is detachment, not satisfaction.
    public static let noFeedback = DisengagementSign(rawValue: 1 << 3)
    /// Fewer kinds of activity than most customers: below the base's median and at most its
    /// lower quartile (among customers with any activity).
    public static let shallowUse = DisengagementSign(rawValue: 1 << 4)
    /// No activity at all (order, response, visit, …) for the silence threshold (120 days).
    public static let longSilence = DisengagementSign(rawValue: 1 << 5)
    /// Answers mostly on a channel that carries under 10% of the business's touches.
    public static let offChannel = DisengagementSign(rawValue: 1 << 6)

    /// Every sign with its name (as `least_engaged_reasons` writes it), in this order.
    public static let all: [(DisengagementSign, String)] = [
        (.rareAnswers, "rare_answers"), (.lowConversion, "low_conversion"), (.purchaseGap, "purchase_gap"),
        (.noFeedback, "no_feedback"), (.shallowUse, "shallow_use"), (.longSilence, "long_silence"), (.offChannel, "off_channel"),
    ]

    /// How many signs are present.
    public var count: Int { rawValue.nonzeroBitCount }

    /// The names of the signs present, e.g. `rare_answers+no_feedback`.
    public var names: String { Self.namesBySet[Int(rawValue)] }

    /// Every set's names, by its raw value, made once (customers.csv writes one per customer).
    public static let namesBySet: [String] = (0..<128).map { bits in
        all.filter { DisengagementSign(rawValue: UInt8(bits)).contains($0.0) }.map(\.1).joined(separator: "+")
    }
}

/// Measures ``DisengagementSign`` for every customer of a feature table.
public struct DisengagementSigns: Sendable {
    /// Usage breadth at or below which use is shallow (see ``DisengagementSign/shallowUse``): the
    /// lower quartile, or one below the median when that is smaller; -1 (nobody) for an empty base.
    public var shallowBreadth: Int32
    /// Channels carrying under ``ActivityThresholds/minorChannelShare`` of the touches.
    public var minorChannels: Set<Int32>
    public var signs: [DisengagementSign]

    /// `shallowBreadth`: the base's (``shallowBreadth``), when `f` is not the whole base; nil: measured on `f`.
    public init(_ f: CustomerFeatures, thresholds t: ActivityThresholds, shallowBreadth base: Int32? = nil) {
        if let base {
            shallowBreadth = base
        } else {
            var breadths = (0..<f.count).filter { f.lastActivity[$0] != Int64.min }.map { f.activityTypes[$0] }
            breadths.sort()
            if breadths.isEmpty {
                shallowBreadth = -1
            } else {
                let median = breadths[breadths.count / 2], quartile = breadths[breadths.count / 4]
                shallowBreadth = min(quartile, median - 1)
            }
        }
        let totalTouches = f.channelTouches.reduce(0, +)
        minorChannels = Set(f.channelTouches.indices.filter { channel in
            Double(f.channelTouches[channel]) < t.minorChannelShare * Double(totalTouches)
        }.map(Int32.init))
        let shallow = shallowBreadth, minor = minorChannels
        let ranges = Parallel.ranges(f.count)
        signs = Parallel.map(ranges.count) { piece in
            ranges[piece].map { c in Self.measure(c, f, t, shallowBreadth: shallow, minorChannels: minor) }
        }.flatMap { $0 }
    }

    package static func measure(_ c: Int, _ f: CustomerFeatures, _ t: ActivityThresholds,
                                shallowBreadth: Int32, minorChannels: Set<Int32>) -> DisengagementSign {
        var s: DisengagementSign = []
        if f.touches[c] >= t.minimumTouches {
            let overall = f.engagementRate(c) ?? 1
            let main = f.mainChannelTouches[c] >= t.minimumTouches ? f.mainChannelEngagement(c) ?? 1 : 1
            if min(overall, main) < t.rareAnswersBelow { s.insert(.rareAnswers) }
            if let rate = f.conversionRate(c), rate < t.lowConversionBelow { s.insert(.lowConversion) }
        }
        if f.atRisk(c) { s.insert(.purchaseGap) }
        if f.feedbacks[c] == 0 { s.insert(.noFeedback) }
        if f.activityTypes[c] <= shallowBreadth { s.insert(.shallowUse) }
        if f.currentInactivityDays(c).map({ $0 >= t.inactiveDays }) ?? true { s.insert(.longSilence) }
        if f.preferredChannel[c] >= 0, minorChannels.contains(f.preferredChannel[c]) { s.insert(.offChannel) }
        return s
    }
}
