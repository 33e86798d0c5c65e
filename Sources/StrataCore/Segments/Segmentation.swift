/// The features of every customer and their segment in each built-in scheme.
public struct Segmentation: Sendable {
    public var features: CustomerFeatures
    public var scores: RFMScores
    public var rfm: [RFMSegment]
    public var activity: [ActivitySegment]
    public var thresholds: ActivityThresholds
    /// Each customer's signs of disengagement (``DisengagementSign``).
    public var signs: DisengagementSigns
    /// The behavioural schemes' segments (seed 002).
    public var behaviour: BehaviourSegments
    /// The schemes this data set supports (``SegmentScheme/unavailability(_:)``), in registry order.
    public var schemes: [SegmentScheme]
    /// The schemes it does not, with why.
    public var unavailable: [SegmentScheme: String]

    /// Computes features, RFM scores and every scheme's labels.
    public init(_ data: Dataset, settings: FeatureSettings, schemes: SchemeSettings = SchemeSettings()) {
        self.init(FeatureBuilder.compute(data, settings: settings), of: data, settings: settings, schemes: schemes)
    }

    /// Every scheme's labels, from the `features` computed from `data` with `settings`.
    public init(_ features: CustomerFeatures, of data: Dataset, settings: FeatureSettings, schemes: SchemeSettings = SchemeSettings()) {
        self.init(features, scores: RFMScores(features), settings: settings, schemes: schemes,
                  available: SegmentScheme.allCases.filter { $0.unavailability(data) == nil },
                  unavailable: Dictionary(uniqueKeysWithValues: SegmentScheme.allCases.compactMap { scheme in
                      scheme.unavailability(data).map { (scheme, $0) }
                  }), base: nil)
    }

    /// Every scheme's labels from the features and RFM scores; `base`: the whole base's measures
    /// when these customers are not the whole base.
    private init(_ features: CustomerFeatures, scores: RFMScores, settings: FeatureSettings, schemes: SchemeSettings,
                 available: [SegmentScheme], unavailable: [SegmentScheme: String], base: Base?) {
        var thresholds = schemes.activity
        thresholds.newCustomerDays = settings.newCustomerDays
        self.features = features
        self.scores = scores
        self.thresholds = thresholds
        self.schemes = available
        self.unavailable = unavailable
        // Without amounts, M is not known: the FM score is F.
        let monetary = features.hasAmounts ? scores.monetary : scores.frequency
        rfm = (0..<features.count).map {
            RFMSegment(r: Int(scores.recency[$0]), f: Int(scores.frequency[$0]), m: Int(monetary[$0]))
        }
        let signs = DisengagementSigns(features, thresholds: thresholds, shallowBreadth: base?.shallowBreadth)
        self.signs = signs
        activity = (0..<features.count).map { thresholds.segment(of: $0, in: features, signs: signs.signs[$0]) }
        behaviour = BehaviourSegments(features, settings: schemes, base: base?.behaviour)
    }

    /// What a segmentation learnt from its whole customer base — the usual price levels, each
    /// channel's share of the touches, the RFM score boundaries, the breadth of shallow use,
    /// the behavioural schemes' ``BehaviourSegments/Base`` — so that a few customers can be
    /// segmented alone as an analysis of the whole base would segment them (the live service
    /// re-evaluates the customers a write changed this way). A customer of the base whose data
    /// did not change gets exactly the segments the base gave them.
    public struct Base: Sendable {
        var priceLevels: [String: Double]
        var allPurchasesPriceLevel: Double
        var channelTouches: [String: Int]
        var rfm: RFMScores.Reference
        var shallowBreadth: Int32
        var behaviour: BehaviourSegments.Base
        var schemes: [SegmentScheme]
        var unavailable: [SegmentScheme: String]
        var hasAmounts: Bool

        public init(_ s: Segmentation) {
            let f = s.features
            priceLevels = Dictionary(zip(f.categoryNames, f.priceLevels), uniquingKeysWith: { first, _ in first })
            allPurchasesPriceLevel = f.priceLevels.last ?? 0
            channelTouches = Dictionary(zip(f.channelNames, f.channelTouches), uniquingKeysWith: +)
            rfm = RFMScores.Reference(f)
            shallowBreadth = s.signs.shallowBreadth
            behaviour = s.behaviour.base
            schemes = s.schemes
            unavailable = s.unavailable
            hasAmounts = f.hasAmounts
        }
    }

    /// Segments the customers of `data` against a base (``Base``): their own features, the base's
    /// population measures.
    public init(_ data: Dataset, settings: FeatureSettings, schemes: SchemeSettings, base: Base) {
        let levels = data.orders.categories.map { base.priceLevels[$0] ?? base.allPurchasesPriceLevel } + [base.allPurchasesPriceLevel]
        var features = FeatureBuilder.compute(data, settings: settings, priceLevels: levels)
        features.hasAmounts = base.hasAmounts
        features.channelTouches = features.channelNames.map { base.channelTouches[$0] ?? 0 }
        self.init(features, scores: RFMScores(features, against: base.rfm), settings: settings, schemes: schemes,
                  available: base.schemes, unavailable: base.unavailable, base: base)
    }

    /// Customer c's segment in a scheme.
    public func segment(_ scheme: SegmentScheme, _ c: Int) -> String {
        switch scheme {
        case .rfm: return rfm[c].rawValue
        case .activity: return activity[c].rawValue
        case .email, .experience, .lifecycle, .benefits, .usage, .occasion, .daypart, .cycle, .satisfaction, .loyalty, .interests, .status, .shopper:
            return behaviour.segment(scheme, c)
        }
    }

    /// The segment names of a scheme, in display order, and each customer's index into them.
    public func labels(_ scheme: SegmentScheme) -> (names: [String], codes: [Int]) {
        switch scheme {
        case .rfm:
            let all = RFMSegment.allCases
            return (all.map(\.rawValue), rfm.map { all.firstIndex(of: $0) ?? 0 })
        case .activity:
            let all = ActivitySegment.allCases
            return (all.map(\.rawValue), activity.map { all.firstIndex(of: $0) ?? 0 })
        case .email, .experience, .lifecycle, .benefits, .usage, .occasion, .daypart, .cycle, .satisfaction, .loyalty, .interests, .status, .shopper:
            return (behaviour.names(scheme), behaviour.codes(scheme).map(Int.init))
        }
    }
}
