/// The three kinds of input table, with their canonical columns and the common spellings
/// accepted for each without a config.
public enum TableKind: String, Sendable, Hashable, CaseIterable, Codable {
    case customers, orders, events

    /// A canonical column and the header names it is recognised by.
    package struct Column: Sendable {
        package let name: String
        package let required: Bool
        package let synonyms: [String]
    }

    /// Columns of a file that may be what a canonical column is called there (for error messages):
    /// their name holds a word such columns are often named with.
    package static func likelyColumns(for canonical: String, in found: [String]) -> [String] {
        let words: [String]
        switch canonical {
        case "customer_id": words = ["customer", "client", "user", "email", "member", "buyer", "kunde", "account"]
        case "ts": words = ["date", "time", "created", "paid", "when", "datum", "day"]
        case "type": words = ["type", "event", "action", "kind"]
        case "amount": words = ["amount", "total", "price", "sum", "value", "revenue", "betrag"]
        default: words = [canonical.lowercased()]
        }
        return found.filter { column in
            let name = column.lowercased()
            return words.contains { name.contains($0) }
        }
    }

    package var columns: [Column] {
        switch self {
        case .customers:
            return [
                Column(name: "customer_id", required: true, synonyms: ["customer_id", "customerid", "customer", "client_id", "user_id", "id"]),
                Column(name: "signup_date", required: false, synonyms: ["signup_date", "signup", "created_at", "registered_at", "signup_ts"]),
            ]
        case .orders:
            return [
                Column(name: "order_id", required: false, synonyms: ["order_id", "orderid", "order", "id", "transaction_id", "invoice",
                                                                     "invoiceno", "invoice_no", "invoice_id", "order_number"]),
                Column(name: "customer_id", required: true, synonyms: ["customer_id", "customerid", "customer", "client_id", "user_id", "customer id"]),
                Column(name: "ts", required: true, synonyms: ["ts", "timestamp", "date", "order_date", "created_at", "time", "datetime",
                                                             "invoicedate", "invoice_date", "order date", "created at"]),
                // Optional: without it, amount is quantity × unit_price, or absent (no spend model).
                Column(name: "amount", required: false, synonyms: ["amount", "total", "revenue", "order_value", "dollar_value", "value",
                                                                   "order_total", "line_total"]),
                Column(name: "quantity", required: false, synonyms: ["quantity", "qty", "lineitem quantity"]),
                Column(name: "unit_price", required: false, synonyms: ["unit_price", "unitprice", "price", "item_price", "lineitem price"]),
                Column(name: "discount", required: false, synonyms: ["discount", "discount_amount"]),
                Column(name: "category", required: false, synonyms: ["category", "product_category"]),
                Column(name: "currency", required: false, synonyms: ["currency", "currency_code"]),
            ]
        case .events:
            return [
                Column(name: "event_id", required: false, synonyms: ["event_id", "eventid", "id"]),
                Column(name: "customer_id", required: true, synonyms: ["customer_id", "customerid", "customer", "client_id", "user_id"]),
                Column(name: "ts", required: true, synonyms: ["ts", "timestamp", "date", "event_time", "created_at", "time", "datetime"]),
                Column(name: "type", required: true, synonyms: ["type", "event_type", "event", "event_name"]),
                Column(name: "channel", required: false, synonyms: ["channel", "medium"]),
                Column(name: "value", required: false, synonyms: ["value", "score"]),
            ]
        }
    }
}
