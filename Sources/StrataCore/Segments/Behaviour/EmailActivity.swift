/// Email activity (seed 002, "reads actively / sometimes / never"): the share of the emails sent
/// to the customer that they opened or clicked within the response window.
public enum EmailActivitySegment: String, Sendable, Hashable, CaseIterable {
    case readsActively = "reads-actively"
    case readsSometimes = "reads-sometimes"
    case neverReads = "never-reads"
    case notEnoughData = "not-enough-data"
}

/// Thresholds of ``EmailActivitySegment``. Rules, first match wins:
/// 1. `not-enough-data`: fewer than `minimumEmails` emails sent.
/// 2. `never-reads`: none of them opened or clicked.
/// 3. `reads-actively`: at least `activelyFrom` of them opened or clicked.
/// 4. `reads-sometimes`: the rest.
public struct EmailActivityThresholds: Sendable, Hashable {
    /// Three emails: one unopened email says little, three unopened say "never".
    public var minimumEmails = 3.0
    /// Between the seed's passive (10–25% answered) and active (67–85%) readers.
    public var activelyFrom = 0.4

    public init() {}

    public func segment(of c: Int, in f: CustomerFeatures) -> EmailActivitySegment {
        guard Double(f.emailTouches[c]) >= minimumEmails, let rate = f.emailOpenRate(c) else { return .notEnoughData }
        if f.emailAnswered[c] == 0 { return .neverReads }
        return rate >= activelyFrom ? .readsActively : .readsSometimes
    }
}
