import Foundation

/// A subcommand's help text: paragraphs (single line breaks join, so the help wraps evenly at
/// any width; indented lines stay as written) followed by examples.
func helpText(_ text: String, examples: [String]) -> String {
    var paragraphs: [String] = []
    var current: [String] = []
    func flush() {
        if !current.isEmpty { paragraphs.append(current.joined(separator: " ")) }
        current = []
    }
    for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
        if line.trimmingCharacters(in: .whitespaces).isEmpty {
            flush()
        } else if line.hasPrefix("  ") {
            flush()
            paragraphs.append(String(line))
        } else {
            current.append(line.trimmingCharacters(in: .whitespaces))
        }
    }
    flush()
    let body = paragraphs.joined(separator: "\n")
    return (body.isEmpty ? "" : body + "\n\n") + "Examples:\n" + examples.map { "  " + $0 }.joined(separator: "\n")
}
