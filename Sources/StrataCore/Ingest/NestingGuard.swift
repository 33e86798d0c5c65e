/// Guards the YAML parser (configs, playbooks) against documents nested so deep that parsing
/// them would exhaust the stack: the depth of block indentation plus `[`/`{` nesting, measured
/// in one pass without recursion.
package enum NestingGuard {
    /// Deeper than any real config or playbook.
    package static let limit = 64

    /// The first line whose nesting passes the limit, and the depth there; nil when it never does.
    package static func firstTooDeep(_ text: String, limit: Int = limit) -> (line: Int, depth: Int)? {
        var indents: [Int] = []
        var flow = 0
        for (n, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let indent = line.prefix { $0 == " " || $0 == "-" }.count
            let content = line.drop { $0 == " " || $0 == "\t" }
            if !content.isEmpty, !content.hasPrefix("#"), flow == 0 {
                while let last = indents.last, last >= indent { indents.removeLast() }
                indents.append(indent)
            }
            var quote: Character?
            var previous: Character = " "
            scan: for c in line {
                defer { previous = c }
                if let q = quote { if c == q { quote = nil }; continue }
                switch c {
                case "\"", "'": quote = c
                case "[", "{":
                    flow += 1
                    if indents.count + flow > limit { return (n + 1, indents.count + flow) }
                case "]", "}": flow = max(0, flow - 1)
                // A comment (a `#` after a blank) runs to the end of the line: its brackets do not count.
                case "#" where previous == " " || previous == "\t": break scan
                default: continue
                }
            }
            if indents.count + flow > limit { return (n + 1, indents.count + flow) }
        }
        return nil
    }
}
