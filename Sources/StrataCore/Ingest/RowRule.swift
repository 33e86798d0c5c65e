import Foundation

/// A condition on one column of a row, from the config: rows it holds for are skipped (counted
/// under the rule) or, for orders, taken as refunds.
///
/// ```yaml
/// orders:
///   skip:
///     - {column: CustomerID, empty: true}
///     - {column: StockCode, in: [POST, D, M, BANK CHARGES]}
///     - {column: Description, matches: "^TEST"}
///   refunds:
///     - {column: InvoiceNo, prefix: C}
/// ```
public struct RowRule: Sendable, Hashable, CustomStringConvertible {
    /// What the column's value (trimmed) is tested for.
    public enum Test: Sendable, Hashable {
        case empty
        case oneOf([String])
        case prefix(String)
        /// A regular expression that must match somewhere in the value.
        case matches(String)
    }

    /// The file's column name.
    public var column: String
    public var test: Test

    public init(column: String, test: Test) {
        self.column = column
        self.test = test
    }

    /// "CustomerID is empty", "StockCode in [POST, D]", "InvoiceNo starts with C", "Description matches ^TEST".
    public var description: String {
        switch test {
        case .empty: return "\(column) is empty"
        case let .oneOf(values): return "\(column) in [\(values.joined(separator: ", "))]"
        case let .prefix(text): return "\(column) starts with \(text)"
        case let .matches(pattern): return "\(column) matches \(pattern)"
        }
    }
}

/// Row rules bound to a file's slots, ready to test rows.
package struct BoundRowRules {
    private struct Bound {
        let slot: Int
        let test: RowRule.Test
        let values: Set<[UInt8]>
        let prefix: [UInt8]
        let regex: NSRegularExpression?
    }

    private let rules: [Bound]
    /// The rules' descriptions, by index.
    package let names: [String]

    package var isEmpty: Bool { rules.isEmpty }
    package var count: Int { rules.count }

    /// Binds each rule's column (adding a slot for it); a column the file lacks is an error.
    package init(_ rules: [RowRule], kind: String, binding: inout ColumnBinding, columns: [String], file: String) throws(IngestError) {
        var bound: [Bound] = []
        for rule in rules {
            guard let name = columns.first(where: { $0.lowercased() == rule.column.lowercased() }) else {
                throw .invalidConfig(file: file, message: "\(kind) rule '\(rule)': no column '\(rule.column)' in the file; columns: \(columns.joined(separator: ", "))")
            }
            let slot = binding.slotNames.firstIndex(of: name) ?? binding.addSlot(named: name)
            var regex: NSRegularExpression?
            var values: Set<[UInt8]> = [], prefix: [UInt8] = []
            switch rule.test {
            case .empty: break
            case let .oneOf(list): values = Set(list.map { Array($0.utf8) })
            case let .prefix(text): prefix = Array(text.utf8)
            case let .matches(pattern):
                do { regex = try NSRegularExpression(pattern: pattern) } catch {
                    throw .invalidConfig(file: file, message: "\(kind) rule '\(rule)': not a valid regular expression")
                }
            }
            bound.append(Bound(slot: slot, test: rule.test, values: values, prefix: prefix, regex: regex))
        }
        self.rules = bound
        names = rules.map(\.description)
    }

    /// Rows skipped per rule description, summed over chunks (rules that skipped nothing left out).
    package func counts(_ perChunk: [[Int]]) -> [String: Int] { Self.counts(perChunk, names: names) }

    /// The same for counters of several rule lists, named in order.
    package static func counts(_ perChunk: [[Int]], names: [String]) -> [String: Int] {
        var counts: [String: Int] = [:]
        for (i, name) in names.enumerated() {
            let n = perChunk.reduce(0) { $0 + $1[i] }
            if n > 0 { counts[name, default: 0] += n }
        }
        return counts
    }

    /// The index of the first rule the row meets, if any.
    package func firstMatch(_ row: RowBuffer) -> Int? {
        for (i, rule) in rules.enumerated() where holds(rule, row) { return i }
        return nil
    }

    private func holds(_ rule: Bound, _ row: RowBuffer) -> Bool {
        let value = row.field(rule.slot).map(FieldParser.trimmed) ?? UnsafeBufferPointer(start: nil, count: 0)
        switch rule.test {
        case .empty: return value.isEmpty
        case .oneOf: return rule.values.contains(Array(value))
        case .prefix: return value.starts(with: rule.prefix)
        case .matches:
            let text = String(decoding: value, as: UTF8.self)
            return rule.regex?.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
        }
    }
}
