/// Every customer's segment in each behavioural scheme (seed 002), as codes into the scheme's
/// segment names, with what the lifecycle, loyalty and interests schemes compute beside them.
///
/// Loyalty tiers rank CLV when the lifetime models give it (``applyPredictions(_:pAlive:pAliveLater:clv:)``),
/// revenue until then; lifecycle stages use the purchase model's P(alive) when the user's history
/// is too short for their own state model.
public struct BehaviourSegments: Sendable {
    public var settings: SchemeSettings
    /// Codes into ``names(_:)`` by ``SegmentScheme/ordinal`` (empty for RFM and activity): arrays,
    /// not a dictionary, so that reading one customer's segment copies nothing.
    private var codesByScheme: [[UInt8]]
    /// Each scheme's segment names, once, by ordinal.
    private var segmentNames: [[String]] = []
    public var lifecycle: Lifecycle
    public var loyaltyFloors: LoyaltyThresholds.Floors
    /// Whether the loyalty tiers rank CLV (else revenue).
    public var loyaltyByCLV = false
    public var interests: Interests
    /// Each customer's behavioural satisfaction score (NaN: not enough data).
    public var satisfactionScore: [Double]

    /// What the schemes learn from the whole base (interests, the lifecycle state model and
    /// typical gap, the loyalty floors), to segment other customers as the base's analysis would.
    public struct Base: Sendable {
        public var interests: Interests
        public var lifecycleModel: LifecycleModel?
        public var typicalGap: Double
        public var loyaltyFloors: LoyaltyThresholds.Floors
    }

    /// What these segments learnt from their base.
    public var base: Base {
        Base(interests: interests, lifecycleModel: lifecycle.model, typicalGap: lifecycle.typicalGap, loyaltyFloors: loyaltyFloors)
    }

    /// Set when these customers are segmented with another base's ``Base``.
    private var frozen: Base?

    /// `base`: what another analysis of the whole base learnt, when `f` is not the whole base
    /// (the live service's changed customers); nil: learnt from `f`.
    public init(_ f: CustomerFeatures, settings: SchemeSettings, base: Base? = nil) {
        self.settings = settings
        frozen = base
        var codes: [SegmentScheme: [UInt8]] = [:]
        func assign<S: RawRepresentable & CaseIterable & Equatable>(_ scheme: SegmentScheme, _ rule: (Int) -> S) where S.RawValue == String {
            let all = Array(S.allCases)
            codes[scheme] = Parallel.mapEach(f.count) { c in UInt8(all.firstIndex(of: rule(c))!) }
        }
        assign(.email) { settings.email.segment(of: $0, in: f) }
        assign(.experience) { settings.experience.segment(of: $0, in: f) }
        assign(.benefits) { settings.benefits.segment(of: $0, in: f) }
        assign(.usage) { settings.usage.segment(of: $0, in: f) }
        assign(.occasion) { settings.occasion.segment(of: $0, in: f) }
        assign(.daypart) { settings.daypart.segment(of: $0, in: f) }
        assign(.cycle) { settings.cycle.segment(of: $0, in: f) }
        assign(.satisfaction) { settings.satisfaction.segment(of: $0, in: f) }
        assign(.shopper) { settings.shopper.segment(of: $0, in: f) }
        assign(.status) { UserStatusSegment(f.planStatus[$0] >= 0 ? PlanStatus(rawValue: f.planStatus[$0]) : nil) }
        satisfactionScore = (0..<f.count).map { settings.satisfaction.score(of: $0, in: f) ?? .nan }
        let interests = base?.interests ?? Interests(f)
        codes[.interests] = f.topCategory.map { interests.segment(ofTopCategory: $0) }
        self.interests = interests
        codesByScheme = SegmentScheme.allCases.map { codes[$0] ?? [] }
        segmentNames = SegmentScheme.allCases.map { $0 == .interests ? interests.names : $0.segmentNames }
        lifecycle = Lifecycle(f, pAlive: nil, pAliveLater: nil, thresholds: settings.lifecycle, base: base.map { ($0.lifecycleModel, $0.typicalGap) })
        loyaltyFloors = LoyaltyThresholds.Floors()
        setLifecycle(lifecycle)
        setLoyalty((0..<f.count).map { f.orders[$0] > 0 ? Double(f.revenueCents[$0]) / 100 : .nan }, byCLV: false)
    }

    /// Lifecycle stages from the purchase model's P(alive) now and `horizonDays` ahead (unless the
    /// state model was fitted), loyalty tiers by CLV (when the spend model gave one).
    public mutating func applyPredictions(_ f: CustomerFeatures, pAlive: [Double], pAliveLater: @autoclosure () -> [Double], clv: [Double]?) {
        if lifecycle.source != .stateModel {
            setLifecycle(Lifecycle(f, pAlive: pAlive, pAliveLater: pAliveLater(), thresholds: settings.lifecycle,
                                   base: frozen.map { ($0.lifecycleModel, $0.typicalGap) }))
        }
        if let clv, clv.count == f.count {
            setLoyalty((0..<f.count).map { f.orders[$0] > 0 ? (clv[$0].isNaN ? 0 : clv[$0]) : .nan }, byCLV: true)
        }
    }

    private mutating func setLifecycle(_ lifecycle: Lifecycle) {
        self.lifecycle = lifecycle
        let all = LifecycleStage.allCases
        codesByScheme[SegmentScheme.lifecycle.ordinal] = lifecycle.stage.map { UInt8(all.firstIndex(of: $0)!) }
    }

    private mutating func setLoyalty(_ value: [Double], byCLV: Bool) {
        let (tiers, floors) = frozen.map { base in (value.map { LoyaltyThresholds.tier($0, floors: base.loyaltyFloors) }, base.loyaltyFloors) }
            ?? settings.loyalty.tiers(value)
        let all = LoyaltyTier.allCases
        codesByScheme[SegmentScheme.loyalty.ordinal] = tiers.map { UInt8(all.firstIndex(of: $0)!) }
        loyaltyFloors = floors
        loyaltyByCLV = byCLV
    }

    /// A scheme's segment names in display order (interests: the most bought categories, `other`,
    /// `not-enough-data`).
    public func names(_ scheme: SegmentScheme) -> [String] { segmentNames[scheme.ordinal] }

    /// Each customer's code into ``names(_:)`` in a behavioural scheme (empty for RFM and activity).
    public func codes(_ scheme: SegmentScheme) -> [UInt8] { codesByScheme[scheme.ordinal] }

    /// Customer c's segment in a behavioural scheme ("" for rfm and activity).
    public func segment(_ scheme: SegmentScheme, _ c: Int) -> String {
        let i = scheme.ordinal
        guard !codesByScheme[i].isEmpty else { return "" }
        return segmentNames[i][Int(codesByScheme[i][c])]
    }
}
