/// The lifetime models of an analysis: fits (times in days) and prediction settings.
public struct ModelsSummary: Sendable, Codable {
    public var purchase: ModelFit
    public var spend: ModelFit?
    public var spendProblem: String?
    public var horizonDays: Double
    public var discountRate: Double
    /// How the purchase model was chosen: the holdout comparison, or why there was none.
    public var selection: ModelSelection?
    /// The model checks the report plots (absent in files written by earlier versions).
    public var periodTransactions: PeriodTransactions?
    public var pAliveMatrix: PAliveMatrix?

    package enum CodingKeys: String, CodingKey {
        case purchase, spend
        case spendProblem = "spend_problem", horizonDays = "horizon_days", discountRate = "discount_rate", selection
        case periodTransactions = "period_transactions", pAliveMatrix = "p_alive_matrix"
    }

    public init(_ lifetime: LifetimeAnalysis) {
        purchase = lifetime.purchaseFit
        spend = lifetime.spendFit
        spendProblem = lifetime.spendProblem
        horizonDays = lifetime.settings.horizon
        discountRate = lifetime.settings.discountRate
        selection = lifetime.selection
        periodTransactions = lifetime.periodTransactions
        pAliveMatrix = lifetime.pAliveMatrix
    }
}
