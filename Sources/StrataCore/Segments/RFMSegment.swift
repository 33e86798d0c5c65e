/// The named RFM segments, assigned from the R score and the FM score `⌈(F + M) / 2⌉`.
///
/// | segment | R | FM |
/// |---|---|---|
/// | Champions | 4–5 | 4–5 |
/// | Loyal Customers | 3–5 | 3–5 (not Champions) |
/// | Potential Loyalist | 4–5 | 2 |
/// | New Customers | 5 | 1 |
/// | Promising | 4 | 1 |
/// | Need Attention | 3 | 2 |
/// | About To Sleep | 3 | 1 |
/// | Can't Lose Them | 1 | 4–5 |
/// | At Risk | 1–2 | 3–5 (not Can't Lose Them) |
/// | Hibernating | 2 | 1–2 |
/// | Lost | 1 | 1–2 |
///
/// The table covers all 25 (R, FM) cells exactly once. Customers with no purchase are `noPurchase`.
public enum RFMSegment: String, Sendable, Hashable, CaseIterable, Codable {
    case champions = "Champions"
    case loyal = "Loyal Customers"
    case potentialLoyalist = "Potential Loyalist"
    case newCustomers = "New Customers"
    case promising = "Promising"
    case needAttention = "Need Attention"
    case aboutToSleep = "About To Sleep"
    case cantLoseThem = "Can't Lose Them"
    case atRisk = "At Risk"
    case hibernating = "Hibernating"
    case lost = "Lost"
    case noPurchase = "No Purchase"

    /// The segment of one customer's scores (0 scores mean no purchase).
    public init(r: Int, f: Int, m: Int) {
        guard r > 0, f > 0, m > 0 else { self = .noPurchase; return }
        let fm = (f + m + 1) / 2
        switch (r, fm) {
        case (4...5, 4...5): self = .champions
        case (3...5, 3...5): self = .loyal
        case (4...5, 2): self = .potentialLoyalist
        case (5, 1): self = .newCustomers
        case (4, 1): self = .promising
        case (3, 2): self = .needAttention
        case (3, 1): self = .aboutToSleep
        case (1, 4...5): self = .cantLoseThem
        case (1...2, 3...5): self = .atRisk
        case (2, _): self = .hibernating
        default: self = .lost
        }
    }
}
