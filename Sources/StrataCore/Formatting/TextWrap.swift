/// Prose for the terminal: lines broken at spaces to fit a width, continuation lines indented
/// under the text they continue (past a "- " bullet).
public enum TextWrap {
    /// The width the default terminal output fits.
    public static let width = 100

    /// Every line of `text` fitted to `width`; a word longer than the width stays whole.
    public static func wrap(_ text: String, width: Int = width) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { wrapLine(Substring($0), width: width) }.joined(separator: "\n")
    }

    private static func wrapLine(_ line: Substring, width: Int) -> String {
        guard line.count > width else { return String(line) }
        let leading = line.prefix { $0 == " " }.count
        let body = line.dropFirst(leading)
        let hanging = String(repeating: " ", count: leading + (body.hasPrefix("- ") ? 2 : 4))
        var lines: [String] = []
        var current = String(line.prefix(leading))
        var empty = true
        for word in body.split(separator: " ", omittingEmptySubsequences: false) {
            if !empty, current.count + 1 + word.count > width {
                lines.append(current)
                current = hanging + word
            } else {
                current += (empty ? "" : " ") + word
            }
            empty = false
        }
        lines.append(current)
        return lines.joined(separator: "\n")
    }
}
