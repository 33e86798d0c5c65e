import Foundation

/// A model of how often customers buy and when they silently stop (the "buy till you die"
/// family). Times are in the unit of the summaries the model was fitted on.
public protocol PurchaseModel: Sendable {
    /// The command-line name, e.g. `bg-nbd`.
    static var name: String { get }
    /// Parameter names in the order of ``parameters``; the first two are the purchase-rate
    /// gamma mixing shape `r` and scale `alpha` in every model of the family.
    static var parameterNames: [String] { get }
    var parameters: [Double] { get }
    init(parameters: [Double])

    /// Log-likelihood of all grouped customers, and its gradient by parameter when asked.
    static func logLikelihood(_ parameters: [Double], _ data: SummaryGroups, gradient: Bool) -> (value: Double, gradient: [Double])

    /// Probability the customer is still active at the end of observation.
    func pAlive(frequency x: Double, recency tx: Double, age T: Double) -> Double

    /// Expected purchases in the next `t` time units of a customer known to be active at T (it
    /// does not depend on tₓ): E[Y(t)] = P(alive) · this.
    func expectedPurchasesIfAlive(_ t: Double, frequency x: Double, age T: Double) -> Double

    /// ``expectedPurchasesIfAlive(_:frequency:age:)`` at each of `times`, written to `out`.
    func expectedPurchasesIfAlive(at times: [Double], frequency x: Double, age T: Double, into out: UnsafeMutableBufferPointer<Double>)
}

extension PurchaseModel {
    public func expectedPurchasesIfAlive(at times: [Double], frequency x: Double, age T: Double,
                                         into out: UnsafeMutableBufferPointer<Double>) {
        for (k, t) in times.enumerated() { out[k] = expectedPurchasesIfAlive(t, frequency: x, age: T) }
    }

    package var r: Double { parameters[0] }
    package var alpha: Double { parameters[1] }

    /// Expected purchases in the next `t` time units.
    public func expectedPurchases(_ t: Double, frequency x: Double, recency tx: Double, age T: Double) -> Double {
        pAlive(frequency: x, recency: tx, age: T) * expectedPurchasesIfAlive(t, frequency: x, age: T)
    }

    /// Expected purchases of a new customer in their first `t` time units (the population curve).
    public func expectedPurchasesOfNewCustomer(_ t: Double) -> Double {
        expectedPurchases(t, frequency: 0, recency: 0, age: 0)
    }

    /// The population curve at t = 1…n: expected purchases of a new customer.
    public func newCustomerCurve(through n: Int) -> [Double] {
        (1...max(1, n)).map { expectedPurchasesOfNewCustomer(Double($0)) }
    }

    /// Median time until the next purchase of a customer who is and stays active: the purchase
    /// rate's posterior is Gamma(r + x, α + T), so P(wait ≤ w) = 1 − ((α+T)/(α+T+w))^(r+x).
    public func medianTimeToNextPurchase(frequency x: Double, age T: Double) -> Double {
        medianWaitToNextPurchase(r: r, alpha: alpha, frequency: x, age: T)
    }
}

/// ``PurchaseModel/medianTimeToNextPurchase(frequency:age:)`` from the purchase rate's shape r
/// and scale α alone, for loops over many customers (each read of a model's ``PurchaseModel/parameters``
/// copies the array's reference, which the threads then contend for).
package func medianWaitToNextPurchase(r: Double, alpha: Double, frequency x: Double, age T: Double) -> Double {
    (alpha + T) * expm1(M_LN2 / (r + x))
}

/// The purchase models Strata fits.
public enum PurchaseModelKind: String, CaseIterable, Sendable {
    case bgNBD = "bg-nbd"
    case paretoNBD = "pareto-nbd"
    case mbgNBD = "mbg-nbd"

    public var modelType: any PurchaseModel.Type {
        switch self {
        case .bgNBD: return BetaGeometricNBD.self
        case .paretoNBD: return ParetoNBD.self
        case .mbgNBD: return ModifiedBetaGeometricNBD.self
        }
    }
}
