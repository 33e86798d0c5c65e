@testable import StrataCLI

/// Runs `strata` in this process, as a user would from a shell, capturing what it prints.
enum StrataCommand {
    static func run(_ arguments: [String]) -> (status: Int32, stdout: String, stderr: String) {
        let console = Console.capture()
        let status = Console.$current.withValue(console) { Strata.execute(arguments) }
        return (status, console.standardOutput, console.standardError)
    }
}
