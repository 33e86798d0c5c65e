/// Each customer's purchase history reduced to what the lifetime models read, in one time unit
/// (days, weeks, …): `frequency` x = repeat purchases (purchase periods after the first),
/// `recency` tₓ = time from the first to the last purchase, `age` T = time from the first
/// purchase to the end of observation, and optionally `monetary` = average value of the
/// repeat purchases (the Gamma-Gamma input).
public struct PurchaseSummaries: Sendable {
    public var ids: [String]
    public var frequency: [Double]
    public var recency: [Double]
    public var age: [Double]
    /// Empty when no monetary values were given.
    public var monetary: [Double]

    public init(ids: [String] = [], frequency: [Double], recency: [Double], age: [Double], monetary: [Double] = []) {
        self.ids = ids
        self.frequency = frequency
        self.recency = recency
        self.age = age
        self.monetary = monetary
    }

    public var count: Int { frequency.count }
    public var hasMonetary: Bool { !monetary.isEmpty }

    /// The customer's id, or `row N` (1-based) when the summaries carry no ids.
    public func name(_ i: Int) -> String { ids.isEmpty ? "row \(i + 1)" : ids[i] }

    /// Checks what the purchase models assume: x a whole number ≥ 0, 0 ≤ tₓ ≤ T, tₓ = 0 when
    /// x = 0, all finite. Throws for the first customer that breaks a rule.
    public func validate() throws(ModelError) {
        for i in 0..<count {
            let x = frequency[i], tx = recency[i], t = age[i]
            func fail(_ field: String, _ value: Double, _ rule: String) -> ModelError {
                .invalidSummary(customer: name(i), field: field, value: value, rule: rule)
            }
            guard x.isFinite, x >= 0, x == x.rounded() else {
                throw fail("frequency", x, "a whole number of repeat purchases ≥ 0")
            }
            guard tx.isFinite, tx >= 0 else { throw fail("recency", tx, "a time ≥ 0") }
            guard t.isFinite, t >= 0 else { throw fail("T", t, "a time ≥ 0") }
            guard tx <= t else { throw fail("recency", tx, "recency ≤ T (\(t))") }
            guard x > 0 || tx == 0 else { throw fail("recency", tx, "0 when frequency is 0") }
        }
    }
}
