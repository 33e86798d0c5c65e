extension PurchaseModelKind {
    /// One customer's story under the model with `parameters`: repeat purchases and the time of
    /// the last one within (0, T]; with `limit`, the story stops once it has that many.
    package func simulatedHistory(parameters: [Double], age T: Double, limit: Int = .max, random: inout SeededRandom) -> (Int, Double) {
        let r = parameters[0], alpha = parameters[1]
        let lambda = random.gamma(shape: r, rate: alpha)
        var x = 0, t = 0.0, last = 0.0
        switch self {
        case .bgNBD, .mbgNBD:
            let p = random.beta(parameters[2], parameters[3])
            if self == .mbgNBD, random.chance(p) { return (0, 0) }
            while true {
                t += random.exponential(mean: 1 / lambda)
                if t > T { break }
                x += 1
                last = t
                if x >= limit || random.chance(p) { break }
            }
        case .paretoNBD:
            let mu = random.gamma(shape: parameters[2], rate: parameters[3])
            let end = min(T, random.exponential(mean: 1 / mu))
            while true {
                t += random.exponential(mean: 1 / lambda)
                if t > end { break }
                x += 1
                last = t
                if x >= limit { break }
            }
        }
        return (x, last)
    }
}
