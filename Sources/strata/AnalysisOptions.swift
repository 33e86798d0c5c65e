import ArgumentParser
import Foundation
import StrataCore

/// The options of an analysis run (shared by `analyze` and `explain`): as-of date and models.
struct AnalysisOptions: ParsableArguments {
    @Option(name: .customLong("as-of"), help: "Analysis date (yyyy-MM-dd or ISO 8601); default: the latest timestamp seen.")
    var asOf: String?
    @Option(help: "Purchase model (\(PurchaseModelKind.allCases.map(\.rawValue).joined(separator: ", ")) or none).")
    var model: String = PurchaseModelKind.bgNBD.rawValue
    @Option(help: "Prediction horizon in days (expected purchases and CLV).") var horizon: Int = 365
    @Option(name: .customLong("discount-rate"), help: "CLV discount rate per twelfth of the horizon.")
    var discountRate: Double = 0.01
    @Option(help: "L2 penalty on the model parameters.") var penalty: Double = 0

    func validate() throws {
        if let asOf, parseAsOf(asOf) == nil {
            throw ValidationError("--as-of '\(asOf)': expected a date such as 2024-06-30 or 2024-06-30T23:59:59Z")
        }
        if model != "none", PurchaseModelKind(rawValue: model) == nil {
            throw ValidationError("--model '\(model)': expected one of \(PurchaseModelKind.allCases.map(\.rawValue).joined(separator: ", ")) or none")
        }
        guard horizon > 0 else { throw ValidationError("--horizon must be at least 1 day, got \(horizon)") }
        guard discountRate >= 0, discountRate.isFinite else { throw ValidationError("--discount-rate must be ≥ 0") }
        guard penalty >= 0, penalty.isFinite else { throw ValidationError("--penalty must be ≥ 0") }
    }

    /// Features, segments and (unless `--model none`) lifetime models of a data set.
    struct Result {
        var dataset: Dataset
        var segmentation: Segmentation
        var lifetime: LifetimeAnalysis?
        var asOf: Int64

        var catalog: FieldCatalog { FieldCatalog(dataset, segmentation, lifetime: lifetime, asOf: asOf) }
    }

    func run(_ input: InputOptions, progress: Progress) throws -> Result {
        let dataset = try input.load(progress: progress)
        guard let latest = dataset.latestTimestamp else { fail("no orders or events were kept; nothing to analyze") }
        let asOfSeconds = asOf.flatMap(parseAsOf) ?? latest
        progress.step("computing features for \(dataset.customers.count) customers")
        let segmentation = Segmentation(dataset, settings: FeatureSettings(asOf: asOfSeconds))
        var lifetime: LifetimeAnalysis?
        if let kind = PurchaseModelKind(rawValue: model) {
            progress.step("fitting \(kind.rawValue) and gamma-gamma")
            do {
                lifetime = try LifetimeAnalysis(segmentation.features, kind: kind, penalty: penalty,
                                                settings: PredictionSettings(horizon: Double(horizon), discountRate: discountRate))
            } catch {
                warn("lifetime models skipped: \(error)")
            }
            if let problem = lifetime?.spendProblem { warn("spend model skipped (no expected_aov, clv): \(problem)") }
        }
        return Result(dataset: dataset, segmentation: segmentation, lifetime: lifetime, asOf: asOfSeconds)
    }
}

/// Prints `warning: message` on stderr.
func warn(_ message: String) {
    FileHandle.standardError.write(Data("warning: \(message)\n".utf8))
}

/// Reads and checks a segment-definition file against a schema, or exits printing every diagnostic.
func loadRules(_ path: String, schema: RuleSchema) -> CheckedRules {
    guard let data = FileManager.default.contents(atPath: path) else { fail("\(path): cannot read the file") }
    switch RuleChecker.check(RuleSource(file: path, text: String(decoding: data, as: UTF8.self)), schema: schema) {
    case let .success(rules): return rules
    case let .failure(errors):
        FileHandle.standardError.write(Data((errors.description + "\n").utf8))
        let count = errors.diagnostics.count
        fail("\(path): \(count) error\(count == 1 ? "" : "s")")
    }
}

/// Reads a playbook file, or exits naming the line and column at fault.
func loadPlaybook(_ path: String) -> Playbook {
    guard let data = FileManager.default.contents(atPath: path) else { fail("\(path): cannot read the file") }
    do { return try Playbook(yaml: String(decoding: data, as: UTF8.self), file: path) } catch { fail(error.description) }
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
    }

    /// The settings, reading the playbook (or exiting with its error located).
    func settings(sizeGuard: SegmentSizeGuard = SegmentSizeGuard()) -> SegmentInsights.Settings {
        SegmentInsights.Settings(weights: weights.flatMap { try? PriorityWeights(parsing: $0) } ?? PriorityWeights(),
                                 sizeGuard: sizeGuard, playbook: playbook.map(loadPlaybook) ?? .standard)
    }
}

/// Writes `OUT/insights.json` and `OUT/plan.md`.
func writeInsights(_ insights: SegmentInsights, asOf: Int64, to out: String) throws {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
    // A non-finite number must never stop the run: it is written as a string.
    encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
    try encoder.encode(insights).write(to: URL(fileURLWithPath: "\(out)/insights.json"))
    try Data(PlanRenderer.markdown(insights, asOf: asOf).utf8).write(to: URL(fileURLWithPath: "\(out)/plan.md"))
}
