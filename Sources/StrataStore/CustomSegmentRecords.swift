import Foundation
import GRDB
import StrataCore

extension StrataStore {
    /// The custom segments defined through the live service, in the order they were first defined.
    public func segmentDefinitions() throws(StoreError) -> SegmentDefinitions {
        try read { db in
            SegmentDefinitions(try Row.fetchAll(db, sql: "SELECT name, expression FROM custom_segments ORDER BY position").map {
                SegmentDefinitions.Definition(name: $0["name"], expression: $0["expression"])
            })
        }
    }

    /// Defines a segment, or replaces its expression (keeping its place in the order).
    public func putSegment(_ definition: SegmentDefinitions.Definition, now: Int64 = Int64(Date().timeIntervalSince1970)) throws(StoreError) {
        try write { db in
            try db.execute(sql: """
                INSERT INTO custom_segments (name, expression, updated_at) VALUES (?, ?, ?)
                ON CONFLICT (name) DO UPDATE SET expression = excluded.expression, updated_at = excluded.updated_at
                """, arguments: [definition.name, definition.expression, now])
            _ = try Self.raiseDataVersion(db)
        }
    }

    /// Removes a segment's definition; false when there was none.
    @discardableResult
    public func deleteSegment(named name: String) throws(StoreError) -> Bool {
        try write { db in
            try db.execute(sql: "DELETE FROM custom_segments WHERE name = ?", arguments: [name])
            let deleted = db.changesCount > 0
            _ = try Self.raiseDataVersion(db)
            return deleted
        }
    }
}
