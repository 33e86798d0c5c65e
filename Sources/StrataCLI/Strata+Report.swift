import ArgumentParser
import StrataOutputs
import StrataPipeline

extension Strata {
    struct Report: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write the HTML report (and report.md) from a previous analyze run's output folder.",
            discussion: helpText("", examples: [
                "strata report out/ --out report.html",
            ])
        )

        @Argument(help: "The --out folder of strata analyze (segments.json, customers.csv).") var folder: String
        @Option(help: "The HTML file to write; the Markdown goes next to it (.md).") var out: String = "report.html"

        func validate() throws {
            try requireFolder(folder, "FOLDER")
            try requireWritableFile(out, "--out")
        }

        func run() throws {
            let data = try ReportData(outputDirectory: folder)
            let markdown = try AnalysisArtefacts.writeReport(data, to: out)
            output("wrote \(out) and \(markdown)")
        }
    }
}
