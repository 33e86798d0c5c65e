import Foundation
import StrataCore
import StrataStore

/// Where an analysis reads its customers, orders and events: files, or the embedded store.
public enum AnalysisInput: Sendable {
    case files(InputPaths, config: InputConfig = InputConfig(), strict: Bool = false)
    /// The store's data, up to `asOf` when given, read through the copy of its columns kept
    /// beside it (``StrataStore/dataset(asOf:cached:)``).
    case store(path: String, asOf: Int64? = nil)

    /// Reads the data set.
    public func load(progress: (String) -> Void = { _ in }) throws(AnalysisError) -> Dataset {
        switch self {
        case let .files(paths, config, strict):
            do { return try DatasetLoader(paths: paths, config: config, strict: strict).load(progress: progress) } catch {
                throw .input(error)
            }
        case let .store(path, asOf):
            progress("reading \(path)")
            do throws(StoreError) {
                let store = try StrataStore(path: path, create: false)
                let unfinished = try store.unfinishedImports()
                guard unfinished.isEmpty else { throw .importRunning(path: path, files: unfinished) }
                return try store.dataset(asOf: asOf, cached: true)
            } catch {
                throw .store(error)
            }
        }
    }
}

/// Reads a small text file the analysis needs (segment definitions, a playbook).
func readText(_ path: String) throws(AnalysisError) -> String {
    guard let data = FileManager.default.contents(atPath: path) else {
        throw .unreadable(file: path, reason: FileManager.default.fileExists(atPath: path) ? "cannot read the file" : "no such file")
    }
    return String(decoding: data, as: UTF8.self)
}

extension Playbook {
    /// Reads and checks a playbook file.
    public static func load(path: String) throws(AnalysisError) -> Playbook {
        let text = try readText(path)
        do { return try Playbook(yaml: text, file: path) } catch { throw .playbook(error) }
    }
}

extension CheckedRules {
    /// Reads segment definitions and checks them against a schema.
    public static func load(path: String, schema: RuleSchema) throws(AnalysisError) -> CheckedRules {
        let source = RuleSource(file: path, text: try readText(path))
        switch RuleChecker.check(source, schema: schema) {
        case let .success(rules): return rules
        case let .failure(errors): throw .rules(file: path, errors)
        }
    }
}
