import Foundation

/// Which command's results a folder holds, recorded in a `.strata-results` file beside them, so
/// that one command never replaces another's results (or files no command wrote, such as input
/// data) unless told to, and never its own input.
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

        /// The files it lists that its command writes (a marker is only trusted that far) and
        /// that are still there.
        func present(in folder: String) -> [String] {
            files.filter { command.files.contains($0) && isFile("\(folder)/\($0)") }
        }
    }

    /// Whether `command` may write `files` into `folder`. Never when one of them, or one of the
    /// files an earlier run left there, is an input of this run (`inputs`, paths as given).
    /// Otherwise yes when the folder holds no other command's results and no file of those
    /// names that this command did not write; else only with `force`.
    public static func check(_ folder: String, for command: Command, writing files: [String]? = nil, inputs: [String] = [],
                             force: Bool) throws(AnalysisError) {
        let files = files ?? command.files
        let marker = marker(in: folder)
        let touched = files + (marker?.present(in: folder) ?? [])
        let inputPaths = Set(inputs.map(canonical))
        if let input = touched.first(where: { inputPaths.contains(canonical("\(folder)/\($0)")) }) {
            throw .cannotWrite(file: folder, reason: "its \(input) is an input of this run; write the results to another folder")
        }
        guard !force else { return }
        if let marker, marker.command != command {
            let present = marker.present(in: folder)
            if !present.isEmpty {
                throw .cannotWrite(file: folder, reason: "it holds the results of strata \(marker.command.rawValue) (\(present.joined(separator: ", "))); "
                                   + "choose another folder, or add --force to replace them")
            }
        }
        let ours = marker?.command == command ? Set(marker?.present(in: folder) ?? []) : []
        let clashes = files.filter { isFile("\(folder)/\($0)") && !ours.contains($0) }
        guard !clashes.isEmpty else { return }
        throw .cannotWrite(file: folder, reason: "it already holds \(clashes.joined(separator: ", ")), not written by strata \(command.rawValue); "
                           + "choose another folder, or add --force to replace \(clashes.count == 1 ? "it" : "them")")
    }

    /// Before writing `files`: checks the folder, creates it, and removes the results an earlier
    /// run left there (the files its marker lists) that this run will not replace, so the folder
    /// holds one run's results only.
    public static func claim(_ folder: String, for command: Command, writing files: [String], inputs: [String] = [],
                             force: Bool) throws(AnalysisError) {
        try check(folder, for: command, writing: files, inputs: inputs, force: force)
        try AnalysisArtefacts.createFolder(folder)
        for file in marker(in: folder)?.present(in: folder) ?? [] where !files.contains(file) {
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

    /// A regular file (not a folder, not missing).
    private static func isFile(_ path: String) -> Bool {
        var isFolder: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) && !isFolder.boolValue
    }

    /// The path with symbolic links and `..` resolved, for comparing two spellings of one file.
    private static func canonical(_ path: String) -> String {
        URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path
    }
}
