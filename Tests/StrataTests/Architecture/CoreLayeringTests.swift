import Foundation
import Testing

/// The targets keep the layers in order for the compiler; inside `StrataCore`, whose folders share
/// one module, this test does: a file may name types of its own folder and of the folders below
/// it (docs/architecture.md), never of a folder above.
@Suite struct CoreLayeringTests {
    /// Lowest first.
    static let order = ["Progress", "Table", "Formatting", "Ingest", "Features", "Segments", "Models", "Catalog", "Rules", "SQL", "History",
                        "Synthetic", "Insights"]

    @Test func noFolderNamesATypeOfAFolderAboveIt() throws {
        let root = URL(fileURLWithPath: fixtures).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Sources/StrataCore").path
        let folders = try FileManager.default.contentsOfDirectory(atPath: root).filter { !$0.hasPrefix(".") }.sorted()
        #expect(folders == Self.order.sorted(), "every folder of StrataCore has its place in the order")
        var sources: [String: [(file: String, text: String)]] = [:]
        var owner: [String: String] = [:]
        let declaration = try NSRegularExpression(pattern: #"^(?:public |package |private |fileprivate )?(?:final )?(?:struct|enum|class|protocol|typealias) ([A-Z]\w+)"#,
                                                  options: .anchorsMatchLines)
        for folder in folders {
            guard let walker = FileManager.default.enumerator(atPath: "\(root)/\(folder)") else { continue }
            for case let file as String in walker where file.hasSuffix(".swift") {
                let text = try String(contentsOfFile: "\(root)/\(folder)/\(file)", encoding: .utf8)
                    .split(separator: "\n").map { $0.split(separator: "//", maxSplits: 1, omittingEmptySubsequences: false).first ?? "" }
                    .joined(separator: "\n")
                sources[folder, default: []].append((file, text))
                for match in declaration.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
                    if let range = Range(match.range(at: 1), in: text) { owner[String(text[range])] = folder }
                }
            }
        }
        for (folder, files) in sources {
            let level = try #require(Self.order.firstIndex(of: folder))
            let above = owner.filter { (Self.order.firstIndex(of: $0.value) ?? 0) > level }
            for (file, text) in files {
                let words = Set(text.split { !$0.isLetter && !$0.isNumber && $0 != "_" }.map(String.init))
                for (type, higher) in above where words.contains(type) {
                    Issue.record("\(folder)/\(file) names \(type) of \(higher), a layer above")
                }
            }
        }
    }
}
