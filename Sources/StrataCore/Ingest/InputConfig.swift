import Foundation
import Yams

/// How to read one table: its layout, column names and date format.
public struct TableOptions: Sendable, Hashable {
    /// `nil`: decide from the file extension (`.ndjson`/`.jsonl` → NDJSON, `.tsv` → tab, else comma with header).
    public var layout: TextLayout?
    /// Canonical column → the column's name in the file (or its 1-based position without a header).
    public var columns: [String: String]
    public var dateFormat: DateFormat
    /// The zone of timestamps written without a UTC offset; nil: UTC.
    public var timeZone: TimeZone?
    /// Rows to leave out, each counted under the first rule it meets.
    public var skip: [RowRule]
    /// Orders: a repeated order id is another line of the order (true) or a duplicate (false).
    public var lineItems = true
    /// Orders to leave out whole, with every line, when a rule names one of their lines (e.g. a
    /// status that only an order's first line carries).
    public var skipOrders: [RowRule] = []
    /// Orders to take as refunds (their amount counted negative) whatever their sign.
    public var refunds: [RowRule]
    /// Numbers written with a decimal comma (`1.234,56`, `12,5`), as many European exports write
    /// them; false: a decimal point (`1234.56`).
    public var decimalComma = false

    public init(layout: TextLayout? = nil, columns: [String: String] = [:], dateFormat: DateFormat = .auto,
                skip: [RowRule] = [], refunds: [RowRule] = []) {
        self.layout = layout
        self.columns = columns
        self.dateFormat = dateFormat
        self.skip = skip
        self.refunds = refunds
    }
}

/// How to turn several currencies into one: amounts in `base` are kept, others multiplied by their rate.
public struct CurrencyOptions: Sendable, Hashable {
    /// The reporting currency; `nil` takes the currency of the first order row.
    public var base: String?
    /// Units of `base` per unit of each other currency.
    public var rates: [String: Double]

    public init(base: String? = nil, rates: [String: Double] = [:]) {
        self.base = base
        self.rates = rates
    }
}

/// Everything a config file can say about the inputs (`--config`, YAML or JSON).
///
/// ```yaml
/// orders:
///   delimiter: whitespace      # comma | tab | semicolon | pipe | whitespace
///   header: true
///   format: csv                # csv | ndjson
///   date_format: yyyyMMdd      # auto | iso8601 | yyyyMMdd | epoch | epoch_ms
///   columns: {customer_id: customer_id, ts: date, amount: dollar_value}
/// currency: {base: USD, rates: {EUR: 1.08}}
/// ```
public struct InputConfig: Sendable, Hashable {
    public var tables: [TableKind: TableOptions]
    public var currency: CurrencyOptions
    /// The `schemes:` section as written: scheme → key → value (a list joined by commas); the
    /// segment schemes check the names and values (``SchemeSettings/apply(_:file:)``).
    public var schemes: [String: [String: String]] = [:]

    public init(tables: [TableKind: TableOptions] = [:], currency: CurrencyOptions = CurrencyOptions()) {
        self.tables = tables
        self.currency = currency
    }

    public func options(for kind: TableKind) -> TableOptions { tables[kind] ?? TableOptions() }

    /// A hash of every setting that changes how a table's file is read, stable across runs (the
    /// store compares it to tell an unchanged import from one to redo).
    public func fingerprint(for kind: TableKind) -> String {
        let o = options(for: kind)
        func sorted<V>(_ map: [String: V]) -> String { map.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ",") }
        var text = [String(describing: o.layout), sorted(o.columns), "\(o.dateFormat)", o.timeZone?.identifier ?? "",
                    "\(o.skip)", "\(o.lineItems)", "\(o.skipOrders)", "\(o.refunds)"] + (o.decimalComma ? ["decimal comma"] : [])
        if kind == .orders { text += [currency.base ?? "", sorted(currency.rates)] }
        var joined = text.joined(separator: "\n")
        return String(joined.withUTF8 { byteHash($0) }, radix: 16)
    }

    /// Reads a YAML or JSON config file.
    /// - Throws: ``IngestError/invalidConfig(file:message:)`` naming the key at fault.
    public static func load(path: String) throws(IngestError) -> InputConfig {
        let text: String
        do { text = try String(contentsOfFile: path, encoding: .utf8) } catch {
            throw .cannotOpen(file: path, reason: "\(error.localizedDescription)")
        }
        return try parse(text, file: path)
    }

    /// A YAML node as plain values (text, numbers, true/false, nil, arrays, string-keyed
    /// dictionaries); a mapping key that is not text is an error with its line.
    private static func plain(_ node: Node, file: String) throws(IngestError) -> Any? {
        switch node {
        case let .mapping(mapping):
            var out: [String: Any] = [:]
            for (key, value) in mapping {
                guard case let .scalar(scalar) = key else {
                    throw .invalidConfig(file: file, message: "line \(key.mark.map { String($0.line) } ?? "?"): a key must be text")
                }
                out[scalar.string] = try plain(value, file: file)
            }
            return out
        case let .sequence(sequence):
            var out: [Any] = []
            for item in sequence { out.append(try plain(item, file: file) ?? NSNull()) }
            return out
        case .scalar:
            return node.any is NSNull ? nil : node.any
        default:
            throw .invalidConfig(file: file, message: "line \(node.mark.map { String($0.line) } ?? "?"): aliases are not read in a config")
        }
    }

    /// Parses config text (YAML, or JSON which YAML reads too).
    public static func parse(_ text: String, file: String) throws(IngestError) -> InputConfig {
        if let (line, depth) = NestingGuard.firstTooDeep(text) {
            throw .invalidConfig(file: file, message: "line \(line): nested \(depth) levels deep; a config nests at most \(NestingGuard.limit)")
        }
        let root: Any?
        do {
            // Composed and converted here: Yams's own conversion traps on a key that is not text.
            root = try Yams.compose(yaml: text).map { node throws(IngestError) in try plain(node, file: file) } ?? nil
        } catch let error as IngestError {
            throw error
        } catch {
            throw .invalidConfig(file: file, message: "not valid YAML or JSON: \(error)")
        }
        guard let dict = root as? [String: Any] else {
            throw .invalidConfig(file: file, message: "expected a mapping with keys customers, orders, events, currency, schemes")
        }
        var config = InputConfig()
        for (key, value) in dict {
            if key == "currency" {
                config.currency = try currency(value, file: file)
            } else if key == "schemes" {
                guard let schemes = value as? [String: Any] else {
                    throw .invalidConfig(file: file, message: "'schemes' must map scheme names to their settings")
                }
                for (scheme, settings) in schemes {
                    guard let settings = settings as? [String: Any] else {
                        throw .invalidConfig(file: file, message: "schemes.\(scheme) must map settings to values")
                    }
                    config.schemes[scheme] = settings.mapValues { value in
                        (value as? [Any]).map { $0.map { "\($0)" }.joined(separator: ",") } ?? "\(value)"
                    }
                }
            } else if let kind = TableKind(rawValue: key) {
                config.tables[kind] = try table(value, kind: kind, file: file)
            } else {
                throw .invalidConfig(file: file, message: "unknown key '\(key)': expected customers, orders, events, currency or schemes")
            }
        }
        return config
    }

    private static func table(_ value: Any, kind: TableKind, file: String) throws(IngestError) -> TableOptions {
        guard let dict = value as? [String: Any] else {
            throw .invalidConfig(file: file, message: "'\(kind.rawValue)' must be a mapping")
        }
        var options = TableOptions()
        var delimiter: Delimiter = .comma
        var header = true
        var format = "csv"
        var layoutGiven = false
        for (key, value) in dict {
            let text = "\(value)"
            switch key {
            case "delimiter":
                guard let parsed = Delimiter(name: text) else {
                    throw .invalidConfig(file: file, message: "\(kind.rawValue).delimiter '\(text)': expected comma, tab, semicolon, pipe or whitespace")
                }
                delimiter = parsed
                layoutGiven = true
            case "header":
                guard let flag = value as? Bool else {
                    throw .invalidConfig(file: file, message: "\(kind.rawValue).header '\(text)': expected true or false")
                }
                header = flag
                layoutGiven = true
            case "format":
                guard text == "csv" || text == "ndjson" else {
                    throw .invalidConfig(file: file, message: "\(kind.rawValue).format '\(text)': expected csv or ndjson")
                }
                format = text
                layoutGiven = true
            case "date_format":
                guard let parsed = DateFormat(config: text) else {
                    let known = DateFormat.named.map(\.name).joined(separator: ", ")
                    throw .invalidConfig(file: file, message: "\(kind.rawValue).date_format '\(text)': expected one of \(known), "
                                         + "or a pattern such as M/d/yyyy H:mm, d.M.yyyy or dd/MM/yyyy HH:mm:ss")
                }
                options.dateFormat = parsed
            case "decimal" where kind != .customers:
                guard text == "comma" || text == "point" else {
                    throw .invalidConfig(file: file, message: "\(kind.rawValue).decimal '\(text)': expected comma (1.234,56) or point (1234.56)")
                }
                options.decimalComma = text == "comma"
            case "timezone":
                guard let zone = TimeZone(identifier: text) else {
                    throw .invalidConfig(file: file, message: "\(kind.rawValue).timezone '\(text)': expected an IANA time zone such as Europe/London")
                }
                options.timeZone = zone
            case "columns":
                guard let mapping = value as? [String: Any] else {
                    throw .invalidConfig(file: file, message: "\(kind.rawValue).columns must map canonical names to file column names")
                }
                let known = kind.columns.map(\.name)
                for (canonical, name) in mapping {
                    guard known.contains(canonical) else {
                        throw .invalidConfig(file: file, message: "\(kind.rawValue).columns: unknown column '\(canonical)': expected one of \(known.joined(separator: ", "))")
                    }
                    options.columns[canonical] = "\(name)"
                }
            case "skip":
                options.skip = try rules(value, at: "\(kind.rawValue).skip", file: file)
            case "line_items" where kind == .orders:
                guard let flag = value as? Bool else {
                    throw .invalidConfig(file: file, message: "orders.line_items '\(text)': expected true or false")
                }
                options.lineItems = flag
            case "skip_orders" where kind == .orders:
                options.skipOrders = try rules(value, at: "\(kind.rawValue).skip_orders", file: file)
            case "refunds" where kind == .orders:
                options.refunds = try rules(value, at: "\(kind.rawValue).refunds", file: file)
            default:
                let keys = "delimiter, header, format, date_format, timezone, columns, skip"
                    + (kind == .orders ? ", decimal, line_items, skip_orders or refunds" : kind == .events ? " or decimal" : "")
                throw .invalidConfig(file: file, message: "\(kind.rawValue): unknown key '\(key)': expected \(keys)")
            }
        }
        if layoutGiven {
            options.layout = format == "ndjson" ? .ndjson : .delimited(delimiter, header: header)
        }
        return options
    }

    /// A list of rules: `{column: NAME, empty: true | in: [A, B] | prefix: TEXT | matches: REGEX}`.
    private static func rules(_ value: Any, at key: String, file: String) throws(IngestError) -> [RowRule] {
        guard let list = value as? [Any] else { throw .invalidConfig(file: file, message: "\(key) must be a list of rules") }
        var rules: [RowRule] = []
        for (i, item) in list.enumerated() {
            let at = "\(key)[\(i + 1)]"
            guard let dict = item as? [String: Any], let column = dict["column"].map({ "\($0)" }), !column.isEmpty else {
                throw .invalidConfig(file: file, message: "\(at): expected {column: NAME, and one of empty, in, prefix, matches}")
            }
            let tests = dict.filter { $0.key != "column" }
            guard tests.count == 1, let (name, argument) = tests.first else {
                throw .invalidConfig(file: file, message: "\(at): expected exactly one of empty, in, prefix, matches besides column")
            }
            let test: RowRule.Test
            switch name {
            case "empty":
                guard argument as? Bool == true else { throw .invalidConfig(file: file, message: "\(at).empty: expected true") }
                test = .empty
            case "in":
                guard let values = argument as? [Any], !values.isEmpty else {
                    throw .invalidConfig(file: file, message: "\(at).in: expected a list of values")
                }
                test = .oneOf(values.map { "\($0)" })
            case "prefix": test = .prefix("\(argument)")
            case "matches": test = .matches("\(argument)")
            default: throw .invalidConfig(file: file, message: "\(at): unknown test '\(name)': expected empty, in, prefix or matches")
            }
            rules.append(RowRule(column: column, test: test))
        }
        return rules
    }

    private static func currency(_ value: Any, file: String) throws(IngestError) -> CurrencyOptions {
        guard let dict = value as? [String: Any] else {
            throw .invalidConfig(file: file, message: "'currency' must be a mapping with base and rates")
        }
        var options = CurrencyOptions()
        for (key, value) in dict {
            switch key {
            case "base": options.base = "\(value)"
            case "rates":
                guard let rates = value as? [String: Any] else {
                    throw .invalidConfig(file: file, message: "currency.rates must map currency codes to numbers")
                }
                for (code, rate) in rates {
                    guard let number = (rate as? Double) ?? (rate as? Int).map(Double.init), number > 0, number <= 1_000_000 else {
                        throw .invalidConfig(file: file, message: "currency.rates.\(code) '\(rate)': expected a positive number of at most 1,000,000")
                    }
                    options.rates[code] = number
                }
            default:
                throw .invalidConfig(file: file, message: "currency: unknown key '\(key)': expected base or rates")
            }
        }
        return options
    }
}
