import ArgumentParser
import Foundation
import StrataCore
import StrataOutputs
import StrataPipeline

extension Strata {
    struct Init: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Look at exports and write a commented config that reads them (columns, dates, line items, refunds).",
            discussion: helpText("""
            Reads the first 5,000 rows of each FILE (CSV, TSV, semicolon- or pipe-separated) and finds which table it is
            (orders, events, customers), the delimiter, which column feeds each field (including Shopify, WooCommerce,
            Magento and UCI Online Retail spellings), the date pattern (day/month order from the data), line items,
            a quantity × unit price amount, cancellations and rows without a customer. Prints what it found and why,
            and writes the config, with the command that reads the exports with it.
            """, examples: [
                "strata init exports/orders.csv --out strata.yaml",
                "strata init exports/orders.csv exports/customers.csv --force",
            ])
        )

        @Argument(help: "Export files (one per table).") var files: [String]
        @Option(help: "The config file to write.") var out: String = "strata.yaml"
        @Flag(help: "Replace an existing config file.") var force = false

        func validate() throws {
            guard !files.isEmpty else { throw ValidationError("Give at least one export file.") }
            for file in files { try requireFile(file, "FILE") }
            try requireWritableFile(out, "--out")
            if FileManager.default.fileExists(atPath: out), !force {
                throw ValidationError("--out '\(out)' exists; give --force to replace it, or another name")
            }
        }

        func run() throws {
            var tables: [DetectedTable] = []
            for file in files {
                let table = try ExportDetector.detect(path: file)
                if let other = tables.first(where: { $0.kind == table.kind }) {
                    throw AnalysisError.notInData("\(file) and \(other.file) both look like \(table.kind.rawValue); give one file per table")
                }
                tables.append(table)
            }
            let parts = ["strata analyze"] + tables.map { "--\($0.kind.rawValue) \($0.file)" } + ["--config \(out)"]
            let command = parts.joined(separator: " ")
            try AnalysisArtefacts.write(out) { Data(ConfigWriter.yaml(tables, command: command).utf8) }
            for table in tables {
                say("\(table.file): \(table.kind.rawValue)")
                for finding in table.findings { say("  \(finding)") }
            }
            say("wrote \(out); then run:")
            output("  " + parts.joined(separator: " \\\n      "))
        }
    }
}
