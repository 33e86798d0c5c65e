/// One customer in a stored snapshot.
public struct SnapshotCustomer: Sendable, Hashable {
    public var customerID: String
    public var rfmSegment: String
    public var activitySegment: String
    /// nil in a snapshot stored before lifecycle stages were kept.
    public var lifecycleStage: String?
    public var orders: Int
    public var revenue: Double
    public var daysSinceLastPurchase: Int?
    public var engagementRate: Double?
    public var pAlive: Double?
    public var clv: Double?
    public var atRisk: Bool

    public init(customerID: String, rfmSegment: String, activitySegment: String, lifecycleStage: String?, orders: Int, revenue: Double,
                daysSinceLastPurchase: Int?, engagementRate: Double?, pAlive: Double?, clv: Double?, atRisk: Bool) {
        self.customerID = customerID
        self.rfmSegment = rfmSegment
        self.activitySegment = activitySegment
        self.lifecycleStage = lifecycleStage
        self.orders = orders
        self.revenue = revenue
        self.daysSinceLastPurchase = daysSinceLastPurchase
        self.engagementRate = engagementRate
        self.pAlive = pAlive
        self.clv = clv
        self.atRisk = atRisk
    }

    /// The schemes a snapshot keeps over time (movement, trends and alerts follow them).
    public static let keptSchemes: [SegmentScheme] = [.rfm, .activity, .lifecycle]

    /// The customer's segment in a kept scheme; nil for the others.
    public func segment(_ scheme: SegmentScheme) -> String? {
        switch scheme {
        case .rfm: return rfmSegment
        case .activity: return activitySegment
        case .lifecycle: return lifecycleStage
        case .email, .experience, .benefits, .usage, .occasion, .daypart, .cycle, .satisfaction, .loyalty, .interests, .status, .shopper:
            return nil
        }
    }

    /// Every customer of an analysis, as a snapshot keeps them.
    public static func all(_ customers: CustomerTable, _ s: Segmentation, lifetime: LifetimeAnalysis?) -> [SnapshotCustomer] {
        let f = s.features
        return (0..<f.count).map { c in
            let pAlive = lifetime.map { $0.predictions.pAlive[c] }.flatMap { $0.isNaN ? nil : $0 }
            let clv = lifetime.flatMap { $0.predictions.clv.isEmpty ? nil : $0.predictions.clv[c] }.flatMap { $0.isNaN ? nil : $0 }
            return SnapshotCustomer(customerID: customers.ids.string(c), rfmSegment: s.rfm[c].rawValue, activitySegment: s.activity[c].rawValue,
                                    lifecycleStage: s.segment(.lifecycle, c),
                                    orders: Int(f.orders[c]), revenue: Double(f.revenueCents[c]) / 100,
                                    daysSinceLastPurchase: f.daysSinceLastPurchase(c), engagementRate: f.engagementRate(c),
                                    pAlive: pAlive, clv: clv, atRisk: f.atRisk(c))
        }
    }
}
