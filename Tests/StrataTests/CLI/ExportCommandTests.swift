import Foundation
import Testing
@testable import StrataCore
@testable import StrataPipeline

/// `strata export`: the members of segments as a list a mailing tool, another system or a
/// spreadsheet reads, from a run's folder or a store's snapshot; and the guard that keeps one
/// command from writing over another's results.
@Suite struct ExportCommandTests {
    func run(_ arguments: [String]) -> (status: Int32, stdout: String, stderr: String) { StrataCommand.run(arguments) }

    /// Generated data whose customers file also has contact columns, one of them awkward to quote,
    /// analyzed into OUT with a custom segment.
    static func analyzed() throws -> (dir: TempDir, out: String) {
        let dir = DataGeneratorTests().generate(600, seed: 31)
        let lines = try String(contentsOfFile: "\(dir.path)/customers.csv", encoding: .utf8).split(separator: "\n")
        var text = String(lines[0]) + ",email,phone,first_name\n"
        for (i, line) in lines.dropFirst().enumerated() {
            let id = line.prefix { $0 != "," }
            let name = i == 0 ? "\"Müller, \"\"Jo\"\"\"" : "Ann"
            text += "\(line),\(id.lowercased())@example.com,+49 30 \(1000 + i),\(name)\n"
        }
        try? FileManager.default.removeItem(atPath: "\(dir.path)/\(ResultsFolder.markerName)")
        dir.write("customers.csv", text)
        let rules = dir.write("rules.strata", "segment \"Big spenders\" = revenue > 300\nsegment \"Nobody\" = orders > 100000\n")
        let result = StrataCommand.run(["analyze", dir.path, "--out", "\(dir.path)/out", "--segments", rules, "--model", "none"])
        #expect(result.status == 0, "\(result.stderr)")
        return (dir, "\(dir.path)/out")
    }

    /// Rows of a CSV file read by the ingest's reader (quotes and all).
    func csv(_ path: String) throws -> CustomerColumns {
        try CustomerColumns(path: path, numbers: [], texts: try CustomerColumns.header(path: path))
    }

    @Test func writesTheMembersWithContactColumnsQuotedForAMailingTool() throws {
        let (dir, out) = try Self.analyzed()
        let file = "\(dir.path)/at-risk.csv"
        let result = run(["export", out, "--segment", "At Risk", "--segment", "Hibernating", "--out", file])
        #expect(result.status == 0, "\(result.stderr)")
        let header = try String(contentsOfFile: file, encoding: .utf8).prefix { $0 != "\n" }
        #expect(header == "customer_id,email,phone,first_name,segment")

        // The members are exactly the customers the run put in those segments.
        let customers = try csv("\(out)/customers.csv")
        let expected = zip(customers.text("customer_id"), customers.text("rfm_segment")).filter { ["At Risk", "Hibernating"].contains($0.1) }
        let written = try csv(file)
        #expect(written.text("customer_id") == expected.map(\.0))
        #expect(written.text("segment") == expected.map(\.1))
        #expect(written.text("email") == expected.map { $0.0.lowercased() + "@example.com" })
        #expect(result.stderr.contains("At Risk \(NumberFormat.grouped(expected.filter { $0.1 == "At Risk" }.count))"))

        // The awkward name (the first customer's) survives quoting.
        let first = customers.text("rfm_segment")[0]
        let big = try #require(customers.text("revenue").firstIndex { (Double($0) ?? 0) > 300 })
        let both = customers.text("rfm_segment")[big]
        let all = run(["export", out, "--segment", "rfm:\(first)", "--segment", "rfm:\(both)", "--segment", "Big spenders",
                       "--columns", "customer_id,first_name,segment"])
        #expect(all.status == 0)
        #expect(customers.text("first_name")[0] == "Müller, \"Jo\"" && all.stdout.contains("\"Müller, \"\"Jo\"\"\""))
        // A customer in both chosen segments is one row naming both.
        #expect(all.stdout.contains("\(both); Big spenders"))
        let ids = all.stdout.split(separator: "\n").dropFirst().map { $0.prefix { $0 != "," } }
        #expect(Set(ids).count == ids.count)
    }

    @Test func excelAndNDJSONForms() throws {
        let (dir, out) = try Self.analyzed()
        let file = "\(dir.path)/champions.csv"
        #expect(run(["export", out, "--segment", "Champions", "--columns", "customer_id,first_name,avg_order_value", "--excel",
                     "--decimal-comma", "--out", file]).status == 0)
        let bytes = try #require(FileManager.default.contents(atPath: file))
        #expect(bytes.prefix(2) == Data([0xFF, 0xFE]), "UTF-16 little-endian byte-order mark")
        let text = try #require(String(data: bytes.dropFirst(2), encoding: .utf16LittleEndian))
        let rows = text.split(separator: "\r\n").map { $0.split(separator: "\t", omittingEmptySubsequences: false) }
        #expect(rows[0] == ["customer_id", "first_name", "avg_order_value"])
        #expect(rows.dropFirst().allSatisfy { $0.count == 3 && !$0[2].contains(".") })
        #expect(rows.dropFirst().contains { $0[2].contains(",") }, "decimals written with a comma")
        // A phone number would be a formula in a spreadsheet: it is written as text.
        #expect(run(["export", out, "--segment", "Champions", "--segment", "Champions", "--columns", "customer_id,phone,segment",
                     "--excel", "--decimal-comma", "--out", file]).status == 0)
        let phoneBytes = try #require(FileManager.default.contents(atPath: file))
        let phones = try #require(String(data: phoneBytes.dropFirst(2), encoding: .utf16LittleEndian))
        let first = try #require(phones.split(separator: "\r\n").dropFirst().first?.split(separator: "\t"))
        #expect(first[1].hasPrefix("'+49 30 ") && !first[1].contains(","), "\(first)")
        #expect(first[2] == "Champions", "a segment asked for twice is named once")

        let ndjson = run(["export", out, "--segment", "passive", "--format", "ndjson", "--columns", "customer_id,avg_order_value,segment"])
        #expect(ndjson.status == 0)
        for line in ndjson.stdout.split(separator: "\n") {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: String])
            #expect(object["segment"] == "passive" && object.keys.sorted() == ["avg_order_value", "customer_id", "segment"])
        }
    }

    @Test func emptyAndUnknownSegmentsAndColumns() throws {
        let (_, out) = try Self.analyzed()
        let empty = run(["export", out, "--segment", "Nobody"])
        #expect(empty.status == 0 && empty.stdout == "customer_id,email,phone,first_name,segment\n")
        #expect(empty.stderr.contains("warning: custom:Nobody has no members"))

        let unknown = run(["export", out, "--segment", "At Rsik"])
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("no segment 'At Rsik'; did you mean 'At Risk'?"))
        #expect(unknown.stderr.contains("rfm: Champions, Loyal Customers") && unknown.stderr.contains("custom: Big spenders, Nobody"))
        let column = run(["export", out, "--segment", "Champions", "--columns", "customer_id,emial"])
        #expect(column.status == 2 && column.stderr.contains("no column 'emial'; did you mean 'email'?"))
        #expect(run(["export", out]).status == 64)
        #expect(run(["export", "--segment", "Champions"]).stderr.contains("Give the results folder"))
    }

    @Test func clustersAndStoreSnapshots() throws {
        let (dir, out) = try Self.analyzed()
        let cluster = run(["cluster", dir.path, "--out", "\(out)/clusters", "--k", "3", "--model", "none"])
        #expect(cluster.status == 0, "\(cluster.stderr)")
        let name = try #require(try csv("\(out)/clusters/clusters.csv").text("cluster_name").first)
        let file = "\(dir.path)/cluster.csv"
        let members = run(["export", out, "--segment", "cluster:\(name)", "--columns", "customer_id,email,cluster_name", "--out", file])
        #expect(members.status == 0, "\(members.stderr)")
        let rows = try csv(file)
        #expect(!rows.text("email").isEmpty && rows.text("email").allSatisfy { $0.hasSuffix("@example.com") })
        #expect(rows.text("cluster_name").allSatisfy { $0 == name })

        let db = "\(dir.path)/strata.db"
        #expect(run(["import", dir.path, "--db", db]).status == 0)
        #expect(run(["snapshot", "--db", db, "--as-of", "2024-06-30", "--model", "none"]).status == 0)
        let stored = run(["export", "--db", db, "--segment", "Champions", "--columns", "customer_id,email,rfm_segment"])
        #expect(stored.status == 0, "\(stored.stderr)")
        let fromRun = run(["export", out, "--segment", "Champions", "--columns", "customer_id,email,rfm_segment"])
        #expect(Set(stored.stdout.split(separator: "\n")) == Set(fromRun.stdout.split(separator: "\n")),
                "the snapshot as of the run's date holds the same members")
        #expect(run(["export", "--db", db, "--as-of", "2024-01-31", "--segment", "Champions"]).stderr.contains("2024-06-30"))
    }

    @Test func clustersOfTheSameNameAreToldApartByTheirId() throws {
        let dir = TempDir()
        try FileManager.default.createDirectory(atPath: "\(dir.path)/clusters", withIntermediateDirectories: true)
        dir.write("clusters/clusters.csv", "customer_id,cluster,cluster_name\nA,0,Average customers\nB,1,Big spenders\nC,2,Average customers\n")
        let second = run(["export", dir.path, "--segment", "Average customers (cluster 2)", "--columns", "customer_id,cluster"])
        #expect(second.status == 0 && second.stdout == "customer_id,cluster\nC,2\n", "\(second.stderr)")
        let plain = run(["export", "\(dir.path)/clusters", "--segment", "Big spenders"])
        #expect(plain.stdout == "customer_id,segment\nB,Big spenders\n")
        #expect(run(["export", dir.path, "--segment", "Average customers"]).stderr.contains("cluster: Average customers (cluster 0)"))
    }

    @Test func oneCommandNeverWritesOverAnothersResults() throws {
        let (dir, out) = try Self.analyzed()
        // cluster into analyze's folder: refused before any work, named, with the way out.
        let clash = run(["cluster", dir.path, "--out", out, "--k", "2", "--model", "none"])
        #expect(clash.status == 64)
        #expect(clash.stderr.contains("holds the results of strata analyze (customers.csv, segments.json"))
        #expect(clash.stderr.contains("--force"))
        #expect(!FileManager.default.fileExists(atPath: "\(out)/clusters.csv"))
        // analyze into the data folder: its customers.csv is input, not a result.
        let data = run(["analyze", dir.path, "--out", dir.path, "--model", "none"])
        #expect(data.status == 64 && data.stderr.contains("customers.csv"))
        // The same command again is fine; --force replaces another's results completely.
        #expect(run(["analyze", dir.path, "--out", out, "--model", "none"]).status == 0)
        let forced = run(["cluster", dir.path, "--out", out, "--k", "2", "--model", "none", "--force"])
        #expect(forced.status == 0, "\(forced.stderr)")
        #expect(!FileManager.default.fileExists(atPath: "\(out)/customers.csv") && FileManager.default.fileExists(atPath: "\(out)/clusters.csv"))
        #expect(forced.stdout.contains("files written: \(out)/clusters.json"))

        // Never over a run's own input, even with --force.
        let own = run(["analyze", dir.path, "--out", dir.path, "--model", "none", "--force"])
        #expect(own.status == 64 && own.stderr.contains("is an input of this run"), "\(own.stderr)")
        #expect(FileManager.default.fileExists(atPath: "\(dir.path)/orders.csv"))
        // A marker is trusted only for the names its command writes: nothing outside is removed.
        let outside = dir.write("keep.txt", "mine")
        let odd = "\(dir.path)/odd"
        try FileManager.default.createDirectory(atPath: odd, withIntermediateDirectories: true)
        try #"{"command":"cluster","files":["../keep.txt","clusters.csv"]}"#.write(toFile: "\(odd)/\(ResultsFolder.markerName)", atomically: true, encoding: .utf8)
        #expect(run(["analyze", dir.path, "--out", odd, "--model", "none", "--force"]).status == 0)
        #expect(FileManager.default.fileExists(atPath: outside))
        // The same command's marker does not cover a file it did not write.
        let mixed = "\(dir.path)/mixed"
        try FileManager.default.createDirectory(atPath: mixed, withIntermediateDirectories: true)
        try #"{"command":"analyze","files":["rejected.csv"]}"#.write(toFile: "\(mixed)/\(ResultsFolder.markerName)", atomically: true, encoding: .utf8)
        _ = dir.write("mixed/customers.csv", "customer_id\nmine\n")
        #expect(run(["analyze", dir.path, "--out", mixed, "--model", "none"]).stderr.contains("already holds customers.csv, not written by strata analyze"))

        // A generated world without events leaves no stale events file behind.
        let world = "\(dir.path)/world"
        #expect(run(["generate", "--customers", "50", "--out", world]).status == 0)
        #expect(run(["generate", "--customers", "50", "--no-events", "--out", world]).status == 0)
        #expect(!FileManager.default.fileExists(atPath: "\(world)/events.csv"))
    }
}
