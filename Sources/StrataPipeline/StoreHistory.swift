import Foundation
import StrataCore
import StrataStore

/// Analyses kept in the store over time: snapshots taken with the same pipeline as `analyze`,
/// and the history they make.
public enum StoreHistory {
    /// Analyzes the stored data as of a date (only data up to it) and keeps every customer's key
    /// features and segments as the snapshot of that date. Returns the customers stored and the
    /// analysis's warnings (e.g. a model that could not be fitted: the snapshot then has no P(alive)).
    public static func takeSnapshot(path: String, asOf: Int64, model: PurchaseModelChoice,
                                    prediction: PredictionSettings = PredictionSettings(horizon: 365),
                                    progress: (String) -> Void = { _ in }) throws(AnalysisError) -> (customers: Int, warnings: [String]) {
        var settings = Analysis.Settings()
        settings.asOf = asOf
        settings.model = model
        settings.prediction = prediction
        settings.insights = nil
        progress("reading the store as of \(Timestamp.isoDate(day: asOf / 86_400))")
        let data = try AnalysisInput.store(path: path, asOf: asOf).load()
        var rows: [SnapshotCustomer] = [], models: ModelsSummary?, warnings: [String] = []
        if data.customers.count == 0 {
            // Before the first customer: an empty snapshot, so that movement counts everyone as new.
            warnings.append("no customers as of \(Timestamp.isoDateTime(asOf)): the snapshot is empty")
        } else {
            let analysis = try Analysis(data, settings: settings, progress: progress)
            rows = SnapshotCustomer.all(analysis.dataset.customers, analysis.segmentation, lifetime: analysis.lifetime)
            models = analysis.lifetime.map(ModelsSummary.init)
            warnings = analysis.warnings
        }
        progress("saving the snapshot")
        do {
            return (try StrataStore(path: path, create: false).saveSnapshot(asOf: asOf, customers: rows, models: models), warnings)
        } catch {
            throw .store(error)
        }
    }

    /// The purchase model a series of snapshots up to `asOf` should share: with `.automatic`, the
    /// one chosen on the stored data as of `asOf` (so that P(alive) and CLV move with the customers,
    /// not with a change of model between snapshots); otherwise `choice` itself.
    public static func sharedModel(path: String, asOf: Int64, choice: PurchaseModelChoice,
                                   prediction: PredictionSettings = PredictionSettings(horizon: 365)) throws(AnalysisError) -> PurchaseModelChoice {
        guard choice == .automatic else { return choice }
        let data = try AnalysisInput.store(path: path, asOf: asOf).load()
        guard let selection = ModelSelection.choose(.automatic, data: data, asOf: asOf, horizonDays: prediction.horizon, penalty: 0) else {
            return choice
        }
        return .named(selection.kind)
    }

    /// Reads files (keeping each row's own id) and appends them to the store at `path`, creating
    /// it when missing; returns each file's import, the store's row counts afterwards and the
    /// rejected rows (each with its file, line, column, value and what was expected). When rows
    /// were read and every one was rejected or skipped, nothing is written and
    /// ``AnalysisError/nothingToImport(_:)`` says why.
    ///
    /// A file a complete import read before with the same size, modification time, content hash
    /// and settings is skipped; when every file is, nothing is read at all.
    public static func importFiles(_ input: AnalysisInput, into path: String, batchSize: Int = StrataStore.defaultBatchSize,
                                   progress: (String) -> Void = { _ in }) throws(AnalysisError)
        -> (files: [FileImport], counts: (customers: Int, orders: Int, events: Int, snapshots: Int), rejections: [IngestIssue]) {
        guard case let .files(paths, config, strict) = input else { throw .notInData("import reads files, not a store") }
        var loader = DatasetLoader(paths: paths, config: config, strict: strict)
        loader.keepRowIDs = true
        loader.groupsByCustomer = false
        loader.requiresOrders = false
        let inputs: [(kind: TableKind, path: String)]
        do { inputs = try loader.inputFiles() } catch { throw .input(error) }
        // Orders and events are read against the customers file (an id it lacks is rejected), so
        // their settings include its content: a changed customers file makes them read again.
        var facts: [String: InputFileFacts] = [:]
        var customersHash = ""
        for (kind, file) in inputs {
            var settings = config.fingerprint(for: kind)
            if kind != .customers, !customersHash.isEmpty { settings += "+customers:" + customersHash }
            facts[file] = InputFileFacts.read(path: file, configHash: settings)
            if kind == .customers { customersHash = facts[file]?.contentHash ?? "" }
        }
        do {
            var unchanged: [String: ImportRecord] = [:]
            if FileManager.default.fileExists(atPath: path) {
                let store = try StrataStore(path: path, create: false)
                unchanged = try store.unchangedImports(facts)
                if !inputs.isEmpty, inputs.allSatisfy({ unchanged[$0.path] != nil }) {
                    return (inputs.map { FileImport(skipping: unchanged[$0.path]!) }, try store.counts(), [])
                }
            }
            // A log that only grew is read from where the last import ended; an unchanged one not at all.
            var grown: [String: ImportRecord] = [:]
            if FileManager.default.fileExists(atPath: path) {
                let candidates = facts.filter { file, _ in unchanged[file] == nil && inputs.contains { $0.path == file && $0.kind != .customers } }
                grown = try StrataStore(path: path, create: false).grownSinceImports(candidates)
            }
            loader.resumeAfter = grown.mapValues { Int($0.fileSize ?? 0) }
            for (kind, file) in inputs where kind != .customers && unchanged[file] != nil {
                loader.resumeAfter[file] = Int(facts[file]?.size ?? 0)
            }
            let data: Dataset
            do { data = try loader.load(progress: progress) } catch { throw AnalysisError.input(error) }
            if data.report.files.contains(where: { $0.rowsRead > 0 }), data.report.files.allSatisfy({ $0.kept == 0 }) {
                throw AnalysisError.nothingToImport(data.report)
            }
            let store = try StrataStore(path: path)
            let files = try store.importData(data, facts: facts, unchanged: unchanged, grown: grown, batchSize: batchSize, progress: progress)
            return (files, try store.counts(), data.report.issues)
        } catch let error as StoreError {
            throw .store(error)
        } catch let error as AnalysisError {
            throw error
        } catch {
            throw .notInData("\(error)")
        }
    }

    /// Every stored snapshot with its customers, oldest first.
    public static func snapshots(path: String) throws(StoreError) -> [(asOf: Int64, customers: [SnapshotCustomer])] {
        let store = try StrataStore(path: path, create: false)
        var all: [(asOf: Int64, customers: [SnapshotCustomer])] = []
        for snapshot in try store.snapshots() { all.append((snapshot.asOf, try store.snapshot(asOf: snapshot.asOf))) }
        return all
    }

    /// Sizes and movement over every snapshot; nil with fewer than two.
    public static func read(path: String) throws(StoreError) -> SnapshotHistory? {
        SnapshotHistory(try snapshots(path: path))
    }

    /// Who moved between the segments of a scheme from the snapshot as of `from` to the one as of `to`.
    public static func movement(path: String, from: Int64, to: Int64, scheme: SegmentScheme) throws(StoreError) -> SegmentMovement {
        let store = try StrataStore(path: path, create: false)
        return SegmentMovement(from: try store.snapshot(asOf: from), to: try store.snapshot(asOf: to), scheme: scheme)
    }

    /// The alerts of every scheme between the last two snapshots (an error with fewer than two).
    public static func alerts(path: String, threshold: Double, valuableLoss: Double) throws(AnalysisError) -> AlertReport {
        do {
            let store = try StrataStore(path: path, create: false)
            let snapshots = try store.snapshots()
            guard snapshots.count >= 2 else { throw AnalysisError.notInData("alerts compare two snapshots; the store has \(snapshots.count)") }
            let (from, to) = (snapshots[snapshots.count - 2].asOf, snapshots[snapshots.count - 1].asOf)
            let before = try store.snapshot(asOf: from), after = try store.snapshot(asOf: to)
            let alerts = SnapshotCustomer.keptSchemes.flatMap { scheme in
                SegmentAlert.alerts(SegmentMovement(from: before, to: after, scheme: scheme), threshold: threshold, valuableLoss: valuableLoss)
            }
            return AlertReport(from: Timestamp.isoDateTime(from), to: Timestamp.isoDateTime(to), alerts: alerts)
        } catch let error as StoreError {
            throw .store(error)
        } catch let error as AnalysisError {
            throw error
        } catch {
            throw .notInData("\(error)")
        }
    }
}
