import ArgumentParser
import Foundation
import StrataCore
import StrataPipeline

extension SegmentExport.Format: ExpressibleByArgument {}

extension Strata {
    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write the members of segments as a list for a mailing tool, another system or a spreadsheet.",
            discussion: helpText("""
            Reads the --out folder of strata analyze (built-in and custom segments) or strata cluster (clusters),
            or with --db the store's snapshot as of --as-of (default: the latest). Name segments with --segment,
            once per segment: a built-in name (At Risk, passive), a custom segment or group label, a cluster
            name; SCHEME:NAME (rfm, activity, cluster, custom or a group's name) when a name is in several
            schemes. A customer in several of them is written once, with every name in the segment column.
            Default columns: customer_id, the contact columns the customers file has (email, phone, name, …)
            and segment; --columns chooses any columns of customers.csv instead.
            """, examples: [
                "strata export out --segment \"At Risk\" --segment \"Can't Lose Them\" > list.csv",
                "strata export out --segment passive --columns customer_id,email,clv",
                "strata export out --segment Champions --excel --out champions.csv",
                "strata export --db strata.db --as-of 2024-06-30 --segment Lost",
            ])
        )

        @Argument(help: "The --out folder of strata analyze or strata cluster (not with --db).") var folder: String?
        @Option(help: "The store to read a snapshot from instead of a folder.") var db: String?
        @Option(name: .customLong("as-of"), help: "The snapshot's date with --db (default: the latest snapshot).") var asOf: String?
        @Option(name: .customLong("segment"), help: "A segment to export (repeat for several).") var segments: [String] = []
        @Option(help: "Comma-separated columns (default: customer_id, contact columns, segment).") var columns: String?
        @Option(help: "Output format (excel: as --excel).") var format: SegmentExport.Format = .csv
        @Flag(help: "Write tab-separated UTF-16 with a byte-order mark, which spreadsheets open right in any locale.") var excel = false
        @Flag(name: .customLong("decimal-comma"), help: "Write decimal numbers with a comma (12,50), for spreadsheets in such locales.")
        var decimalComma = false
        @Option(help: "The file to write; default: stdout.") var out: String?

        var columnNames: [String]? {
            columns.map { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } }
        }

        func validate() throws {
            guard !segments.isEmpty else { throw ValidationError("Name a segment with --segment NAME (repeat for several).") }
            switch (folder, db) {
            case (nil, nil): throw ValidationError("Give the results folder of strata analyze, or --db FILE.")
            case (.some, .some): throw ValidationError("Give either a results folder or --db, not both.")
            case let (folder?, nil): try requireFolder(folder, "FOLDER")
            case let (nil, db?): try requireStore(db)
            }
            if asOf != nil, db == nil { throw ValidationError("--as-of chooses a snapshot of the store: use it with --db") }
            if let asOf { _ = try endOfDay(asOf, "--as-of") }
            if excel, format == .ndjson { throw ValidationError("--excel writes a spreadsheet file: drop --format ndjson") }
            if let names = columnNames, names.isEmpty || names.contains("") {
                throw ValidationError("--columns '\(columns ?? "")': expected names separated by commas")
            }
            if let out { try requireWritableFile(out, "--out") }
        }

        func run() throws {
            let export = if let db {
                try SegmentExport.fromStore(db, asOf: try asOf.map { try endOfDay($0, "--as-of") }, segments: segments, columns: columnNames)
            } else {
                try SegmentExport.fromRunFolder(folder!, segments: segments, columns: columnNames)
            }
            let data = export.render(excel ? .excel : format, decimalComma: decimalComma)
            for (segment, count) in export.members {
                if count == 0 { warn("\(segment) has no members") }
            }
            let counts = export.members.map { "\($0.segment.name) \(NumberFormat.grouped($0.count))" }.joined(separator: ", ")
            if let out {
                try AnalysisArtefacts.write(out) { data }
                Console.current.error("wrote \(NumberFormat.grouped(export.rows.count)) customers (\(counts)) to \(out)\n")
            } else {
                Console.current.outData(data)
            }
        }
    }
}
