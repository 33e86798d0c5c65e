import ArgumentParser
import StrataCore
import StrataPipeline

/// The `strata` command: customer segmentation from files.
public struct Strata: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "strata",
        abstract: "Customer segmentation and lifetime models: RFM, engagement segments, customer features, P(alive) and CLV from orders and events.",
        version: "0.1.0",
        subcommands: [Analyze.self, Check.self, Explain.self, SQL.self, Load.self, Fit.self, Predict.self, Validate.self, Simulate.self,
                      Import.self, Snapshot.self, Backfill.self, Movement.self, Trends.self, Alerts.self, Forget.self, Serve.self, Keys.self,
                      Report.self, Export.self, Cluster.self, PlaybookCommand.self, Init.self, Generate.self, Demo.self]
    )

    public init() {}

    /// Runs a command line (without the program name) and returns the exit status: 0 on success,
    /// 2 when the command failed on its data or files (`error: …` on stderr), 64 for a usage
    /// error, as ArgumentParser reports it. Output goes to ``Console/current``.
    public static func execute(_ arguments: [String]) -> Int32 {
        var command: ParsableCommand
        do {
            command = try parseAsRoot(arguments)
        } catch {
            if let typo = CommandTypo(arguments, commands: configuration.subcommands.map { $0._commandName } + ["help"]) {
                Console.current.error("error: \(typo)\n")
                return ExitCode.validationFailure.rawValue
            }
            return report(error)
        }
        do {
            try WorkMeter.$current.withValue(WorkMeter()) { try command.run() }
            return 0
        } catch let error where isParserError(error) {
            return report(error)
        } catch let AnalysisError.rules(file, errors) {
            // Every diagnostic with its caret, then the count.
            Console.current.error(errors.description + "\n")
            let count = errors.diagnostics.count
            Console.current.error("error: \(file): \(count) error\(count == 1 ? "" : "s")\n")
            return 2
        } catch {
            Console.current.error("error: \(error)\n")
            return 2
        }
    }

    /// Errors ArgumentParser reports itself: help requests, usage and validation errors, exit codes.
    private static func isParserError(_ error: Error) -> Bool {
        error is ExitCode || error is ValidationError || error is CleanExit
            || String(reflecting: type(of: error)).hasPrefix("ArgumentParser.")
    }

    /// Prints ArgumentParser's message for a parse or validation error (help and version on stdout).
    private static func report(_ error: Error) -> Int32 {
        let code = exitCode(for: error)
        let message = fullMessage(for: error)
        if code == .success {
            if !message.isEmpty { output(message) }
        } else {
            Console.current.error(message + "\n")
        }
        return code.rawValue
    }
}

/// An unknown command name, with the nearest known one.
struct CommandTypo: CustomStringConvertible {
    var given: String
    var nearest: String?
    var commands: [String]

    /// Nil unless the first argument is a word that names no command.
    init?(_ arguments: [String], commands: [String]) {
        guard let first = arguments.first, !first.hasPrefix("-"), !commands.contains(first) else { return nil }
        given = first
        self.commands = commands
        nearest = suggestion(for: first.lowercased(), among: commands)
    }

    var description: String {
        "unknown command '\(given)'" + (nearest.map { "; did you mean '\($0)'?" } ?? "")
            + "\ncommands: \(commands.joined(separator: ", "))"
    }
}
