import Foundation
@testable import StrataCore
@testable import StrataOutputs
@testable import StrataPipeline
@testable import StrataStore

/// A fresh temporary directory with helpers to write input files into it.
struct TempDir {
    let path: String

    init() {
        path = NSTemporaryDirectory() + "strata-tests-" + UUID().uuidString
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
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
