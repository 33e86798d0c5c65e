extension CustomerFeature {
    /// Whether ``textCodes(_:_:)`` gives the column's values.
    public var hasTextCodes: Bool {
        switch self {
        case .topCategory, .secondCategory, .relatedCategory, .preferredChannel, .npsClass, .leastEngagedReasons, .lifecycleNext, .churnRisk:
            return true
        default:
            return false
        }
    }

    /// Every customer's value of a column that holds one of a few texts, as a code into `values`
    /// (-1: missing): the texts ``value(_:_:_:ids:)`` gives, without a `String` for each customer.
    /// Nil for the other columns (``hasTextCodes``); a scheme's labels are ``Segmentation/labels(_:)``.
    public func textCodes(_ s: Segmentation, _ predictions: CustomerPredictions?) -> (codes: [Int32], values: [String])? {
        let f = s.features
        switch self {
        case .topCategory: return (f.topCategory, f.categoryNames)
        case .secondCategory: return (f.secondCategory, f.categoryNames)
        case .relatedCategory:
            return (Parallel.mapEach(f.count) { s.behaviour.interests.related(of: $0, in: f) }, f.categoryNames)
        case .preferredChannel: return (f.preferredChannel, f.channelNames)
        case .npsClass: return (Parallel.mapEach(f.count) { f.npsClassCode($0) }, CustomerFeatures.npsClasses)
        case .leastEngagedReasons:
            let codes = s.schemes.contains(.activity) ? s.signs.signs.map { Int32($0.rawValue) } : [Int32](repeating: -1, count: f.count)
            return (codes, DisengagementSign.namesBySet)
        case .lifecycleNext:
            let stages = LifecycleStage.allCases
            return (s.behaviour.lifecycle.next.map { stage in Int32(stages.firstIndex(of: stage)!) }, stages.map(\.rawValue))
        case .churnRisk:
            let levels = ChurnRisk.allCases
            guard let p = predictions?.pAlive, !p.isEmpty else { return ([Int32](repeating: -1, count: f.count), []) }
            return (Parallel.mapEach(f.count) { c in ChurnRisk(pAlive: p[c]).map { Int32(levels.firstIndex(of: $0)!) } ?? -1 },
                    levels.map(\.rawValue))
        default: return nil
        }
    }
}
