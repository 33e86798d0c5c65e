/// Churn risk in three levels, read off the purchase model's P(alive) (docs/models.md):
/// `low` from 0.7, `medium` from 0.3, `high` below 0.3.
public enum ChurnRisk: String, Sendable, Hashable, CaseIterable {
    case low, medium, high

    /// P(alive) at or above which the risk is low.
    public static let lowFrom = 0.7
    /// P(alive) at or above which the risk is medium (below: high).
    public static let mediumFrom = 0.3

    /// The level of a P(alive); nil when it is not a number (no purchase).
    public init?(pAlive: Double) {
        guard pAlive.isFinite else { return nil }
        self = pAlive >= Self.lowFrom ? .low : pAlive >= Self.mediumFrom ? .medium : .high
    }
}
