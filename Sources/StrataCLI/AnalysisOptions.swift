import ArgumentParser
import StrataCore
import StrataPipeline

/// The options of an analysis run (shared by `analyze`, `explain` and `cluster`): as-of date and models.
struct AnalysisOptions: ParsableArguments {
    @Option(name: .customLong("as-of"), help: "Analysis date (yyyy-MM-dd or ISO 8601); default: the latest timestamp seen.")
    var asOf: String?
    @Option(help: "Purchase model (\(ModelChoice.allValueStrings.joined(separator: ", "))).")
    var model: ModelChoice = .auto
    @Option(help: "Prediction horizon in days (expected purchases and CLV).") var horizon: Int = 365
    @Option(name: .customLong("discount-rate"), help: "CLV discount rate per period (see --clv-periods).")
    var discountRate: Double = 0.01
    @Option(name: .customLong("clv-periods"), help: "CLV discounting periods: twelfths (of the horizon) or months (30 days, as the lifetimes package).")
    var clvPeriods: CLVPeriods = .twelfths
    @Option(help: "L2 penalty on the model parameters.") var penalty: Double = 0

    /// The longest horizon: a hundred years.
    static let maximumHorizon = 36_500

    func validate() throws {
        if let asOf, parseAsOf(asOf) == nil {
            throw ValidationError("--as-of '\(asOf)': expected a date such as 2024-06-30 or 2024-06-30T23:59:59Z")
        }
        guard (1...Self.maximumHorizon).contains(horizon) else {
            throw ValidationError("--horizon must be between 1 and \(Self.maximumHorizon) days, got \(horizon)")
        }
        guard discountRate >= 0, discountRate.isFinite else { throw ValidationError("--discount-rate must be ≥ 0") }
        try checkPenalty(penalty)
    }

    /// The library settings these options give (no custom segments, default insights).
    var settings: Analysis.Settings {
        var settings = Analysis.Settings()
        settings.asOf = asOf.flatMap(parseAsOf)
        settings.model = model.choice
        settings.prediction = PredictionSettings(horizon: Double(horizon), discountRate: discountRate,
                                                 periodLength: clvPeriods == .months ? 30 : nil)
        settings.penalty = penalty
        return settings
    }
}

/// How CLV discounts: per twelfth of the horizon, or per 30-day month as `lifetimes` does.
enum CLVPeriods: String, ExpressibleByArgument, CaseIterable {
    case twelfths, months
}

/// How segments are ranked and planned (shared by `analyze` and `cluster`).
struct PlanOptions: ParsableArguments {
    @Option(help: "Priority score weights, e.g. value=0.5,potential=0.3,size=0.2 (a part not named weighs 0).")
    var weights: String?
    @Option(help: "Action-plan rules (YAML; `strata playbook` prints the built-in one).")
    var playbook: String?

    func validate() throws {
        if let weights {
            do { _ = try PriorityWeights(parsing: weights) } catch { throw ValidationError("--weights \(error)") }
        }
        if let playbook {
            try requireFile(playbook, "--playbook")
            do { _ = try Playbook.load(path: playbook) } catch { throw ValidationError("--playbook: \(error)") }
        }
    }

    /// The settings (the playbook read again, as checked in `validate()`).
    func settings() throws -> SegmentInsights.Settings {
        SegmentInsights.Settings(weights: try weights.map { try PriorityWeights(parsing: $0) } ?? PriorityWeights(),
                                 playbook: try playbook.map { try Playbook.load(path: $0) } ?? .standard)
    }
}

/// Prints the analysis's warnings on stderr.
func warn(_ analysis: Analysis) {
    for warning in analysis.warnings { warn(warning) }
}
