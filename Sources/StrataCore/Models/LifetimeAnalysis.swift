/// The lifetime models fitted to a customer table: a purchase model on every customer with a
/// purchase, the Gamma-Gamma spend model on repeat buyers with a positive repeat spend, and
/// predictions for every customer (NaN for customers without a purchase). Times are in days.
public struct LifetimeAnalysis: Sendable {
    public var purchaseFit: ModelFit
    /// nil when the spend model could not be fitted; ``spendProblem`` says why.
    public var spendFit: ModelFit?
    public var spendProblem: String?
    /// Repeat buyers left out of the spend fit because their repeat purchases sum to ≤ 0.
    public var excludedFromSpend = 0
    /// One entry per customer of the feature table.
    public var predictions: CustomerPredictions
    public var settings: PredictionSettings
    /// How the purchase model was chosen (nil when it was fitted directly).
    public var selection: ModelSelection?
    /// Customers by repeat purchases, observed and as the fitted model makes them.
    public var periodTransactions: PeriodTransactions
    /// The fitted model's P(alive) over repeat purchases × days since the last purchase.
    public var pAliveMatrix: PAliveMatrix
    /// The fitted purchase model.
    public var purchaseModel: any PurchaseModel
    /// The fitted spend model, when there is one.
    public var spendModel: GammaGamma?

    public init(_ features: CustomerFeatures, kind: PurchaseModelKind = .bgNBD, penalty: Double = 0,
                settings: PredictionSettings) throws(ModelError) {
        let (buyers, rows) = PurchaseSummaries.buyers(of: features, timeUnitDays: 1)
        try self.init(buyers: buyers, rows: rows, count: features.count, hasAmounts: features.hasAmounts, kind: kind,
                      penalty: penalty, settings: settings)
    }

    /// The models fitted on the summaries of the customers with a purchase (`buyers`, in days),
    /// with predictions placed at `rows` of a table of `count` customers — how an engine that
    /// computed the summaries (docs/scale-out.md) fits the same models.
    public init(buyers: PurchaseSummaries, rows: [Int], count: Int, hasAmounts: Bool, kind: PurchaseModelKind = .bgNBD,
                penalty: Double = 0, settings: PredictionSettings) throws(ModelError) {
        let (model, fit) = try ModelFitter.fit(kind, buyers, penalty: penalty)
        purchaseFit = fit
        self.settings = settings

        var spend: GammaGamma?
        if hasAmounts {
            let fitted = SpendFit(buyers, penalty: penalty)
            spend = fitted.model
            spendFit = fitted.fit
            spendProblem = fitted.problem
            excludedFromSpend = fitted.excluded
        } else {
            spendProblem = "the orders have no amounts"
        }
        periodTransactions = PeriodTransactions(buyers, kind: kind, parameters: fit.parameters)
        pAliveMatrix = PAliveMatrix(model: model, summaries: buyers)
        purchaseModel = model
        spendModel = spend
        let predicted = CustomerPredictions(model: model, spend: spend, summaries: buyers, settings: settings)
        predictions = predicted.scattered(to: rows, count: count)
    }

    /// The models fitted on a whole customer base, applied to other customers' features (the live
    /// service's customers who changed since the fit): the fits and diagnostics are the base's,
    /// the predictions those of `features`.
    public init(applying fitted: LifetimeAnalysis, to features: CustomerFeatures) {
        self = fitted
        let (buyers, rows) = PurchaseSummaries.buyers(of: features, timeUnitDays: 1)
        predictions = CustomerPredictions(model: fitted.purchaseModel, spend: fitted.spendModel, summaries: buyers, settings: fitted.settings)
            .scattered(to: rows, count: features.count)
    }
}

extension LifetimeAnalysis {
    /// Each customer's P(alive) `days` from as-of if they buy nothing until then (NaN without a
    /// purchase): where the lifecycle stages are heading.
    public func pAlive(inDays days: Double, _ f: CustomerFeatures) -> [Double] {
        let ranges = Parallel.ranges(f.count, minimumSize: 4096)
        return Parallel.map(ranges.count) { piece in
            ranges[piece].map { c -> Double in
                guard let x = f.repeatPurchases(c), let tx = f.btydRecencyDays(c), let T = f.tenureDays(c) else { return .nan }
                return purchaseModel.pAlive(frequency: Double(x), recency: Double(tx), age: Double(T) + days)
            }
        }.flatMap { $0 }
    }
}

extension PurchaseSummaries {
    /// The summaries of the customers with a purchase, and each one's customer index:
    /// x = repeat purchase days, tₓ and T in units of `timeUnitDays` days, monetary = average
    /// value of a repeat purchase day (0 without repeats).
    package static func buyers(of f: CustomerFeatures, timeUnitDays: Double) -> (PurchaseSummaries, [Int]) {
        var s = PurchaseSummaries(frequency: [], recency: [], age: [], monetary: [])
        var rows: [Int] = []
        for c in 0..<f.count {
            guard let x = f.repeatPurchases(c), let tx = f.btydRecencyDays(c), let T = f.tenureDays(c) else { continue }
            rows.append(c)
            s.frequency.append(Double(x))
            s.recency.append(Double(tx) / timeUnitDays)
            s.age.append(Double(T) / timeUnitDays)
            s.monetary.append(f.averageRepeatPurchaseValue(c) ?? 0)
        }
        return (s, rows)
    }
}

extension CustomerPredictions {
    /// The predictions placed at `rows` of a table of `count` customers; NaN elsewhere.
    package func scattered(to rows: [Int], count: Int) -> CustomerPredictions {
        func spread(_ values: [Double]) -> [Double] {
            guard !values.isEmpty else { return [] }
            var out = [Double](repeating: .nan, count: count)
            for (i, row) in rows.enumerated() { out[row] = values[i] }
            return out
        }
        var out = CustomerPredictions()
        out.pAlive = spread(pAlive)
        out.expectedPurchases = spread(expectedPurchases)
        out.nextPurchaseIn = spread(nextPurchaseIn)
        out.expectedAverageSpend = spread(expectedAverageSpend)
        out.clv = spread(clv)
        return out
    }
}
