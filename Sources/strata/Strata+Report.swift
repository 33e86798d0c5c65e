import ArgumentParser
import Foundation
import StrataCore

extension Strata {
    struct Report: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write the HTML report (and report.md) from a previous analyze run's output folder."
        )

        @Argument(help: "The --out folder of strata analyze (segments.json, customers.csv).") var folder: String
        @Option(help: "The HTML file to write; the Markdown goes next to it (.md).") var out: String = "report.html"

        func run() throws {
            let data: ReportData
            do { data = try ReportData(outputDirectory: folder) } catch { fail("\(error)") }
            try writeReport(data, to: out)
        }
    }
}

/// Writes `path` (HTML) and the Markdown version beside it.
func writeReport(_ data: ReportData, to path: String) throws {
    try Data(HTMLReport.render(data).utf8).write(to: URL(fileURLWithPath: path))
    let markdown = (path as NSString).deletingPathExtension + ".md"
    try Data(MarkdownReport.render(data).utf8).write(to: URL(fileURLWithPath: markdown))
    print("wrote \(path) and \(markdown)")
}
