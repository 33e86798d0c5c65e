import Foundation
import Logging
import NIOCore
import NIOSSL
import PostgresNIO
import StrataCore

/// The features computed by a PostgreSQL server: `load` copies the tables in with `COPY … FROM
/// STDIN`, `analyze` materialises `customers` there and reads back one row per customer.
public struct PostgresEngine: FeatureEngine {
    public let address: PostgresAddress
    public var name: String { "PostgreSQL" }
    public var dialect: SQLDialect { .postgres }

    public init(url: String) throws(EngineError) {
        address = try PostgresAddress(url)
    }

    public func load(_ data: Dataset) async throws(EngineError) {
        let facts = try EngineFacts.json(EngineFacts(data))
        try await withConnection { connection, logger in
            for table in EngineTables.Table.allCases {
                for statement in EngineTables.create(table, attributes: data.customers.attributes, dialect: .postgres) {
                    try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
                }
                try await connection.copyFrom(table: table.rawValue, logger: logger) { writer in
                    let count = EngineTables.rowCount(table, of: data)
                    for start in stride(from: 0, to: count, by: Self.copyChunk) {
                        var buffer = ByteBuffer()
                        EngineTables.forEachRow(table, of: data, in: start..<min(count, start + Self.copyChunk)) { row in
                            Self.appendCopyRow(row, to: &buffer)
                        }
                        try await writer.write(buffer)
                    }
                }
            }
            try await connection.query(PostgresQuery(unsafeSQL: "DROP TABLE IF EXISTS \(EngineFacts.table)"), logger: logger)
            try await connection.query(PostgresQuery(unsafeSQL: "CREATE TABLE \(EngineFacts.table) (facts TEXT)"), logger: logger)
            try await connection.query("INSERT INTO strata_facts VALUES (\(facts))", logger: logger)
            for statement in EngineTables.indexes + ["ANALYZE customer_records", "ANALYZE orders", "ANALYZE events"] {
                try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
            }
        }
    }

    public func facts() async throws(EngineError) -> EngineFacts {
        let exists = try await rows("SELECT 1 FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = '\(EngineFacts.table)'",
                                    step: "reading the facts of the load")
        guard !exists.rows.isEmpty else { return try EngineFacts.decode(nil, engine: name) }
        let table = try await rows("SELECT facts FROM \(EngineFacts.table)", step: "reading the facts of the load")
        guard case let .text(text)? = table.rows.first?.first else { return try EngineFacts.decode(nil, engine: name) }
        return try EngineFacts.decode(text, engine: name)
    }

    public func analyze(_ features: FeatureQuery, then queries: [String]) async throws(EngineError) -> EngineResult {
        try await withConnection { connection, logger in
            try await connection.query(PostgresQuery(unsafeSQL: "DROP TABLE IF EXISTS customers"), logger: logger)
            try await connection.query(PostgresQuery(unsafeSQL: "CREATE TABLE customers AS \(features.select())"), logger: logger)
        }
        let table = try await rows("SELECT * FROM customers ORDER BY customer_id COLLATE \"C\"", step: "reading the features")
        var results: [EngineFeatureTable] = []
        for query in queries { results.append(try await rows(query, step: "running the follow-up queries")) }
        return EngineResult(features: table, results: results)
    }

    /// The rows of a query, ordered as it orders them (no columns when it returns no rows).
    public func rows(_ sql: String, step: String = "reading the result") async throws(EngineError) -> EngineFeatureTable {
        try await withConnection(step: step) { connection, logger in
            let statement = sql.trimmingCharacters(in: CharacterSet(charactersIn: "; \n"))
            let sequence = try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
            var columns: [String] = []
            var rows: [[EngineTables.Value]] = []
            for try await row in sequence {
                if columns.isEmpty { columns = row.map(\.columnName) }
                rows.append(try row.map(Self.value))
            }
            return EngineFeatureTable(columns: columns, rows: rows)
        }
    }

    private func withConnection<T>(step: String = "loading the tables",
                                   _ body: (PostgresConnection, Logger) async throws -> T) async throws(EngineError) -> T {
        let logger = Logger(label: "strata.postgres")
        let connection: PostgresConnection
        do {
            connection = try await PostgresConnection.connect(configuration: address.configuration, id: 1, logger: logger)
        } catch {
            throw .connection(engine: name, detail: "\(address.redacted): \(Self.message(error))")
        }
        do {
            let result = try await body(connection, logger)
            try? await connection.close()
            return result
        } catch {
            try? await connection.close()
            throw .statement(engine: name, step: step, detail: Self.message(error))
        }
    }

    /// The server's own message when there is one (PSQLError hides it from `description`).
    private static func message(_ error: any Error) -> String {
        if let error = error as? PSQLError {
            if let server = error.serverInfo, let message = server[.message] {
                let detail = server[.detail].map { " (\($0))" } ?? ""
                return "\(message)\(detail)"
            }
            if error.code == .sslUnsupported { return "the server does not accept TLS connections (sslmode=disable connects without)" }
            if let underlying = error.underlying { return message(underlying) }
            return "\(error.code)"
        }
        if let error = error as? NIOSSLError, case let .handshakeFailed(reason) = error {
            let text = "\(reason)"
            if text.contains("CERTIFICATE_VERIFY_FAILED") {
                return "TLS handshake failed: the server's certificate is not signed by an authority of sslrootcert (or of the system) or not issued to this host (CERTIFICATE_VERIFY_FAILED)"
            }
            return "TLS handshake failed: \(text)"
        }
        return "\(error)"
    }

    /// Rows sent to COPY per message.
    static let copyChunk = 20_000

    /// One row in COPY's text format: tab-separated, `\N` for NULL, backslash escapes.
    static func appendCopyRow(_ row: [EngineTables.Value], to buffer: inout ByteBuffer) {
        for (i, value) in row.enumerated() {
            if i > 0 { buffer.writeInteger(UInt8(ascii: "\t")) }
            switch value {
            case .null: buffer.writeStaticString("\\N")
            case let .int(v): buffer.writeString(String(v))
            case let .double(v): buffer.writeString("\(v)")
            case let .text(text):
                for byte in text.utf8 {
                    switch byte {
                    case UInt8(ascii: "\\"): buffer.writeStaticString("\\\\")
                    case UInt8(ascii: "\t"): buffer.writeStaticString("\\t")
                    case UInt8(ascii: "\n"): buffer.writeStaticString("\\n")
                    case UInt8(ascii: "\r"): buffer.writeStaticString("\\r")
                    default: buffer.writeInteger(byte)
                    }
                }
            }
        }
        buffer.writeInteger(UInt8(ascii: "\n"))
    }

    private static func value(_ cell: PostgresCell) throws -> EngineTables.Value {
        guard cell.bytes != nil else { return .null }
        switch cell.dataType {
        case .int2, .int4, .int8: return .int(try cell.decode(Int64.self))
        case .float4, .float8: return .double(try cell.decode(Double.self))
        case .bool: return .int(try cell.decode(Bool.self) ? 1 : 0)
        default: return .text(try cell.decode(String.self))
        }
    }
}

/// A `postgres://user:password@host:port/database?sslmode=…` address (the libpq URL form);
/// a `host` query item naming a directory connects over that Unix socket.
///
/// TLS follows libpq's `sslmode`: `disable` (the default), `prefer` (TLS when the server offers
/// it), `require` (TLS, the certificate not checked), `verify-ca` (the certificate signed by a
/// trusted authority) and `verify-full` (that, and issued to the host named). `sslrootcert` names
/// the authorities' PEM file (default: the system's), `sslcert` and `sslkey` a client certificate.
public struct PostgresAddress: Sendable {
    public let configuration: PostgresConnection.Configuration
    /// The address without its password, for messages.
    public let redacted: String

    /// The `sslmode` values understood.
    public static let sslModes = ["disable", "prefer", "require", "verify-ca", "verify-full"]

    public init(_ url: String) throws(EngineError) {
        guard let parts = URLComponents(string: url), ["postgres", "postgresql"].contains(parts.scheme ?? "") else {
            throw .connection(engine: "PostgreSQL", detail: "'\(url)' is not a postgres://user@host:port/database URL")
        }
        let user = parts.user ?? ProcessInfo.processInfo.environment["USER"] ?? "postgres"
        let database = parts.path.isEmpty || parts.path == "/" ? nil : String(parts.path.dropFirst())
        let items = Dictionary(parts.queryItems?.compactMap { item in item.value.map { (item.name, $0) } } ?? [], uniquingKeysWith: { $1 })
        let mode = items["sslmode"] ?? "disable"
        guard Self.sslModes.contains(mode) else {
            throw .connection(engine: "PostgreSQL", detail: "sslmode=\(mode) is not one of \(Self.sslModes.joined(separator: ", "))")
        }
        if let socket = items["host"], socket.hasPrefix("/") {
            guard mode == "disable" || mode == "prefer" else {
                throw .connection(engine: "PostgreSQL", detail: "sslmode=\(mode) over a Unix socket: a local socket does not use TLS; use sslmode=disable")
            }
            configuration = PostgresConnection.Configuration(unixSocketPath: "\(socket)/.s.PGSQL.\(parts.port ?? 5432)", username: user,
                                                              password: parts.password, database: database)
        } else {
            let host = parts.host ?? "localhost"
            configuration = PostgresConnection.Configuration(host: host, port: parts.port ?? 5432, username: user, password: parts.password,
                                                              database: database, tls: try Self.tls(mode, host: host, items: items))
        }
        var shown = parts
        if shown.password != nil { shown.password = "***" }
        redacted = shown.string ?? "the server"
    }

    /// The TLS of an `sslmode` and the `sslrootcert`, `sslcert` and `sslkey` files.
    private static func tls(_ mode: String, host: String, items: [String: String]) throws(EngineError) -> PostgresConnection.Configuration.TLS {
        guard mode != "disable" else { return .disable }
        var tls = TLSConfiguration.makeClientConfiguration()
        switch mode {
        case "prefer", "require": tls.certificateVerification = .none
        case "verify-ca": tls.certificateVerification = .noHostnameVerification
        default:
            // The host name is what the certificate is checked against; an address has none here.
            guard !host.contains(where: { $0 == ":" }), host.contains(where: \.isLetter) else {
                throw .connection(engine: "PostgreSQL", detail: "sslmode=verify-full checks the certificate against the host's name; '\(host)' is an address: connect by name, or use sslmode=verify-ca")
            }
            tls.certificateVerification = .fullVerification
        }
        func file(_ item: String) throws(EngineError) -> String? {
            guard let path = items[item] else { return nil }
            guard FileManager.default.isReadableFile(atPath: path) else {
                throw .connection(engine: "PostgreSQL", detail: "\(item)=\(path): no such readable file")
            }
            return path
        }
        do {
            if let roots = try file("sslrootcert") { tls.trustRoots = .file(roots) }
            switch (try file("sslcert"), try file("sslkey")) {
            case let (certificate?, key?):
                tls.certificateChain = try NIOSSLCertificate.fromPEMFile(certificate).map { .certificate($0) }
                tls.privateKey = .file(key)
            case (nil, nil): break
            default: throw EngineError.connection(engine: "PostgreSQL", detail: "a client certificate needs both sslcert and sslkey")
            }
            let context = try NIOSSLContext(configuration: tls)
            return mode == "prefer" ? .prefer(context) : .require(context)
        } catch let error as EngineError {
            throw error
        } catch {
            throw .connection(engine: "PostgreSQL", detail: "TLS settings: \(error)")
        }
    }
}
