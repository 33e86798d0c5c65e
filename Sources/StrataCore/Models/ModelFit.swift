import Foundation

/// The result of a maximum-likelihood fit: estimates, log-likelihood, standard errors and how
/// the optimiser fared.
public struct ModelFit: Sendable {
    public var model: String
    public var parameterNames: [String]
    public var parameters: [Double]
    /// Total log-likelihood of the fitted customers at the estimates (without the penalty).
    public var logLikelihood: Double
    public var converged: Bool
    public var iterations: Int
    /// From the inverse Hessian of the log-likelihood; NaN where it is not positive definite.
    public var standardErrors: [Double]
    public var customers: Int
    public var penalty: Double

    package enum CodingKeys: String, CodingKey {
        case model, params, converged, iterations, customers, penalty
        case logLikelihood = "log_likelihood", standardErrors = "std_errors"
    }
}

/// JSON: `{"model":…, "params":{…}, "log_likelihood":…, "converged":…, "iterations":…,
/// "std_errors":{…}, "customers":…, "penalty":…}`; a standard error that cannot be computed is null.
extension ModelFit: Codable {
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(model, forKey: .model)
        try c.encode(Dictionary(uniqueKeysWithValues: zip(parameterNames, parameters)), forKey: .params)
        try c.encode(logLikelihood, forKey: .logLikelihood)
        try c.encode(converged, forKey: .converged)
        try c.encode(iterations, forKey: .iterations)
        try c.encode(Dictionary(uniqueKeysWithValues: zip(parameterNames, standardErrors.map { $0.isFinite ? $0 : nil })),
                     forKey: .standardErrors)
        try c.encode(customers, forKey: .customers)
        try c.encode(penalty, forKey: .penalty)
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        model = try c.decode(String.self, forKey: .model)
        parameterNames = Self.parameterNames(of: model)
        let params = try c.decode([String: Double].self, forKey: .params)
        let errors = try c.decode([String: Double?].self, forKey: .standardErrors)
        parameters = parameterNames.map { params[$0] ?? .nan }
        standardErrors = parameterNames.map { (errors[$0] ?? nil) ?? .nan }
        logLikelihood = try c.decode(Double.self, forKey: .logLikelihood)
        converged = try c.decode(Bool.self, forKey: .converged)
        iterations = try c.decode(Int.self, forKey: .iterations)
        customers = try c.decode(Int.self, forKey: .customers)
        penalty = try c.decode(Double.self, forKey: .penalty)
    }

    package static func parameterNames(of model: String) -> [String] {
        if model == GammaGamma.name { return GammaGamma.parameterNames }
        return PurchaseModelKind(rawValue: model)?.modelType.parameterNames ?? []
    }

    /// Pretty, key-sorted JSON.
    public func json() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return try encoder.encode(self)
    }
}

/// Maximum-likelihood fitting of the lifetime models.
///
/// Parameters are optimised on the log scale (so they stay positive) by ``Minimizer``. The
/// objective is the mean negative log-likelihood plus `penalty · Σ θ²` over the parameters θ
/// (an L2 penalty on the natural scale, as in the `lifetimes` package); 0 means plain MLE.
public enum ModelFitter {
    /// Fits a purchase model to the summaries (all customers).
    public static func fit(_ kind: PurchaseModelKind, _ summaries: PurchaseSummaries, penalty: Double = 0)
        throws(ModelError) -> (model: any PurchaseModel, fit: ModelFit) {
        try summaries.validate()
        guard summaries.count > 0 else { throw .noCustomers }
        guard summaries.frequency.contains(where: { $0 > 0 }) else { throw .noRepeatBuyers(customers: summaries.count) }
        let type = kind.modelType
        let meanAge = max(summaries.age.reduce(0, +) / Double(summaries.count), 1e-6)
        let start = [1, meanAge, 1, kind == .paretoNBD ? meanAge : 1]
        let fit = estimate(name: type.name, names: type.parameterNames, start: start, customers: summaries.count,
                           penalty: penalty) { stride in
            let data = SummaryGroups(summaries, where: { $0 % stride == 0 })
            return (data.customers, { type.logLikelihood($0, data, gradient: $1) })
        }
        return (type.init(parameters: fit.parameters), fit)
    }

    /// Fits the Gamma-Gamma spend model to the repeat buyers (frequency > 0).
    public static func fitSpend(_ summaries: PurchaseSummaries, penalty: Double = 0) throws(ModelError) -> (model: GammaGamma, fit: ModelFit) {
        try summaries.validate()
        guard summaries.hasMonetary else { throw .missingMonetary }
        if let i = (0..<summaries.count).first(where: { summaries.frequency[$0] > 0 && !(summaries.monetary[$0] > 0 && summaries.monetary[$0].isFinite) }) {
            throw .nonPositiveSpend(customer: summaries.name(i), value: summaries.monetary[i])
        }
        let all = SpendGroups(summaries)
        guard all.customers > 0 else {
            throw summaries.count == 0 ? .noCustomers : .noRepeatBuyers(customers: summaries.count)
        }
        let meanSpend = (0..<all.count).reduce(0) { $0 + all.monetary[$1] * all.weight[$1] } / all.customers
        let fit = estimate(name: GammaGamma.name, names: GammaGamma.parameterNames, start: [1, 2, meanSpend],
                           customers: Int(all.customers), penalty: penalty) { stride in
            let data = stride == 1 ? all : SpendGroups(summaries, where: { $0 % stride == 0 })
            return (data.customers, { GammaGamma.logLikelihood($0, data, gradient: $1) })
        }
        return (GammaGamma(parameters: fit.parameters), fit)
    }

    package typealias LogLikelihood = (_ parameters: [Double], _ gradient: Bool) -> (value: Double, gradient: [Double])
    /// Builds the log-likelihood of every `stride`-th customer (1: all), and says how many
    /// customers it covers.
    package typealias Data = (_ stride: Int) -> (customers: Double, logLikelihood: LogLikelihood)

    /// Above twice this many customers the optimiser first converges on an evenly spaced sample of
    /// about this size, then finishes on all customers from there (the mean log-likelihood's
    /// curvature is the same, so a few full iterations remain).
    package static let sampleSize = 10_000

    package static func estimate(name: String, names: [String], start: [Double], customers total: Int, penalty: Double,
                         _ data: Data) -> ModelFit {
        func objective(_ customers: Double, _ logLikelihood: @escaping LogLikelihood) -> Minimizer.Objective {
            return { phi in
                let theta = phi.map { exp($0) }
                guard theta.allSatisfy({ $0.isFinite && $0 > 0 }) else { return (.infinity, phi.map { _ in .nan }) }
                let (ll, g) = logLikelihood(theta, true)
                let value = -ll / customers + penalty * theta.reduce(0) { $0 + $1 * $1 }
                let gradient = theta.indices.map { (-g[$0] / customers + 2 * penalty * theta[$0]) * theta[$0] }
                return (value.isNaN ? .infinity : value, gradient)
            }
        }
        var point = start.map { log($0) }
        var curvature: [[Double]]?
        var iterations = 0
        if total > 2 * sampleSize {
            let stride = total / sampleSize
            let sample = data(stride)
            if sample.customers > 0 {
                let warm = Minimizer().minimize(objective(sample.customers, sample.logLikelihood), from: point)
                if warm.value.isFinite {
                    point = warm.point
                    curvature = warm.inverseHessian
                    iterations += warm.iterations
                }
            }
        }
        let full = data(1)
        let minimum = Minimizer().minimize(objective(full.customers, full.logLikelihood), from: point, inverseHessian: curvature)
        let theta = minimum.point.map { exp($0) }
        return ModelFit(
            model: name, parameterNames: names, parameters: theta,
            logLikelihood: full.logLikelihood(theta, false).value, converged: minimum.converged,
            iterations: iterations + minimum.iterations, standardErrors: standardErrors(theta, full.logLikelihood),
            customers: Int(full.customers), penalty: penalty)
    }

    /// Square roots of the diagonal of the inverse observed information (the negative Hessian of
    /// the log-likelihood, by forward differences of its gradient).
    package static func standardErrors(_ theta: [Double], _ logLikelihood: LogLikelihood) -> [Double] {
        let n = theta.count
        var hessian = [[Double]](repeating: [Double](repeating: 0, count: n), count: n)
        let g0 = logLikelihood(theta, true).gradient
        for j in 0..<n {
            let h = 1e-5 * theta[j]
            var up = theta
            up[j] += h
            let gUp = logLikelihood(up, true).gradient
            for i in 0..<n { hessian[i][j] = -(gUp[i] - g0[i]) / h }
        }
        for i in 0..<n { for j in 0..<i { hessian[i][j] = (hessian[i][j] + hessian[j][i]) / 2; hessian[j][i] = hessian[i][j] } }
        guard let covariance = SmallMatrix.inverse(hessian) else { return Array(repeating: .nan, count: n) }
        return (0..<n).map { covariance[$0][$0] > 0 ? covariance[$0][$0].squareRoot() : .nan }
    }
}
