import Foundation
@testable import StrataCore
@testable import StrataOutputs
@testable import StrataPipeline
@testable import StrataStore

/// A fresh temporary directory with helpers to write input files into it.
/// Every directory made by a test run is removed when the test process exits.
struct TempDir {
    let path: String

    init() {
        path = NSTemporaryDirectory() + "strata-tests-" + UUID().uuidString
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        TemporaryDirectories.shared.remember(path)
    }

    @discardableResult
    func write(_ name: String, _ text: String) -> String {
        let file = "\(path)/\(name)"
        _ = FileManager.default.createFile(atPath: file, contents: Data(text.utf8))
        return file
    }

    @discardableResult
    func write(_ name: String, bytes: [UInt8]) -> String {
        let file = "\(path)/\(name)"
        _ = FileManager.default.createFile(atPath: file, contents: Data(bytes))
        return file
    }
}

/// The directories made by this test process, removed at its exit.
private final class TemporaryDirectories: @unchecked Sendable {
    static let shared = TemporaryDirectories()
    private let lock = NSLock()
    private var paths: [String] = []

    private init() {
        atexit { TemporaryDirectories.shared.removeAll() }
    }

    func remember(_ path: String) {
        lock.withLock { paths.append(path) }
    }

    private func removeAll() {
        for path in lock.withLock({ paths }) { try? FileManager.default.removeItem(atPath: path) }
    }
}

/// The repository's test fixtures folder.
let fixtures: String = {
    var url = URL(fileURLWithPath: #filePath)
    while url.lastPathComponent != "Tests" { url.deleteLastPathComponent() }
    return url.appendingPathComponent("Fixtures").path
}()

/// Loads a directory (or explicit paths) with the default loader.
func load(_ paths: InputPaths, config: InputConfig = InputConfig(), strict: Bool = false) throws -> Dataset {
    try DatasetLoader(paths: paths, config: config, strict: strict).load()
}

/// Parses a date-time for test expectations.
func seconds(_ text: String) -> Int64 {
    var bytes = Array(text.utf8)
    return bytes.withUnsafeMutableBufferPointer { FieldParser.timestamp(UnsafeBufferPointer($0), format: .auto)! }
}
