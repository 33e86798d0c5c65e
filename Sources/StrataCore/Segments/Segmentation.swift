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
        var thresholds = schemes.activity
        thresholds.newCustomerDays = settings.newCustomerDays
        let features = FeatureBuilder.compute(data, settings: settings)
        let scores = RFMScores(features)
        self.features = features
        self.scores = scores
        self.thresholds = thresholds
        self.schemes = SegmentScheme.allCases.filter { $0.unavailability(data) == nil }
        unavailable = Dictionary(uniqueKeysWithValues: SegmentScheme.allCases.compactMap { scheme in
            scheme.unavailability(data).map { (scheme, $0) }
        })
        // Without amounts, M is not known: the FM score is F.
        let monetary = features.hasAmounts ? scores.monetary : scores.frequency
        rfm = (0..<features.count).map {
            RFMSegment(r: Int(scores.recency[$0]), f: Int(scores.frequency[$0]), m: Int(monetary[$0]))
        }
        let signs = DisengagementSigns(features, thresholds: thresholds)
        self.signs = signs
        activity = (0..<features.count).map { thresholds.segment(of: $0, in: features, signs: signs.signs[$0]) }
        behaviour = BehaviourSegments(features, settings: schemes)
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
