import Foundation
import StrataCore
import StrataOutputs
import StrataStore

/// The files an analysis leaves in its output folder (docs/outputs.md) and its report.
public enum AnalysisArtefacts {
    /// Writes OUT/customers.csv, segments.json, rejected.csv and, with insights, insights.json and
    /// plan.md; returns the files written. The folder must not hold another command's results
    /// unless `force` (``ResultsFolder``).
    @discardableResult
    public static func write(_ analysis: Analysis, to out: String, force: Bool = false) throws(AnalysisError) -> [String] {
        let files = try claim(out, for: analysis, withInsights: analysis.insights != nil, force: force)
        try write(analysis, files, to: out) { analysis.insights }
        return files.map { "\(out)/\($0)" }
    }

    /// Writes the results of an analysis made without insights, as ``write(_:to:force:)`` does,
    /// computing the insights `settings` asks for on a thread of their own while customers.csv
    /// is written (neither leaves a core idle then); returns the analysis with its insights, and
    /// the files written.
    public static func write(_ analysis: Analysis, computingInsights settings: SegmentInsights.Settings?, to out: String,
                             force: Bool = false) throws(AnalysisError) -> (analysis: Analysis, files: [String]) {
        guard let settings else { return (analysis, try write(analysis, to: out, force: force)) }
        let files = try claim(out, for: analysis, withInsights: true, force: force)
        let work = BackgroundWork { analysis.insights(settings, sizeGuard: analysis.settings.sizeGuard) }
        var result = analysis
        do throws(AnalysisError) {
            try write(analysis, files, to: out) {
                result.settings.insights = settings
                result.insights = work.value
                return result.insights
            }
        } catch {
            // Nothing is left running behind the error.
            _ = work.valueWithoutHelping
            throw error
        }
        return (result, files.map { "\(out)/\($0)" })
    }

    /// Claims the folder for the files of ``write(_:to:force:)``; returns their names.
    private static func claim(_ out: String, for analysis: Analysis, withInsights: Bool, force: Bool) throws(AnalysisError) -> [String] {
        let files = ResultsFolder.Command.analyze.files.filter { withInsights || !["insights.json", "plan.md"].contains($0) }
        try ResultsFolder.claim(out, for: .analyze, writing: files, inputs: analysis.dataset.report.files.map(\.file), force: force)
        return files
    }

    /// Writes the claimed `files` of ``write(_:to:force:)``; `insights` is asked for once
    /// customers.csv is written.
    private static func write(_ analysis: Analysis, _ files: [String], to out: String,
                              insights: () -> SegmentInsights?) throws(AnalysisError) {
        try write("\(out)/customers.csv", pieces: { sink in
            try CustomerTableWriter.write(analysis.dataset.customers, analysis.segmentation, lifetime: analysis.lifetime,
                                          custom: analysis.custom, to: sink)
        })
        try write("\(out)/segments.json") { try analysis.summary.json() }
        try writeRejected(analysis.dataset.report, to: out)
        if let insights = insights() { try writeInsights(insights, asOf: analysis.asOf, to: out) }
        try ResultsFolder.mark(out, .analyze, files: files)
    }

    /// Writes OUT/rejected.csv.
    static func writeRejected(_ report: IngestReport, to out: String) throws(AnalysisError) {
        try write("\(out)/rejected.csv") { RejectsWriter.render(report.issues) }
    }

    /// The results of a run that kept nothing: OUT/rejected.csv alone, to show why.
    public static func writeRejectedOnly(_ report: IngestReport, to out: String, force: Bool = false) throws(AnalysisError) {
        try ResultsFolder.claim(out, for: .analyze, writing: ["rejected.csv"], inputs: report.files.map(\.file), force: force)
        try writeRejected(report, to: out)
        try ResultsFolder.mark(out, .analyze, files: ["rejected.csv"])
    }

    /// Writes OUT/insights.json and OUT/plan.md.
    static func writeInsights(_ insights: SegmentInsights, asOf: Int64, to out: String) throws(AnalysisError) {
        try write("\(out)/insights.json") { try InsightsWriter.json(insights) }
        try write("\(out)/plan.md") { Data(PlanRenderer.markdown(insights, asOf: asOf).utf8) }
    }

    /// The report of an analysis: its summary and charts, the insights, a calibration/holdout
    /// check of the model and, when the data came from a store with snapshots, the movement
    /// between them. Returns the data and the warnings of the parts left out.
    public static func reportData(_ analysis: Analysis, store: String? = nil,
                                  progress: (String) -> Void = { _ in }) -> (data: ReportData, warnings: [String]) {
        var data = ReportData(summary: analysis.summary, segmentation: analysis.segmentation, lifetime: analysis.lifetime,
                              customers: analysis.dataset.customers)
        data.insights = analysis.insights
        var warnings: [String] = []
        if let store {
            do { data.history = try StoreHistory.read(path: store) } catch { warnings.append("report: no movement section: \(error)") }
        }
        if analysis.lifetime != nil {
            progress("calibration/holdout check for the report")
            let check = analysis.holdoutCheck()
            data.holdout = check.validation
            if let warning = check.warning { warnings.append(warning) }
        }
        return (data, warnings)
    }

    /// Writes the HTML report to `path` and the Markdown version beside it (`.md`); returns that path.
    @discardableResult
    public static func writeReport(_ data: ReportData, to path: String) throws(AnalysisError) -> String {
        let markdown = (path as NSString).deletingPathExtension + ".md"
        try write(path) { Data(HTMLReport.render(data).utf8) }
        try write(markdown) { Data(MarkdownReport.render(data).utf8) }
        return markdown
    }

    /// Creates a folder (and its parents); an existing file in its place is an error.
    public static func createFolder(_ path: String) throws(AnalysisError) {
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), !isFolder.boolValue {
            throw .cannotWrite(file: path, reason: "it is a file, not a folder")
        }
        do { try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true) } catch {
            throw .cannotWrite(file: path, reason: error.localizedDescription)
        }
    }

    /// Writes the file at `path` from the pieces `render` hands on, in order.
    static func write(_ path: String, pieces render: (_ write: ([UInt8]) throws -> Void) throws -> Void) throws(AnalysisError) {
        do {
            guard FileManager.default.createFile(atPath: path, contents: nil), let file = FileHandle(forWritingAtPath: path) else {
                throw CocoaError(.fileWriteUnknown)
            }
            do {
                try render { piece in try piece.withUnsafeBytes { try file.write(contentsOf: $0) } }
            } catch {
                try? file.close()
                throw error
            }
            try file.close()
        } catch {
            throw .cannotWrite(file: path, reason: error.localizedDescription)
        }
    }

    /// Writes the bytes `make` returns to `path`.
    public static func write(_ path: String, _ make: () throws -> Data) throws(AnalysisError) {
        do { try make().write(to: URL(fileURLWithPath: path)) } catch {
            throw .cannotWrite(file: path, reason: error.localizedDescription)
        }
    }
}
