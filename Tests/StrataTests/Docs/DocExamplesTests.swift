import Foundation
import Testing
@testable import StrataCLI
@testable import StrataCore
@testable import StrataPipeline

/// Every example in README.md and docs/ does what it says: segment definitions pass the checker
/// against generated data, every `strata` command line runs (in order, in a sandbox holding the
/// repository's fixtures and examples and generated data) and exits 0, and every synopsis line
/// names a real command and real options. YAML recipes are run by ExportLayoutTests.
@Suite(.serialized) struct DocExamplesTests {
    static let root = URL(fileURLWithPath: fixtures).deletingLastPathComponent().deletingLastPathComponent().path
    static let pages = ["README.md"] + ((try? FileManager.default.contentsOfDirectory(atPath: "\(root)/docs")) ?? [])
        .filter { $0.hasSuffix(".md") }.sorted().map { "docs/\($0)" }

    /// The code blocks of a Markdown page: indented by four spaces or fenced, with their first line.
    static func blocks(_ page: String) throws -> [(line: Int, text: [String])] {
        let lines = try String(contentsOfFile: "\(root)/\(page)", encoding: .utf8).components(separatedBy: "\n")
        var blocks: [(Int, [String])] = []
        var i = 0
        while i < lines.count {
            if lines[i].hasPrefix("```") {
                let start = i + 1
                i += 1
                while i < lines.count, !lines[i].hasPrefix("```") { i += 1 }
                blocks.append((start + 1, Array(lines[start..<min(i, lines.count)])))
            } else if lines[i].hasPrefix("    "), i == 0 || lines[i - 1].trimmingCharacters(in: .whitespaces).isEmpty {
                let start = i
                while i < lines.count, lines[i].hasPrefix("    ") || (lines[i].isEmpty && i + 1 < lines.count && lines[i + 1].hasPrefix("    ")) { i += 1 }
                blocks.append((start + 1, lines[start..<i].map { String($0.dropFirst(4)) }))
                continue
            }
            i += 1
        }
        return blocks
    }

    /// Shell command lines of a block (continuations joined), with their line numbers.
    static func commands(_ block: (line: Int, text: [String])) -> [(line: Int, command: String)] {
        var out: [(Int, String)] = []
        var pending: (Int, String)?
        for (k, raw) in block.text.enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if case (let start, var text)? = pending {
                text += " " + line
                pending = line.hasSuffix("\\") ? (start, text) : nil
                if pending == nil { out.append((start, text)) }
                continue
            }
            let words = line.replacingOccurrences(of: "swift run -c release ", with: "").split(separator: " ")
            guard words.first == "strata", words.count > 1, words[1].allSatisfy({ $0.isLowercase || $0 == "-" }) else { continue }
            if line.hasSuffix("\\") { pending = (block.line + k, line) } else { out.append((block.line + k, line)) }
        }
        return out.map { ($0.0, $0.1.replacingOccurrences(of: "\\ ", with: " ").replacingOccurrences(of: "swift run -c release strata", with: "strata")) }
    }

    /// A synopsis, not a runnable example: it has placeholders or alternatives.
    static func isSynopsis(_ command: String) -> Bool {
        let code = command.components(separatedBy: " #").first ?? command
        return code.contains("[") || code.contains("|") || code.contains("…")
            || code.split(separator: " ").contains { word in
                let letters = word.split(separator: ".").first ?? word
                return letters.count > 1 && letters.allSatisfy { $0.isUppercase || $0 == "_" }
            }
    }

    @Test func segmentDefinitionsPassTheChecker() throws {
        let data = DataGeneratorTests().generate(300, seed: 41)
        let schema = try RuleSchema(Analysis.run(.files(InputPaths(directory: data.path))).catalog)
        var checked = 0
        for page in Self.pages {
            for block in try Self.blocks(page) where block.text.contains(where: { $0.hasPrefix("segment \"") || $0.hasPrefix("group \"") }) {
                let source = RuleSource(file: "\(page):\(block.line)", text: block.text.joined(separator: "\n"))
                if case let .failure(errors) = RuleChecker.check(source, schema: schema) {
                    Issue.record("\(page):\(block.line): \(errors)")
                }
                checked += 1
            }
        }
        for file in ["campaigns.strata", "benchmark.strata"] {
            let path = "\(Self.root)/examples/segments/\(file)"
            let source = RuleSource(file: path, text: try String(contentsOfFile: path, encoding: .utf8))
            if case let .failure(errors) = RuleChecker.check(source, schema: schema) { Issue.record("\(file): \(errors)") }
        }
        #expect(checked >= 1)
    }

    @Test func everyCommandRunsAndEverySynopsisIsReal() throws {
        let strata = try #require(CrashSafetyTests.binary, "the strata executable is built by `swift test` next to the tests")
        let sandbox = TempDir()
        for link in ["Tests", "examples"] {
            try FileManager.default.createSymbolicLink(atPath: "\(sandbox.path)/\(link)", withDestinationPath: "\(Self.root)/\(link)")
        }
        try FileManager.default.createDirectory(atPath: "\(sandbox.path)/exports", withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: "\(fixtures)/exports/shopify-orders.csv", toPath: "\(sandbox.path)/exports/orders.csv")
        try DemoData.write(customers: 3_000, seed: 7, to: "\(sandbox.path)/demo/data")
        var ran = 0, synopses = 0
        for page in Self.pages {
            for block in try Self.blocks(page) {
                for (line, command) in Self.commands(block) {
                    // `serve` runs until stopped: its options are checked as a synopsis's are.
                    if Self.isSynopsis(command) || command.hasPrefix("strata serve ") {
                        try checkSynopsis(command, strata: strata, at: "\(page):\(line)")
                        synopses += 1
                        continue
                    }
                    let (status, output) = try shell(Self.scaledDown(command), strata: strata, in: sandbox.path)
                    #expect(status == 0, "\(page):\(line): `\(command)` exited \(status):\n\(output)")
                    ran += 1
                }
            }
        }
        #expect(ran >= 20 && synopses >= 10)
    }

    /// Generated sizes cut to 3,000 customers, so the examples run in seconds.
    static func scaledDown(_ command: String) -> String {
        var words = command.components(separatedBy: " ")
        if let i = words.firstIndex(of: "--customers"), i + 1 < words.count, let n = Int(words[i + 1]), n > 3_000,
           ["generate", "demo", "simulate"].contains(words[1]) {
            words[i + 1] = "3000"
        } else if words.count > 1, ["generate", "demo"].contains(words[1]), !words.contains("--customers") {
            words.insert(contentsOf: ["--customers", "3000"], at: 2)
        }
        return words.joined(separator: " ")
    }

    /// The command exists and each `--option` is in its help.
    func checkSynopsis(_ command: String, strata: String, at place: String) throws {
        let words = command.components(separatedBy: " #")[0].split(separator: " ").map(String.init)
        let (status, help) = try shell("strata \(words[1]) --help", strata: strata, in: NSTemporaryDirectory())
        #expect(status == 0, "\(place): no command '\(words[1])'")
        for word in words where word.hasPrefix("--") {
            let option = String(word.prefix { $0 != "=" && $0 != "]" })
            #expect(help.contains(option + " ") || help.contains(option + "\n") || help.contains(option + ","),
                    "\(place): `strata \(words[1])` has no option \(option)")
        }
    }

    /// Runs a command line with `strata` on the PATH; its status and what it printed.
    func shell(_ command: String, strata: String, in folder: String) throws -> (Int32, String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", command]
        process.currentDirectoryURL = URL(fileURLWithPath: folder)
        var environment = ProcessInfo.processInfo.environment
        environment["PATH"] = URL(fileURLWithPath: strata).deletingLastPathComponent().path + ":" + (environment["PATH"] ?? "/usr/bin:/bin")
        process.environment = environment
        let output = TempDir().path + "/output.txt"
        FileManager.default.createFile(atPath: output, contents: nil)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: output))
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        process.waitUntilExit()
        try handle.close()
        return (process.terminationStatus, (try? String(contentsOfFile: output, encoding: .utf8)) ?? "")
    }
}
