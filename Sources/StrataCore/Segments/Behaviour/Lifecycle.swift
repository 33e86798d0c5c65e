import Foundation

/// Lifecycle stage (seed 002: "a stage cannot be read off one touch; it is a probabilistic
/// judgement from the whole history. Stages are not a straight line").
public enum LifecycleStage: String, Sendable, Hashable, CaseIterable {
    /// Known to the business, never bought.
    case prospect
    /// First purchase within `newDays`.
    case new
    case active
    /// Still buying, by the model, but later than their usual gap.
    case atRisk = "at-risk"
    /// Stopped buying.
    case lapsed
    /// Came back within `reactivatedDays` after a gap of at least the lapse days.
    case reactivated
}

/// Thresholds of the lifecycle stages (``Lifecycle``).
public struct LifecycleThresholds: Sendable, Hashable {
    public var newDays = 30.0
    public var reactivatedDays = 90.0
    /// Days since the last purchase over the expected gap at which an alive customer is as likely
    /// at risk as active; `softness` spreads that line (a logistic step of this width).
    public var atRiskGapRatio = 1.5
    public var softness = 0.25
    /// How far ahead ``Lifecycle/next`` looks.
    public var horizonDays = 30.0

    public init() {}
}

/// Each customer's probability of every ``LifecycleStage``, the most likely stage, and the stage
/// they are moving toward: the most likely one `horizonDays` from now if they buy nothing.
///
/// The model: a buyer is either still buying or has stopped. The probability they are still
/// buying is, in order of preference, the ``LifecycleModel`` fitted on the user's own history
/// (will they buy within the lifecycle window, judged from their recency, activity on every
/// channel, frequency, overdue ratio and tenure), else the purchase model's P(alive), else 1 up
/// to one expected gap and exp(−(overdue days) / (2 × gap)) after it. 1 − that is the
/// probability of `lapsed`; the rest is split between `active` and `at-risk` by how overdue the
/// customer is (days since the last purchase over their usual gap, or over the base's median gap
/// for one-time buyers) through a logistic step centred on `atRiskGapRatio`. The stages the
/// history shows for certain are certain: `prospect` (no purchase), `new` (first purchase within
/// `newDays`) and `reactivated` (a return after a lapse within `reactivatedDays`).
public struct Lifecycle: Sendable {
    /// Where the probability of still buying comes from.
    public enum Source: String, Sendable, Hashable {
        case stateModel = "state model", purchaseModel = "purchase model", heuristic
    }

    public static let stages = LifecycleStage.allCases
    /// `probabilities[c * stages.count + s]`.
    public var probabilities: [Double]
    public var stage: [LifecycleStage]
    public var next: [LifecycleStage]
    public var source: Source
    /// The fitted state model, when there was enough history.
    public var model: LifecycleModel?
    /// The base's median gap between purchase days (at least 7): one-time buyers' usual gap.
    public var typicalGap: Double

    /// `base`: the state model and typical gap of the whole base, when `f` is not the whole base
    /// (nil: both measured on `f`).
    public init(_ f: CustomerFeatures, pAlive: [Double]?, pAliveLater: [Double]?, thresholds t: LifecycleThresholds,
                base: (model: LifecycleModel?, typicalGap: Double)? = nil) {
        let n = Self.stages.count
        let typicalGap: Double
        if let base {
            typicalGap = base.typicalGap
            model = base.model
        } else {
            var gaps = (0..<f.count).compactMap { f.usualGapDays($0) }
            typicalGap = max(7, gaps.isEmpty ? 30 : OrderStatistic.select(&gaps, rank: gaps.count / 2))
            model = LifecycleModel(f, typicalGap: typicalGap)
        }
        self.typicalGap = typicalGap
        source = model != nil ? .stateModel : pAlive != nil ? .purchaseModel : .heuristic
        let model = model, ranges = Parallel.ranges(f.count)
        let pieces = Parallel.map(ranges.count) { piece -> (probabilities: [Double], stage: [LifecycleStage], next: [LifecycleStage]) in
            var out: (probabilities: [Double], stage: [LifecycleStage], next: [LifecycleStage]) = ([], [], [])
            out.probabilities.reserveCapacity(ranges[piece].count * n)
            var p = [Double](repeating: 0, count: n)
            for c in ranges[piece] {
                let now = model?.pAlive(c, f) ?? pAlive.flatMap { c < $0.count ? $0[c] : nil }
                let later = model?.pAlive(c, f, afterDays: t.horizonDays) ?? pAliveLater.flatMap { c < $0.count ? $0[c] : nil }
                let current = Self.distribution(c, f, alive: now, afterDays: 0, typicalGap: typicalGap, t, into: &p)
                out.probabilities += p
                out.stage.append(Self.stages[current])
                out.next.append(Self.stages[Self.distribution(c, f, alive: later, afterDays: t.horizonDays, typicalGap: typicalGap, t, into: &p)])
            }
            return out
        }
        probabilities = pieces.flatMap(\.probabilities)
        stage = pieces.flatMap(\.stage)
        next = pieces.flatMap(\.next)
    }

    /// Customer c's probabilities `afterDays` from as-of, into `p`; returns the most likely stage's index.
    private static func distribution(_ c: Int, _ f: CustomerFeatures, alive model: Double?, afterDays h: Double,
                                     typicalGap: Double, _ t: LifecycleThresholds, into p: inout [Double]) -> Int {
        for i in p.indices { p[i] = 0 }
        guard let sinceDays = f.daysSinceLastPurchase(c), let tenureDays = f.tenureDays(c) else {
            p[0] = 1
            return 0
        }
        let since = Double(sinceDays) + h, tenure = Double(tenureDays) + h
        let gap = f.usualGapDays(c).map { max($0, 1) } ?? typicalGap
        let alive: Double
        if let model, !model.isNaN {
            alive = min(1, max(0, model))
        } else {
            alive = since <= gap ? 1 : Foundation.exp(-(since - gap) / (2 * gap))
        }
        // A customer who has just started, or just come back, is in that stage whatever comes next.
        let returnDay = f.lastReturnDay[c]
        if tenure <= t.newDays {
            p[index(.new)] = 1
            return index(.new)
        } else if returnDay != Int64.min, Double(f.asOfDay - returnDay) + h <= t.reactivatedDays {
            p[index(.reactivated)] = 1
            return index(.reactivated)
        } else {
            let risk = 1 / (1 + Foundation.exp(-(since / gap - t.atRiskGapRatio) / t.softness))
            p[index(.active)] = alive * (1 - risk)
            p[index(.atRisk)] = alive * risk
        }
        p[index(.lapsed)] = 1 - alive
        var best = 0
        for i in p.indices where p[i] > p[best] { best = i }
        return best
    }

    private static func index(_ s: LifecycleStage) -> Int {
        switch s {
        case .prospect: return 0
        case .new: return 1
        case .active: return 2
        case .atRisk: return 3
        case .lapsed: return 4
        case .reactivated: return 5
        }
    }

    /// Customer c's probability of `stage`.
    public func probability(_ c: Int, _ stage: LifecycleStage) -> Double {
        probabilities[c * Self.stages.count + Self.index(stage)]
    }
}
