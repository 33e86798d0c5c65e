import Foundation

/// Which command's results a folder holds, recorded in a `.strata-results` file beside them, so
/// that one command never replaces another's results (or files no command wrote, such as input
/// data) unless told to.
public enum ResultsFolder {
    /// A command that writes a folder of results.
    public enum Command: String, Sendable, Codable {
        case analyze, cluster, generate

        /// The files it writes in its folder.
        public var files: [String] {
            switch self {
            case .analyze: return ["customers.csv", "segments.json", "rejected.csv", "insights.json", "plan.md"]
            case .cluster: return ["clusters.json", "clusters.csv", "insights.json", "plan.md"]
            case .generate: return ["customers.csv", "orders.csv", "events.csv", "truth.csv"]
            }
        }
    }

    /// The marker file's name.
    public static let markerName = ".strata-results"

    private struct Marker: Codable {
        var command: Command
        var files: [String]
    }

    /// Whether `command` may write into `folder`: yes when the folder is missing, holds this
    /// command's results, or holds none of the files it writes; otherwise only with `force`.
    public static func check(_ folder: String, for command: Command, force: Bool) throws(AnalysisError) {
        guard !force else { return }
        if let marker = marker(in: folder) {
            guard marker.command != command else { return }
            let present = marker.files.filter { FileManager.default.fileExists(atPath: "\(folder)/\($0)") }
            guard !present.isEmpty else { return }
            throw .cannotWrite(file: folder, reason: "it holds the results of strata \(marker.command.rawValue) (\(present.joined(separator: ", "))); "
                               + "choose another folder, or add --force to replace them")
        }
        let clashes = command.files.filter { FileManager.default.fileExists(atPath: "\(folder)/\($0)") }
        guard !clashes.isEmpty else { return }
        throw .cannotWrite(file: folder, reason: "it already holds \(clashes.joined(separator: ", ")), not written by strata \(command.rawValue); "
                           + "choose another folder, or add --force to replace \(clashes.count == 1 ? "it" : "them")")
    }

    /// Before writing `files`: checks the folder, creates it, and removes the results an earlier
    /// run left there (the files its marker lists) that this run will not replace, so the folder
    /// holds one run's results only.
    public static func claim(_ folder: String, for command: Command, writing files: [String], force: Bool) throws(AnalysisError) {
        try check(folder, for: command, force: force)
        try AnalysisArtefacts.createFolder(folder)
        for file in marker(in: folder)?.files ?? [] where !files.contains(file) {
            try? FileManager.default.removeItem(atPath: "\(folder)/\(file)")
        }
    }

    /// After writing: records that `folder` holds `files` written by `command`.
    public static func mark(_ folder: String, _ command: Command, files: [String]) throws(AnalysisError) {
        try AnalysisArtefacts.write("\(folder)/\(markerName)") {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            return try encoder.encode(Marker(command: command, files: files))
        }
    }

    private static func marker(in folder: String) -> Marker? {
        FileManager.default.contents(atPath: "\(folder)/\(markerName)").flatMap { try? JSONDecoder().decode(Marker.self, from: $0) }
    }
}
