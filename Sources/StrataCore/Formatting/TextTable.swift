/// Plain-text tables for the terminal.
public enum TextTable {
    /// Aligned columns: text columns (the first, and those in `left`) left-aligned, numbers
    /// right-aligned; no trailing spaces.
    public static func render(_ rows: [[String]], left: Set<Int> = [0]) -> String {
        guard let first = rows.first else { return "" }
        var widths = [Int](repeating: 0, count: first.count)
        for row in rows { for (i, cell) in row.enumerated() where i < widths.count { widths[i] = max(widths[i], cell.count) } }
        return rows.map { row in
            let line = row.enumerated().map { i, cell in
                let pad = String(repeating: " ", count: widths[i] - cell.count)
                return left.contains(i) ? cell + pad : pad + cell
            }.joined(separator: "  ")
            return String(line.reversed().drop { $0 == " " }.reversed())
        }.joined(separator: "\n") + "\n"
    }
}
