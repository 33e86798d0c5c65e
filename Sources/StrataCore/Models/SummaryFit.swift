/// A lifetime model fitted to per-customer summaries (`strata fit`): a purchase model, with its
/// population curve when asked, or the Gamma-Gamma spend model.
public struct SummaryFit: Sendable {
    /// Which model to fit.
    public enum Model: Sendable, Hashable, CaseIterable, RawRepresentable {
        case purchase(PurchaseModelKind)
        case gammaGamma

        public static var allCases: [Model] { PurchaseModelKind.allCases.map(Model.purchase) + [.gammaGamma] }

        public init?(rawValue: String) {
            if rawValue == GammaGamma.name { self = .gammaGamma } else if let kind = PurchaseModelKind(rawValue: rawValue) {
                self = .purchase(kind)
            } else {
                return nil
            }
        }

        public var rawValue: String {
            switch self {
            case let .purchase(kind): return kind.rawValue
            case .gammaGamma: return GammaGamma.name
            }
        }
    }

    public var fit: ModelFit
    /// Expected purchases of a new customer at t = 1…n; empty for the spend model or without a curve.
    public var newCustomerCurve: [Double] = []

    public init(_ summaries: PurchaseSummaries, model: Model, penalty: Double = 0, curveLength: Int? = nil) throws(ModelError) {
        switch model {
        case let .purchase(kind):
            let (purchaseModel, fit) = try ModelFitter.fit(kind, summaries, penalty: penalty)
            self.fit = fit
            if let curveLength { newCustomerCurve = purchaseModel.newCustomerCurve(through: curveLength) }
        case .gammaGamma:
            fit = try ModelFitter.fitSpend(summaries, penalty: penalty).fit
        }
    }
}
