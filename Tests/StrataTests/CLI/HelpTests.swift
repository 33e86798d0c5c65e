import ArgumentParser
import Foundation
import Testing
@testable import StrataCLI

/// Every subcommand's help ends with examples that are real command lines, short enough not to
/// wrap; the man page lists every subcommand.
@Suite struct HelpTests {
    static let commands = Strata.configuration.subcommands.map { $0._commandName }

    /// The words of a shell command line (quotes honoured), up to a redirection.
    static func words(_ line: String) -> [String] {
        var words: [String] = [], current = "", quote: Character?
        for ch in line {
            if let q = quote {
                if ch == q { quote = nil } else { current.append(ch) }
            } else if ch == "\"" || ch == "'" {
                quote = ch
            } else if ch == " " {
                if !current.isEmpty { words.append(current); current = "" }
            } else if ch == ">" {
                break
            } else {
                current.append(ch)
            }
        }
        if !current.isEmpty { words.append(current) }
        return words
    }

    @Test(arguments: commands)
    func examplesAreCommandLinesThatParse(_ command: String) throws {
        let help = StrataCommand.run([command, "--help"]).stdout
        let section = try #require(help.components(separatedBy: "Examples:\n").dropFirst().first, "\(command) has no examples")
        let examples = section.components(separatedBy: "\n\n")[0].split(separator: "\n").map(String.init)
        #expect(!examples.isEmpty)
        for example in examples {
            #expect(example.hasPrefix("  strata \(command)"), "\(example)")
            #expect(example.count < 80, "\(example) wraps in an 80-column help")
            let words = Array(Self.words(example).dropFirst())
            do {
                _ = try Strata.parseAsRoot(words)
            } catch {
                // Files the example names need not exist here; the words themselves must parse.
                let message = Strata.message(for: error)
                for problem in ["Unknown option", "Unexpected argument", "Missing expected argument", "Missing value", "is not a valid value"] {
                    #expect(!message.contains(problem), "\(example): \(message)")
                }
            }
        }
    }

    @Test func theManPageListsEveryCommand() throws {
        let page = try String(contentsOfFile: "\(fixtures)/../../docs/man/strata.1", encoding: .utf8)
        for command in Self.commands where command != "help" { #expect(page.contains(".It Em \(command)\n"), "\(command)") }
        #expect(page.contains("strata export out --segment"), "regenerate it with scripts/man-page.sh")
    }
}
