import Foundation
import GRDB
import StrataCore

extension StrataStore {
    /// Every stored customer's attributes (name → value) by customer id, and the attribute names
    /// in the order the customers file gave them.
    public func customerAttributes() throws(StoreError) -> (names: [String], values: [String: [String: String]]) {
        try read { db in
            let names = try String.fetchAll(db, sql: "SELECT name FROM attribute_names ORDER BY position")
            var values: [String: [String: String]] = [:]
            let rows = try Row.fetchCursor(db, sql: "SELECT customer_id, attributes FROM customers")
            while let row = try rows.next() {
                let text: String = row["attributes"]
                values[row["customer_id"]] = (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: String] ?? [:]
            }
            return (names, values)
        }
    }
}
