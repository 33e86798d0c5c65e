import Foundation
import StrataCore

/// The features computed by Apache Spark (local mode or a cluster) from the generated Spark
/// SQL, submitted through PySpark: `load` stages the three tables as JSON lines in a folder the
/// Spark job reads, `analyze` runs the job and reads back its per-customer results.
///
/// Or, with ``tables``, the job reads a lake's own tables in the layout of ``EngineTables``
/// (`customer_records`, `orders`, `events`, each as Parquet, CSV with a header, or JSON lines),
/// and a first short job measures their facts.
///
/// The Python with PySpark is `STRATA_SPARK_PYTHON`, else `python3` (scripts/install-spark.sh
/// makes one). On a cluster the staging folder must be one every executor reads (a shared mount).
public struct SparkEngine: FeatureEngine {
    public var name: String { "Spark" }
    public var dialect: SQLDialect { .spark }
    public let master: String
    public let staging: String
    /// A folder (or URI Spark reads: hdfs://, s3a://) holding the three tables; nil: the staged ones.
    public let tables: String?
    /// Shuffle partitions of the job (Spark's default of 200 is too many for a laptop).
    public var partitions = 8

    /// `staging`: where the staged tables and the results go; nil: a new temporary folder.
    public init(master: String, staging: String? = nil, tables: String? = nil) throws(EngineError) {
        self.master = master
        self.tables = tables
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
        let file = "\(staging)/facts.json"
        if tables != nil, !FileManager.default.fileExists(atPath: file) {
            try runJob(["mode": "facts", "facts": file], tables: try tableSources(attributes: nil))
        }
        return try EngineFacts.decode(try? String(contentsOfFile: file, encoding: .utf8), engine: name)
    }

    /// Where the job reads each table: the lake's (format from the name's extension) or the staged JSON lines.
    private func tableSources(attributes: [(name: String, numeric: Bool)]?) throws(EngineError) -> [String: Any] {
        var sources: [String: Any] = [:]
        for table in EngineTables.Table.allCases {
            var source: [String: Any]
            if let tables {
                guard let found = ["parquet", "csv", "json"].first(where: { Self.exists("\(tables)/\(table.rawValue).\($0)", in: tables) }) else {
                    throw .program(engine: name, detail: "\(tables) holds no \(table.rawValue).parquet, .csv or .json (docs/scale-out.md)")
                }
                source = ["path": "\(tables)/\(table.rawValue).\(found)", "format": found]
            } else {
                source = ["path": path(table), "format": "json"]
            }
            // Parquet carries its types; CSV and JSON get the layout's (customer attributes as found).
            if source["format"] as? String != "parquet", table != .customers || attributes != nil {
                source["schema"] = Self.schema(table, attributes: attributes ?? [])
            }
            sources[table.rawValue] = source
        }
        return sources
    }

    /// Whether a lake path exists: always assumed for a URI Spark resolves itself.
    private static func exists(_ path: String, in folder: String) -> Bool {
        folder.contains("://") ? path.hasSuffix(".parquet") : FileManager.default.fileExists(atPath: path)
    }

    private static func schema(_ table: EngineTables.Table, attributes: [(name: String, numeric: Bool)]) -> String {
EngineTables.columns(table, attributes: attributes)
            .map { "\(SQLDialect.spark.quote(identifier: $0.name)) \($0.type(in: .spark))" }.joined(separator: ", ")
    }

    public func analyze(_ features: FeatureQuery, then queries: [String]) throws(EngineError) -> EngineResult {
        let attributes = try facts().attributes.map { (name: $0.name, numeric: $0.numeric) }
        let out = "\(staging)/result"
        try runJob(["mode": "analyze", "out": out, "features": features.select(), "queries": queries],
                   tables: try tableSources(attributes: attributes))
        let table = try read("\(out)/features")
        var results: [EngineFeatureTable] = []
        for i in queries.indices { results.append(try read("\(out)/query\(i)")) }
        return EngineResult(features: table, results: results)
    }

    private func path(_ table: EngineTables.Table) -> String { "\(staging)/\(table.rawValue).json" }

    /// Writes the job file and the driver into the staging folder and runs them.
    private func runJob(_ job: [String: Any], tables: [String: Any]) throws(EngineError) {
        var job = job
        job["master"] = master
        job["partitions"] = partitions
        job["tables"] = tables
        do {
            try JSONSerialization.data(withJSONObject: job).write(to: URL(fileURLWithPath: "\(staging)/job.json"))
            try SparkDriver.source.write(toFile: "\(staging)/strata_spark.py", atomically: true, encoding: .utf8)
        } catch {
            throw .program(engine: name, detail: "cannot write the job in \(staging): \(error)")
        }
        try run(["\(staging)/strata_spark.py", "\(staging)/job.json"])
    }

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
            // The exception's own line says what went wrong; Java stack frames and warnings do not.
            let lines = String(decoding: message, as: UTF8.self).split(separator: "\n")
            let causes = lines.filter { $0.contains("Exception:") || $0.contains("Error:") }
            let shown = causes.isEmpty ? Array(lines.suffix(6)) : [causes.last!]
            throw .program(engine: name, detail: "the job failed (exit \(process.terminationStatus)): " + shown.joined(separator: "\n"))
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
