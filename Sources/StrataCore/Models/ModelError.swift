/// Why a lifetime model cannot be fitted or applied to the given summaries.
public enum ModelError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A customer's summary breaks a model assumption.
    case invalidSummary(customer: String, field: String, value: Double, rule: String)
    /// Nothing to fit on.
    case noCustomers
    /// Every customer is a one-time buyer: repeat-purchase rates cannot be estimated.
    case noRepeatBuyers(customers: Int)
    /// Gamma-Gamma needs a positive average spend for each repeat buyer.
    case nonPositiveSpend(customer: String, value: Double)
    /// Gamma-Gamma was asked to fit without monetary values.
    case missingMonetary
    /// The fitted spend model has q ≤ 1: its mean spend is infinite.
    case unboundedSpend(q: Double)

    public var description: String {
        switch self {
        case let .invalidSummary(customer, field, value, rule):
            return "customer \(customer): \(field) = \(value): expected \(rule)"
        case .noCustomers:
            return "no customers to fit: the summary is empty"
        case let .noRepeatBuyers(customers):
            return "all \(customers) customers are one-time buyers (frequency 0): repeat-purchase rates cannot be estimated"
        case let .nonPositiveSpend(customer, value):
            return "customer \(customer): monetary_value = \(value): expected an average spend > 0 for a repeat buyer (Gamma-Gamma)"
        case .missingMonetary:
            return "gamma-gamma needs a monetary_value (or zbar) column"
        case let .unboundedSpend(q):
            return "the fitted spend model has q = \(q) ≤ 1: its expected spend is unbounded; check the monetary values"
        }
    }
}
