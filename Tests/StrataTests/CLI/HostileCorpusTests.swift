import Foundation
import Testing
@testable import StrataCore
@testable import StrataOutputs

/// Every case of the corpus of malformed and tricky inputs (`Tests/Fixtures/hostile/`, written by
/// `scripts/hostile-corpus.py`) ends as its `expect.txt` says: the exit status, what is said,
/// and for a run that completes, each file's account against the records the case was built
/// with — no crash, no silent loss, nothing false kept.
@Suite struct HostileCorpusTests {
    static let root = "\(fixtures)/hostile"
    static let cases: [String] = ((try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []).sorted()

    @Test func theCorpusHasEnoughCases() {
        #expect(Self.cases.count >= 150, "\(Self.cases.count) cases")
    }

    @Test(arguments: cases) func endsAsExpected(_ name: String) throws {
        let folder = "\(Self.root)/\(name)"
        let out = TempDir().path + "/out"
        var arguments: [String] = []
        var status: Int32?
        var said: [(stream: String, text: String)] = []
        var accounts: [String: [String: String]] = [:]
        var customers: Int?
        for line in try String(contentsOfFile: "\(folder)/expect.txt", encoding: .utf8).split(separator: "\n") where !line.hasPrefix("#") {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let key = String(line[..<colon]), value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            switch key {
            case "args":
                arguments = value.split(separator: " ").map { String($0).replacingOccurrences(of: "DATA", with: folder).replacingOccurrences(of: "OUT", with: out) }
            case "status": status = Int32(value)
            case "stdout", "stderr": said.append((key, value))
            case "customers": customers = Int(value)
            default:
                accounts[key] = Dictionary(uniqueKeysWithValues: value.split(separator: " ").map { pair in
                    let parts = pair.split(separator: "=", maxSplits: 1).map(String.init)
                    return (parts[0], parts.count > 1 ? parts[1] : "")
                })
            }
        }
        let result = StrataCommand.run(arguments)
        let context = "\(name): status \(result.status)\nstderr: \(result.stderr.prefix(600))\nstdout: \(result.stdout.prefix(300))"
        #expect(result.status == status, "\(context)")
        for (stream, text) in said {
            #expect((stream == "stdout" ? result.stdout : result.stderr).contains(text), "\(name): \(stream) should say '\(text)'\n\(context)")
        }
        guard result.status == 0, FileManager.default.fileExists(atPath: "\(out)/segments.json") else { return }
        let summary = try JSONDecoder().decode(AnalysisSummary.self, from: Data(contentsOf: URL(fileURLWithPath: "\(out)/segments.json")))
        for file in summary.ingest {
            #expect(file.balances, "\(name): \(file.file) does not balance")
        }
        if let customers { #expect(summary.customers == customers, "\(name): customers") }
        for (fileName, expected) in accounts {
            let file = try #require(summary.ingest.first { $0.file.hasSuffix("/" + fileName) }, "\(name): no account of \(fileName)")
            let got = ["read": "\(file.rowsRead)", "kept": "\(file.kept)", "rejected": "\(file.rejected)",
                       "duplicates": "\(file.duplicates)", "merged": "\(file.merged)",
                       "reasons": file.rejectedByReason.sorted { $0.key < $1.key }.map { "\($0.key):\($0.value)" }.joined(separator: ",")]
            for (key, value) in expected {
                #expect(got[key] == value, "\(name): \(fileName) \(key) = \(got[key] ?? "-"), expected \(value)\n\(context)")
            }
        }
        // rejected.csv holds every rejection of these small files, each located.
        let rejected = try String(contentsOfFile: "\(out)/rejected.csv", encoding: .utf8)
        let total = summary.ingest.reduce(0) { $0 + $1.rejected + $1.duplicates }
        let records = rejected.split(separator: "\n").count - 1
        #expect(records >= total, "\(name): rejected.csv lists \(records) of \(total)")
    }
}
