/// The type of a customer field: in customers.csv, the segment language and the report.
public enum FieldType: String, Sendable {
    case number, text, bool, date

    package var article: String {
        switch self {
        case .number: return "a number"
        case .text: return "text"
        case .bool: return "true/false"
        case .date: return "a date"
        }
    }
}
