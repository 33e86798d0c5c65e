import StrataCore

/// Writes what `strata init` found as a commented config file (YAML) a user can edit.
public enum ConfigWriter {
    public static func yaml(_ tables: [DetectedTable], command: String) -> String {
        var out = "# Written by `strata init`. Every finding is a comment above its table; check the ones marked\n"
        out += "# AMBIGUOUS or NOT FOUND, then run:\n#   \(command)\n"
        for table in tables {
            let o = table.options
            out += "\n\(table.kind.rawValue):\n"
            out += "  # \(table.file)\n"
            for finding in table.findings { out += "  # - \(finding)\n" }
            if case let .delimited(delimiter, header)? = o.layout {
                out += "  delimiter: \(name(delimiter))\n  header: \(header)\n"
            }
            switch o.dateFormat {
            case .auto: break
            case let .pattern(pattern): out += "  date_format: \(jsonString(pattern.description))\n"
            default:
                if let named = DateFormat.named.first(where: { $0.format == o.dateFormat }) { out += "  date_format: \(named.name)\n" }
            }
            out += "  # timezone: Europe/London   # the zone of times written without an offset (default UTC)\n"
            out += "  columns:\n"
            for (canonical, column) in o.columns.sorted(by: { $0.key < $1.key }) { out += "    \(canonical): \(jsonString(column))\n" }
            if !o.skip.isEmpty { out += "  skip:\n" + o.skip.map { "    - \(rule($0))\n" }.joined() }
            if !o.skipOrders.isEmpty { out += "  skip_orders:\n" + o.skipOrders.map { "    - \(rule($0))\n" }.joined() }
            if !o.refunds.isEmpty { out += "  refunds:\n" + o.refunds.map { "    - \(rule($0))\n" }.joined() }
        }
        return out
    }

    static func name(_ delimiter: Delimiter) -> String {
        switch delimiter {
        case .comma: return "comma"
        case .tab: return "tab"
        case .semicolon: return "semicolon"
        case .pipe: return "pipe"
        case .whitespace: return "whitespace"
        }
    }

    static func rule(_ rule: RowRule) -> String {
        let test: String
        switch rule.test {
        case .empty: test = "empty: true"
        case let .oneOf(values): test = "in: [" + values.map(jsonString).joined(separator: ", ") + "]"
        case let .prefix(text): test = "prefix: \(jsonString(text))"
        case let .matches(pattern): test = "matches: \(jsonString(pattern))"
        }
        return "{column: \(jsonString(rule.column)), \(test)}"
    }

}
