/// The behaviour planted in a generated customer (written to `truth.csv`).
public enum Persona: String, Sendable, Hashable, CaseIterable, Codable {
    /// Answers 67–85% of touches within 1–3 days, converts 25–40%, buys regularly, above-average baskets.
    case active
    /// Answers 10–25% of touches within 7–21 days, converts 5–15%, buys rarely, below-average baskets.
    case passive
    /// Ignores email (silent everywhere, or still answering SMS now and then), few event types, no
    /// feedback, stopped buying months ago; half are 55 or older and 30% live in Kazan.
    case leastEngaged = "least-engaged"
    /// Signed up in the last few weeks.
    case new
    /// Bought for a while, then stopped everything.
    case churned

    /// Share of generated customers.
    package var share: Double {
        switch self {
        case .active: return 0.20
        case .passive: return 0.35
        case .leastEngaged: return 0.25
        case .new: return 0.08
        case .churned: return 0.12
        }
    }
}
