import Foundation
import StrataCore

/// The features computed by Apache Spark (local mode or a cluster) from the generated Spark
/// SQL, submitted through PySpark: `load` stages the three tables as JSON lines in a folder the
/// Spark job reads, `analyze` runs the job and reads back its per-customer results.
///
/// The Python with PySpark is `STRATA_SPARK_PYTHON`, else `python3` (scripts/install-spark.sh
/// makes one). On a cluster the staging folder must be one every executor reads (HDFS, S3, a
/// shared mount), or the tables can be named directly with ``tables``.
public struct SparkEngine: FeatureEngine {
    public var name: String { "Spark" }
    public var dialect: SQLDialect { .spark }
    public let master: String
    public let staging: String
    /// Shuffle partitions of the job (Spark's default of 200 is too many for a laptop).
    public var partitions = 8

    /// `staging`: where the tables and results go; nil: a new temporary folder.
    public init(master: String, staging: String? = nil) throws(EngineError) {
        self.master = master
        let folder = staging ?? NSTemporaryDirectory() + "strata-spark-" + UUID().uuidString
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            throw .program(engine: "Spark", detail: "cannot create the staging folder \(folder): \(error)")
        }
        self.staging = folder
    }

    /// The Python that runs the job.
    public static var python: String { ProcessInfo.processInfo.environment["STRATA_SPARK_PYTHON"] ?? "python3" }

    public func load(_ data: Dataset) throws(EngineError) {
        do {
            for table in EngineTables.Table.allCases {
                let columns = EngineTables.columns(table, attributes: data.customers.attributes)
                FileManager.default.createFile(atPath: path(table), contents: nil)
                let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path(table)))
                let count = EngineTables.rowCount(table, of: data)
                for start in stride(from: 0, to: count, by: 50_000) {
                    var bytes: [UInt8] = []
                    EngineTables.forEachRow(table, of: data, in: start..<min(count, start + 50_000)) { row in
                        Self.appendJSONLine(row, columns: columns, to: &bytes)
                    }
                    try handle.write(contentsOf: bytes)
                }
                try handle.close()
            }
            try Data(EngineFacts.json(EngineFacts(data)).utf8).write(to: URL(fileURLWithPath: "\(staging)/facts.json"))
        } catch let error as EngineError {
            throw error
        } catch {
            throw .program(engine: name, detail: "cannot write the staged tables in \(staging): \(error)")
        }
    }

    public func facts() throws(EngineError) -> EngineFacts {
        try EngineFacts.decode(try? String(contentsOfFile: "\(staging)/facts.json", encoding: .utf8), engine: name)
    }

    public func analyze(_ features: FeatureQuery, then queries: [String]) throws(EngineError) -> EngineResult {
        let facts = try facts()
        let attributes = facts.attributes.map { (name: $0.name, numeric: $0.numeric) }
        var tables: [String: Any] = [:]
        for table in EngineTables.Table.allCases {
            let schema = EngineTables.columns(table, attributes: attributes).map { column in
                let type = switch column.kind {
                case .integer: "BIGINT"
                case .real: "DOUBLE"
                case .text: "STRING"
                }
                return "\(SQLDialect.spark.quote(identifier: column.name)) \(type)"
            }
            tables[table.rawValue] = ["path": path(table), "format": "json", "schema": schema.joined(separator: ", ")]
        }
        let out = "\(staging)/result"
        let job: [String: Any] = ["master": master, "partitions": partitions, "tables": tables, "out": out,
                                  "features": features.select(), "queries": queries]
        do {
            try JSONSerialization.data(withJSONObject: job).write(to: URL(fileURLWithPath: "\(staging)/job.json"))
            try SparkDriver.source.write(toFile: "\(staging)/strata_spark.py", atomically: true, encoding: .utf8)
        } catch {
            throw .program(engine: name, detail: "cannot write the job in \(staging): \(error)")
        }
        try run(["\(staging)/strata_spark.py", "\(staging)/job.json"])
        let table = try read("\(out)/features")
        var results: [EngineFeatureTable] = []
        for i in queries.indices { results.append(try read("\(out)/query\(i)")) }
        return EngineResult(features: table, results: results)
    }

    private func path(_ table: EngineTables.Table) -> String { "\(staging)/\(table.rawValue).json" }

    /// Runs the driver; its error output becomes the error's detail.
    private func run(_ arguments: [String]) throws(EngineError) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [Self.python] + arguments
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        do { try process.run() } catch {
            throw .program(engine: name, detail: "cannot start \(Self.python): \(error) (scripts/install-spark.sh installs PySpark; set STRATA_SPARK_PYTHON)")
        }
        let message = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            let text = String(decoding: message, as: UTF8.self)
            let lines = text.split(separator: "\n").filter { !$0.hasPrefix("\tat ") && !$0.contains("WARN") }.suffix(12)
            throw .program(engine: name, detail: "the job failed (exit \(process.terminationStatus)):\n" + lines.joined(separator: "\n"))
        }
    }

    /// A result folder written by the driver: JSON lines with the column types beside, rows
    /// ordered by customer id in byte order (Spark's file order is not kept).
    private func read(_ folder: String) throws(EngineError) -> EngineFeatureTable {
        do {
            let types = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: folder + ".types.json"))) as? [[String]] ?? []
            let columns = types.map { $0[0] }
            let parts = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasPrefix("part-") }.sorted()
            var rows: [[EngineTables.Value]] = []
            for part in parts {
                let data = try Data(contentsOf: URL(fileURLWithPath: "\(folder)/\(part)"))
                for line in data.split(separator: UInt8(ascii: "\n")) where !line.isEmpty {
                    guard let object = FlatJSONLine.parse(line) else {
                        throw EngineError.program(engine: name, detail: "\(folder)/\(part): a line is not a flat JSON object")
                    }
                    rows.append(types.map { column in Self.value(object[column[0]] ?? .null, type: column[1]) })
                }
            }
            if let id = columns.firstIndex(of: "customer_id") {
                rows.sort { a, b in
                    guard case let .text(x) = a[id], case let .text(y) = b[id] else { return false }
                    return x.utf8.lexicographicallyPrecedes(y.utf8)
                }
            }
            return EngineFeatureTable(columns: columns, rows: rows)
        } catch {
            throw .program(engine: name, detail: "cannot read the job's result \(folder): \(error)")
        }
    }

    private static func value(_ value: FlatJSONLine.Value, type: String) -> EngineTables.Value {
        switch value {
        case .null: return .null
        case let .string(text): return .text(text)
        case let .bool(flag): return .int(flag ? 1 : 0)
        case let .number(text):
            if type == "double" || type == "float" { return Double(text).map(EngineTables.Value.double) ?? .null }
            return Int64(text).map(EngineTables.Value.int) ?? Double(text).map(EngineTables.Value.double) ?? .null
        }
    }

    /// One row as a JSON object line.
    static func appendJSONLine(_ row: [EngineTables.Value], columns: [EngineTables.Column], to bytes: inout [UInt8]) {
        bytes.append(UInt8(ascii: "{"))
        for (i, value) in row.enumerated() {
            if i > 0 { bytes.append(UInt8(ascii: ",")) }
            appendJSONString(columns[i].name, to: &bytes)
            bytes.append(UInt8(ascii: ":"))
            switch value {
            case .null: bytes += Array("null".utf8)
            case let .int(v): bytes += Array(String(v).utf8)
            case let .double(v): bytes += Array("\(v)".utf8)
            case let .text(v): appendJSONString(v, to: &bytes)
            }
        }
        bytes += [UInt8(ascii: "}"), UInt8(ascii: "\n")]
    }

    private static func appendJSONString(_ text: String, to bytes: inout [UInt8]) {
        bytes.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): bytes += [UInt8(ascii: "\\"), UInt8(ascii: "\"")]
            case UInt8(ascii: "\\"): bytes += [UInt8(ascii: "\\"), UInt8(ascii: "\\")]
            case 0..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                bytes += Array("\\u00".utf8) + [hex[Int(byte >> 4)], hex[Int(byte & 15)]]
            default: bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }
}
