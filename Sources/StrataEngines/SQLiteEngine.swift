import Foundation
import GRDB
import StrataCore

/// The features computed by SQLite from the generated SQL, in a database file of its own: the
/// engine that shows the SQL itself gives what the embedded engine gives, with nothing to install.
public struct SQLiteEngine: FeatureEngine {
    public let path: String
    public var name: String { "SQLite" }
    public var dialect: SQLDialect { .sqlite }

    public init(path: String) {
        self.path = path
    }

    public func load(_ data: Dataset) throws(EngineError) {
        let facts = try EngineFacts.json(EngineFacts(data))
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
            for statement in EngineTables.indexes { try db.execute(sql: statement) }
            try db.execute(sql: "DROP TABLE IF EXISTS \(EngineFacts.table)")
            try db.execute(sql: "CREATE TABLE \(EngineFacts.table) (facts TEXT)")
            try db.execute(sql: "INSERT INTO \(EngineFacts.table) VALUES (?)", arguments: [facts])
        }
    }

    public func facts() throws(EngineError) -> EngineFacts {
        guard FileManager.default.fileExists(atPath: path) else {
            throw .connection(engine: name, detail: "\(path): no such file (strata load --engine sqlite --url \(path) makes it)")
        }
        let text = try run("reading the facts of the load") { db in
            try db.tableExists(EngineFacts.table) ? try String.fetchOne(db, sql: "SELECT facts FROM \(EngineFacts.table)") : nil
        }
        return try EngineFacts.decode(text, engine: name)
    }

    public func analyze(_ features: FeatureQuery, then queries: [String]) throws(EngineError) -> EngineResult {
        try run("computing the features") { db in
            try db.execute(sql: "DROP TABLE IF EXISTS customers")
            try db.execute(sql: "CREATE TABLE customers AS \(features.select())")
        }
        let table = try rows("SELECT * FROM customers ORDER BY customer_id", step: "reading the features")
        var results: [EngineFeatureTable] = []
        for query in queries { results.append(try rows(query, step: "running the follow-up queries")) }
        return EngineResult(features: table, results: results)
    }

    /// The rows of a query, ordered as it orders them.
    public func rows(_ sql: String, step: String = "reading the result") throws(EngineError) -> EngineFeatureTable {
        try run(step) { db in
            let statement = try db.makeStatement(sql: sql.trimmingCharacters(in: CharacterSet(charactersIn: "; \n")))
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
            throw .statement(engine: name, step: step, detail: "\(error)")
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
