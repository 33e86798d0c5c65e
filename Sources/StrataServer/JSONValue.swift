import StrataCore

/// A JSON value, for bodies built from the library's values.
enum JSONValue: Encodable, Sendable {
    case null
    case bool(Bool)
    case int(Int64)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    /// A feature's value as JSON: money and numbers as numbers, days as `yyyy-MM-dd`, flags as
    /// booleans, missing values (and non-finite numbers) as null.
    init(_ value: FeatureValue) {
        switch value {
        case .missing: self = .null
        case let .int(v): self = .int(v)
        case let .cents(v): self = .number(Double(v) / 100)
        case let .decimal(v): self = v.isFinite ? .number(v) : .null
        case let .text(v): self = .string(v)
        case let .day(v): self = .string(Timestamp.isoDate(day: v))
        case let .flag(v): self = .bool(v)
        }
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case let .bool(v): try container.encode(v)
        case let .int(v): try container.encode(v)
        case let .number(v): try container.encode(v)
        case let .string(v): try container.encode(v)
        case let .array(v): try container.encode(v)
        case let .object(v): try container.encode(v)
        }
    }
}
