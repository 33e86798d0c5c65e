import GRDB
import StrataCore

/// The features computed by SQLite from the generated SQL, in a database file of its own: the
/// reference that the SQL itself, run by an engine, gives what the embedded engine gives.
public struct SQLiteEngine: Sendable {
    public let path: String

    public init(path: String) {
        self.path = path
    }

    /// Writes `data` into the three tables of ``EngineTables``, replacing earlier ones.
    public func load(_ data: Dataset) throws(EngineError) {
        try run("loading the tables") { db in
            for table in EngineTables.Table.allCases {
                for statement in EngineTables.create(table, attributes: data.customers.attributes, dialect: .sqlite) {
                    try db.execute(sql: statement)
                }
                let columns = EngineTables.columns(table, attributes: data.customers.attributes)
                let insert = try db.makeStatement(sql: "INSERT INTO \(table.rawValue) VALUES (\(columns.map { _ in "?" }.joined(separator: ", ")))")
                try EngineTables.forEachRow(table, of: data) { row in
                    try insert.execute(arguments: StatementArguments(row.map(Self.databaseValue)))
                }
            }
        }
    }

    /// Materialises the features as table `customers` and returns them.
    public func features(_ query: FeatureQuery) throws(EngineError) -> EngineFeatureTable {
        try run("computing the features") { db in
            try db.execute(sql: "DROP TABLE IF EXISTS customers")
            try db.execute(sql: "CREATE TABLE customers AS \(query.select())")
        }
        return try rows("SELECT * FROM customers ORDER BY customer_id")
    }

    /// The rows of any query (a segment query over `customers`, say).
    public func rows(_ sql: String) throws(EngineError) -> EngineFeatureTable {
        try run("reading the result") { db in
            let statement = try db.makeStatement(sql: sql)
            let columns = statement.columnNames
            var rows: [[EngineTables.Value]] = []
            let cursor = try Row.fetchCursor(statement)
            while let row = try cursor.next() {
                rows.append(row.databaseValues.map(Self.value))
            }
            return EngineFeatureTable(columns: columns, rows: rows)
        }
    }

    private func run<T>(_ step: String, _ body: (Database) throws -> T) throws(EngineError) -> T {
        do {
            let queue = try DatabaseQueue(path: path)
            return try queue.write(body)
        } catch {
            throw .statement(engine: "SQLite", step: step, detail: "\(error)")
        }
    }

    private static func databaseValue(_ value: EngineTables.Value) -> DatabaseValue {
        switch value {
        case .null: return .null
        case let .int(v): return v.databaseValue
        case let .double(v): return v.databaseValue
        case let .text(v): return v.databaseValue
        }
    }

    private static func value(_ value: DatabaseValue) -> EngineTables.Value {
        switch value.storage {
        case .null: return .null
        case let .int64(v): return .int(v)
        case let .double(v): return .double(v)
        case let .string(v): return .text(v)
        case let .blob(v): return .text(String(decoding: v, as: UTF8.self))
        }
    }
}
