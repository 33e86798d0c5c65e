import Foundation
import Testing
@testable import StrataCore

/// Mutation fuzzing of everything a user hands Strata: CSV, TSV and NDJSON inputs, config
/// YAML, segment definitions and playbooks, seeded from the hostile corpus and the export
/// fixtures. A crash ends the process (and the run); anything else that goes wrong — an
/// account that does not balance, a kept row count that differs from the table — is recorded.
///
/// The suite runs a short fixed budget; `scripts/fuzz.sh SECONDS` runs a long one in release
/// (`STRATA_FUZZ_SECONDS`) and prints the figures.
@Suite struct FuzzTests {
    /// A seed input of one kind.
    struct Seed {
        enum Kind { case orders(ext: String), config, rules, playbook }
        var kind: Kind
        var bytes: [UInt8]
    }

    static func seeds() throws -> [Seed] {
        var seeds: [Seed] = []
        let roots = ["\(fixtures)/hostile", "\(fixtures)/exports"]
        for root in roots {
            guard let walker = FileManager.default.enumerator(atPath: root) else { continue }
            for case let relative as String in walker {
                let path = "\(root)/\(relative)"
                guard let data = FileManager.default.contents(atPath: path), data.count <= 64 << 10 else { continue }
                let name = (relative as NSString).lastPathComponent, ext = (name as NSString).pathExtension
                let kind: Seed.Kind?
                switch (name, ext) {
                case ("playbook.yaml", _): kind = .playbook
                case (_, "yaml"): kind = .config
                case (_, "strata"): kind = .rules
                case (_, "csv"), (_, "tsv"), (_, "ndjson"): kind = name.hasPrefix("orders") || root.hasSuffix("exports") ? .orders(ext: ext) : nil
                default: kind = nil
                }
                if let kind { seeds.append(Seed(kind: kind, bytes: [UInt8](data))) }
            }
        }
        return seeds
    }

    /// One random change: flip, insert a troublesome byte run, delete, repeat or swap lines,
    /// truncate, or splice in part of another seed.
    static func mutate(_ input: [UInt8], _ rng: inout SeededRandom, other: [UInt8]) -> [UInt8] {
        var bytes = input
        let specials: [[UInt8]] = ["\"", ",", "\n", "\r", "\t", "{", "}", "[", "]", "\\", ":", "-", ".", "e", "0", "9", "\u{FEFF}",
                                   "\\u", "\\uD800", "null", "true", "#", "'", " ", "999999999999999999999", "2024-02-30", "1e400"]
            .map { Array($0.utf8) }
        let operations = Int(rng.next() % 4) + 1
        for _ in 0..<operations {
            let at = bytes.isEmpty ? 0 : Int(rng.next() % UInt64(bytes.count + 1))
            switch rng.next() % 8 {
            case 0 where !bytes.isEmpty: bytes[min(at, bytes.count - 1)] ^= UInt8(truncatingIfNeeded: rng.next() | 1)
            case 1: bytes.insert(contentsOf: specials[Int(rng.next() % UInt64(specials.count))], at: at)
            case 2 where !bytes.isEmpty:
                let end = min(bytes.count, at + Int(rng.next() % 16) + 1)
                if at < end { bytes.removeSubrange(at..<end) }
            case 3:
                let lines = bytes.split(separator: 0x0A, omittingEmptySubsequences: false)
                if let line = lines.randomElement(using: &rng) { bytes.insert(contentsOf: Array(line) + [0x0A], at: at) }
            case 4 where !bytes.isEmpty: bytes.removeSubrange(at..<bytes.count)
            case 5:
                let start = other.isEmpty ? 0 : Int(rng.next() % UInt64(other.count))
                bytes.insert(contentsOf: other[start..<min(other.count, start + Int(rng.next() % 64))], at: at)
            case 6: bytes.insert(contentsOf: Array(repeating: specials[Int(rng.next() % 4)].first ?? 0x22, count: Int(rng.next() % 2000)), at: at)
            default:
                var lines = bytes.split(separator: 0x0A, omittingEmptySubsequences: false).map(Array.init)
                if lines.count > 2 {
                    lines.swapAt(Int(rng.next() % UInt64(lines.count)), Int(rng.next() % UInt64(lines.count)))
                    bytes = Array(lines.joined(separator: [0x0A]))
                }
            }
        }
        return bytes
    }

    /// Runs one input; returns what went wrong that is not an orderly rejection or error.
    static func run(_ seed: Seed, _ bytes: [UInt8], in dir: String) -> String? {
        let text = String(decoding: bytes, as: UTF8.self)
        switch seed.kind {
        case let .orders(ext):
            let path = "\(dir)/orders.\(ext)"
            FileManager.default.createFile(atPath: path, contents: Data(bytes))
            defer { try? FileManager.default.removeItem(atPath: path) }
            guard let data = try? DatasetLoader(paths: InputPaths(orders: path)).load() else { return nil }
            for file in data.report.files where !file.balances { return "\(file.file) does not balance: \(file)" }
            if let orders = data.report.files.first, orders.kept != data.orders.count {
                return "kept \(orders.kept) but \(data.orders.count) orders in the table"
            }
            guard let asOf = data.latestTimestamp, data.customers.count > 0 else { return nil }
            let segmentation = Segmentation(data, settings: FeatureSettings(asOf: asOf))
            if segmentation.features.count != data.customers.count { return "features for \(segmentation.features.count) of \(data.customers.count) customers" }
        case .config:
            _ = try? InputConfig.parse(text, file: "fuzz.yaml")
        case .rules:
            let schema = RuleSchema(fields: [("orders", .number), ("revenue", .number), ("country", .text), ("rfm_segment", .text)], openAttributes: true)
            if case let .success(rules) = RuleChecker.check(RuleSource(file: "fuzz.strata", text: text), schema: schema) {
                _ = SQLCompiler(rules, dialect: .sqlite, asOf: 1_719_791_999, schema: schema).query()
            }
        case .playbook:
            _ = try? Playbook(yaml: text, file: "fuzz.yaml")
        }
        return nil
    }

    @Test func mutatedInputsNeverCrashNorLoseCount() throws {
        let seeds = try Self.seeds()
        #expect(seeds.count > 100)
        let environment = ProcessInfo.processInfo.environment
        let budget = environment["STRATA_FUZZ_SECONDS"].flatMap(Double.init)
        let seed = UInt64(environment["STRATA_FUZZ_SEED"].flatMap(Int.init) ?? 1)
        // A fixed count in the suite (reproducible); a time budget on every core in long runs.
        let workers = budget == nil ? 1 : Parallel.workers
        let iterations = budget == nil ? 3_000 : Int.max
        let deadline = Date().addingTimeInterval(budget ?? .infinity)
        let results = Parallel.map(workers) { worker -> (runs: Int, byKind: [String: Int], problems: [String]) in
            var rng = SeededRandom(seed: seed, stream: UInt64(worker))
            let dir = TempDir()
            var runs = 0, byKind: [String: Int] = [:], problems: [String] = []
            while runs < iterations, Date() < deadline {
                let input = seeds[Int(rng.next() % UInt64(seeds.count))]
                let other = seeds[Int(rng.next() % UInt64(seeds.count))].bytes
                let bytes = Self.mutate(input.bytes, &rng, other: other)
                if let problem = Self.run(input, bytes, in: dir.path) {
                    problems.append(problem + "\ninput: " + String(decoding: bytes.prefix(400), as: UTF8.self))
                }
                runs += 1
                byKind["\(input.kind)".components(separatedBy: "(").first ?? "", default: 0] += 1
            }
            return (runs, byKind, problems)
        }
        let runs = results.reduce(0) { $0 + $1.runs }
        let byKind = results.reduce(into: [String: Int]()) { total, r in total.merge(r.byKind, uniquingKeysWith: +) }
        let problems = results.flatMap(\.problems)
        print("fuzz: \(runs) mutated inputs on \(workers) worker\(workers == 1 ? "" : "s") (\(byKind.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))), 0 crashes, \(problems.count) problems")
        #expect(problems.isEmpty, "\(problems.prefix(3).joined(separator: "\n---\n"))")
    }
}
