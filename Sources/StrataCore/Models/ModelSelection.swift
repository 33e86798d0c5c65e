/// Which purchase model an analysis uses: the one that best predicts the user's own holdout
/// period, or one the user names, or none.
public enum PurchaseModelChoice: Sendable, Hashable {
    case automatic
    case named(PurchaseModelKind)
    case none

    /// The models an automatic choice picks from: those under which a one-time buyer's P(alive)
    /// falls with the time since the purchase. BG/NBD is measured too, but a one-time buyer can
    /// never "die" under it (P(alive) = 1 however long ago they bought), which contradicts every
    /// churn reading built on it; it is used only when named (docs/models.md).
    public static let automaticCandidates: [PurchaseModelKind] = [.mbgNBD, .paretoNBD]
    /// Used when the history is too short to hold a period out.
    public static let fallback = PurchaseModelKind.mbgNBD
}

/// The evidence behind an automatic model choice: each model fitted on the calibration period
/// and scored on the holdout period that follows (docs/models.md, "Choosing the model").
public struct ModelSelection: Sendable, Codable, Hashable {
    /// One model's fit and holdout error.
    public struct Candidate: Sendable, Codable, Hashable {
        public var model: String
        /// Mean over calibration customers of |predicted − actual| holdout purchase days; nil
        /// when the model could not be fitted.
        public var holdoutMAE: Double?
        /// Predicted holdout purchase days of all calibration customers (actual: ``ModelSelection/holdoutActual``).
        public var holdoutPredicted: Double?
        /// Calibration log-likelihood.
        public var logLikelihood: Double?
        /// Whether an automatic choice may pick it (``PurchaseModelChoice/automaticCandidates``).
        public var eligible: Bool
        /// Why it could not be fitted.
        public var problem: String?

        package enum CodingKeys: String, CodingKey {
            case model, eligible, problem
            case holdoutMAE = "holdout_mae", holdoutPredicted = "holdout_predicted", logLikelihood = "log_likelihood"
        }
    }

    /// The model used.
    public var chosen: String
    /// One sentence on why (shown in the summary and the report).
    public var reason: String
    public var calibrationEnd: String?
    public var holdoutStart: String?
    public var holdoutEnd: String?
    /// Customers whose first purchase falls in the calibration period (at most
    /// ``sampleSize``: an evenly spaced sample of them on larger bases).
    public var customers: Int
    /// Their purchase days in the holdout period.
    public var holdoutActual: Double
    public var candidates: [Candidate]

    package enum CodingKeys: String, CodingKey {
        case chosen, reason, customers, candidates
        case calibrationEnd = "calibration_end", holdoutStart = "holdout_start", holdoutEnd = "holdout_end"
        case holdoutActual = "holdout_actual"
    }

    /// Customers the comparison looks at: beyond this many, an evenly spaced sample of them (the
    /// errors of the models differ in the third decimal long before, and the choice is relative).
    package static let sampleSize = 100_000

    /// Fits every model on the calibration period of `split`, scores each on the holdout and
    /// picks the eligible one with the lowest mean absolute error (ties: candidate order).
    package init(_ split: HoldoutSplit, penalty: Double) {
        var split = split
        if split.calibration.count > Self.sampleSize {
            let step = Double(split.calibration.count) / Double(Self.sampleSize)
            let picked = (0..<Self.sampleSize).map { Int(Double($0) * step) }
            let c = split.calibration
            split.calibration = PurchaseSummaries(frequency: picked.map { c.frequency[$0] }, recency: picked.map { c.recency[$0] },
                                                  age: picked.map { c.age[$0] })
            split.holdoutPurchases = picked.map { split.holdoutPurchases[$0] }
        }
        let s = split.calibration
        let t = split.holdoutDays
        customers = s.count
        holdoutActual = split.holdoutPurchases.reduce(0, +)
        calibrationEnd = Timestamp.isoDate(day: split.holdoutStartDay - 1)
        holdoutStart = Timestamp.isoDate(day: split.holdoutStartDay)
        holdoutEnd = Timestamp.isoDate(day: split.holdoutEndDay)
        candidates = PurchaseModelKind.allCases.map { kind in
            let eligible = PurchaseModelChoice.automaticCandidates.contains(kind)
            do {
                let (model, fit) = try ModelFitter.fit(kind, s, penalty: penalty)
                let ranges = Parallel.ranges(s.count)
                let errors = Parallel.map(ranges.count) { piece in
                    ranges[piece].map { i in
                        model.expectedPurchases(t, frequency: s.frequency[i], recency: s.recency[i], age: s.age[i])
                    }
                }.flatMap { $0 }
                var absolute = 0.0, predicted = 0.0
                for (i, value) in errors.enumerated() {
                    absolute += abs(value - split.holdoutPurchases[i])
                    predicted += value
                }
                let mae = absolute / Double(s.count)
                return Candidate(model: kind.rawValue, holdoutMAE: mae.isFinite ? mae : nil,
                                 holdoutPredicted: predicted.isFinite ? predicted : nil,
                                 logLikelihood: fit.logLikelihood, eligible: eligible,
                                 problem: mae.isFinite ? nil : "its predictions are not finite")
            } catch {
                return Candidate(model: kind.rawValue, eligible: eligible, problem: "\(error)")
            }
        }
        let best = candidates.filter { $0.eligible && $0.holdoutMAE != nil }.min { $0.holdoutMAE! < $1.holdoutMAE! }
        if let best {
            chosen = best.model
            reason = "\(best.model) predicted the held-out \(Int(t)) days best "
                + "(mean error \(NumberFormat.decimal(best.holdoutMAE!, 3)) purchases a customer)"
        } else {
            chosen = PurchaseModelChoice.fallback.rawValue
            reason = "neither mbg-nbd nor pareto-nbd could be fitted on the calibration period; \(chosen) is used"
        }
    }

    /// The evidence when there is no comparison: a named model, or a history too short.
    package init(named kind: PurchaseModelKind, reason: String) {
        chosen = kind.rawValue
        self.reason = reason
        customers = 0
        holdoutActual = 0
        candidates = []
    }

    /// The chosen model.
    public var kind: PurchaseModelKind { PurchaseModelKind(rawValue: chosen) ?? PurchaseModelChoice.fallback }

    /// Chooses the model of an analysis as of `asOf`.
    package static func choose(_ choice: PurchaseModelChoice, data: Dataset, asOf: Int64, horizonDays: Double,
                               penalty: Double) -> ModelSelection? {
        switch choice {
        case .none: return nil
        case let .named(kind): return ModelSelection(named: kind, reason: "\(kind.rawValue) was named (--model)")
        case .automatic:
            guard let split = HoldoutSplit(data, asOf: asOf, horizonDays: horizonDays) else {
                return ModelSelection(named: PurchaseModelChoice.fallback,
                                      reason: "the holdout period would be under a week (a purchase history under four weeks, or a horizon under 7 days); \(PurchaseModelChoice.fallback.rawValue) is used")
            }
            return ModelSelection(split, penalty: penalty)
        }
    }
}
