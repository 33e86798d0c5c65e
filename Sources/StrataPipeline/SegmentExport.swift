import Foundation
import StrataCore
import StrataOutputs
import StrataStore

/// The members of chosen segments with chosen columns: a list for a mailing tool (CSV), another
/// system (NDJSON) or a spreadsheet (``Format/excel``). Read from a run's output folder (built-in,
/// custom and cluster segments) or from a store's snapshot. `strata export` writes it.
public struct SegmentExport: Sendable {
    /// How the members are written.
    public enum Format: String, Sendable, CaseIterable {
        /// RFC 4180 CSV in UTF-8 with a header row.
        case csv
        /// One JSON object per customer and line, every value a string as in the CSV.
        case ndjson
        /// Tab-separated UTF-16 with a byte-order mark: spreadsheets open it right in any locale,
        /// whatever their list separator, with accents intact.
        case excel
    }

    /// A segment that can be exported: its scheme (`rfm`, `activity`, `cluster`, `custom`, or a
    /// custom group's name) and its name.
    public struct Segment: Sendable, Hashable, CustomStringConvertible {
        public var scheme: String
        public var name: String
        public var description: String { "\(scheme):\(name)" }
    }

    /// Columns written by default when present: the customer id, ways to reach the customer, the segment.
    public static let contactColumns = ["email", "email_address", "phone", "phone_number", "mobile", "first_name", "last_name",
                                        "name", "full_name", "language", "locale"]
    /// The column that names the chosen segments a customer is in ("; " between several).
    public static let segmentColumn = "segment"

    public var columns: [String]
    public var rows: [[String]]
    /// Members of each chosen segment, in the order asked. A customer in several chosen segments
    /// is one row, counted in each.
    public var members: [(segment: Segment, count: Int)]

    /// The members of `segments` in the results of `strata analyze` (OUT/customers.csv and
    /// segments.json) or `strata cluster` (clusters.csv, in the folder or its `clusters/`).
    public static func fromRunFolder(_ folder: String, segments: [String], columns: [String]? = nil) throws(AnalysisError) -> SegmentExport {
        try SegmentExport(MemberTable(runFolder: folder), segments: segments, columns: columns)
    }

    /// The members of `segments` in the store's snapshot as of `asOf` (the latest when nil), with
    /// the customers' stored attributes.
    public static func fromStore(_ path: String, asOf: Int64? = nil, segments: [String], columns: [String]? = nil) throws(AnalysisError) -> SegmentExport {
        try SegmentExport(MemberTable(store: path, asOf: asOf), segments: segments, columns: columns)
    }

    init(_ table: MemberTable, segments requested: [String], columns requestedColumns: [String]?) throws(AnalysisError) {
        guard !requested.isEmpty else { throw .notInData("name at least one segment; known segments: \(table.knownSegments)") }
        var chosen: [Segment] = []
        for request in requested {
            let segment = try table.resolve(request)
            if !chosen.contains(segment) { chosen.append(segment) }
        }
        let available = table.names + [Self.segmentColumn]
        if let requestedColumns {
            for name in requestedColumns where !available.contains(name) {
                let near = suggestion(for: name, among: available)
                throw .notInData("no column '\(name)'\(near.map { "; did you mean '\($0)'?" } ?? ""); columns: \(available.joined(separator: ", "))")
            }
        }
        columns = requestedColumns ?? ["customer_id"] + Self.contactColumns.filter(table.names.contains) + [Self.segmentColumn]
        let memberships = chosen.map { table.members(of: $0) }
        members = zip(chosen, memberships).map { ($0, $1.lazy.filter { $0 }.count) }
        rows = []
        for c in 0..<table.count {
            let names = chosen.indices.filter { memberships[$0][c] }.map { chosen[$0].name }
            guard !names.isEmpty else { continue }
            rows.append(columns.map { $0 == Self.segmentColumn ? names.joined(separator: "; ") : table.columns[$0]![c] })
        }
    }

    /// The file's bytes. `decimalComma` writes the decimals of number columns (every value a
    /// plain number) with a comma, for spreadsheets in locales that read "1.5" as a date or text.
    public func render(_ format: Format, decimalComma: Bool = false) -> Data {
        let numeric = columns.indices.map { k in rows.allSatisfy { $0[k].isEmpty || Self.isPlainNumber($0[k]) } }
        func shown(_ row: [String]) -> [String] {
            decimalComma ? row.enumerated().map { numeric[$0] ? Self.commaDecimal($1) : $1 } : row
        }
        switch format {
        case .csv:
            var out = CSVBuffer()
            out.row(columns)
            for row in rows { out.row(shown(row)) }
            return Data(out.bytes)
        case .ndjson:
            var text = ""
            for row in rows {
                text += "{" + zip(columns, row).map { "\(jsonString($0)):\(jsonString($1))" }.joined(separator: ",") + "}\n"
            }
            return Data(text.utf8)
        case .excel:
            var text = "\u{FEFF}" + ([columns] + rows.map(shown)).map { row in
                row.enumerated().map { Self.tabField($1, number: numeric[$0]) }.joined(separator: "\t")
            }.joined(separator: "\r\n")
            text += "\r\n"
            return text.data(using: .utf16LittleEndian)!
        }
    }

    /// A tab-separated field, quoted when it holds a tab, quote or line break. Text that a
    /// spreadsheet would run as a formula (starting with =, +, -, @; a phone number "+49 …", say)
    /// gets a leading apostrophe, so it shows as the text it is.
    static func tabField(_ value: String, number: Bool) -> String {
        var value = value
        if !number, let first = value.first, "=+-@".contains(first) { value = "'" + value }
        guard value.contains(where: { $0 == "\t" || $0 == "\"" || $0.isNewline }) else { return value }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// "-12", "12.50": an optional minus, digits, and at most one point with digits after it.
    static func isPlainNumber(_ value: String) -> Bool {
        let digits = value.first == "-" ? value.dropFirst() : Substring(value)
        let parts = digits.split(separator: ".", omittingEmptySubsequences: false)
        return (1...2).contains(parts.count) && parts.allSatisfy { !$0.isEmpty && $0.allSatisfy { $0.isASCII && $0.isNumber } }
    }

    /// "12.50" → "12,50" (a plain number; anything else is left as it is).
    static func commaDecimal(_ value: String) -> String {
        isPlainNumber(value) ? value.replacingOccurrences(of: ".", with: ",") : value
    }
}

/// Every customer of a run or a snapshot as text columns, and the segments they can be chosen by.
struct MemberTable {
    var names: [String] = []
    var columns: [String: [String]] = [:]
    var count = 0
    /// Schemes whose column holds each customer's segment name, with every name the scheme knows
    /// (also those without members).
    var labelSchemes: [(scheme: String, column: String, known: [String])] = []
    /// Custom segments: a 0/1 column each.
    var flags: [String] = []

    init(runFolder folder: String) throws(AnalysisError) {
        let clusters = ["\(folder)/clusters.csv", "\(folder)/clusters/clusters.csv"].first { FileManager.default.fileExists(atPath: $0) }
        let customersFile = "\(folder)/customers.csv"
        if FileManager.default.fileExists(atPath: customersFile) {
            try read(customersFile)
            labelSchemes = Self.builtInSchemes.filter { names.contains($0.column) }
            if let json = FileManager.default.contents(atPath: "\(folder)/segments.json"),
               let custom = (try? JSONDecoder().decode(AnalysisSummary.self, from: json))?.custom {
                flags = custom.segments.map(\.name).filter(names.contains)
                labelSchemes += custom.groups.filter { names.contains($0.name) }.map { ($0.name, $0.name, $0.labels.map(\.name).filter { !$0.isEmpty }) }
            }
        } else if clusters == nil {
            throw .unreadable(file: customersFile, reason: "no such file: export reads the --out folder of strata analyze or strata cluster")
        }
        if let clusters { try joinClusters(clusters) }
    }

    init(store path: String, asOf: Int64?) throws(AnalysisError) {
        do {
            let store = try StrataStore(path: path, create: false)
            let dates = try store.snapshots().map(\.asOf)
            guard let date = asOf ?? dates.last else {
                throw AnalysisError.notInData("\(path) has no snapshot yet: take one with strata snapshot --db \(path)")
            }
            let customers = try store.snapshot(asOf: date)
            let attributes = try store.customerAttributes()
            count = customers.count
            func column(_ name: String, _ value: (SnapshotCustomer) -> String) {
                names.append(name)
                columns[name] = customers.map(value)
            }
            column("customer_id") { $0.customerID }
            column(CustomerFeature.rfmSegment.rawValue) { $0.rfmSegment }
            column(CustomerFeature.activitySegment.rawValue) { $0.activitySegment }
            column(CustomerFeature.orders.rawValue) { String($0.orders) }
            column(CustomerFeature.revenue.rawValue) { NumberFormat.decimal($0.revenue, 2) }
            column(CustomerFeature.recencyDays.rawValue) { $0.daysSinceLastPurchase.map(String.init) ?? "" }
            column(CustomerFeature.engagementRate.rawValue) { $0.engagementRate.map { NumberFormat.decimal($0, 4) } ?? "" }
            column(CustomerFeature.pAlive.rawValue) { $0.pAlive.map { NumberFormat.decimal($0, 4) } ?? "" }
            column(CustomerFeature.clv.rawValue) { $0.clv.map { NumberFormat.decimal($0, 2) } ?? "" }
            column(CustomerFeature.atRisk.rawValue) { $0.atRisk ? "1" : "0" }
            // The customers file's attributes after the stored features (a clashing name keeps the feature).
            for name in attributes.names where !names.contains(name) {
                column(name) { attributes.values[$0.customerID]?[name] ?? "" }
            }
            labelSchemes = Self.builtInSchemes
        } catch let error as AnalysisError {
            throw error
        } catch let error as StoreError {
            throw .store(error)
        } catch {
            throw .notInData("\(error)")
        }
    }

    /// Every column of a CSV file with a header, as text.
    private mutating func read(_ path: String) throws(AnalysisError) {
        do {
            let header = try CustomerColumns.header(path: path)
            let table = try CustomerColumns(path: path, numbers: [], texts: header)
            names = header
            for name in header { columns[name] = table.text(name) }
            count = table.text(header[0]).count
        } catch {
            throw .input(error)
        }
        guard names.contains("customer_id") else {
            throw .unreadable(file: path, reason: "no customer_id column: export reads the files strata analyze and strata cluster write")
        }
    }

    /// Adds `cluster` and `cluster_name` from a clusters.csv, matched by customer id.
    private mutating func joinClusters(_ path: String) throws(AnalysisError) {
        var clusters = MemberTable.empty
        try clusters.read(path)
        guard var clusterNames = clusters.columns["cluster_name"], let clusterIDs = clusters.columns["cluster"] else {
            throw .unreadable(file: path, reason: "expected the columns customer_id, cluster and cluster_name of strata cluster")
        }
        // Two clusters may get the same name: those names carry their cluster's id.
        let idsByName = Dictionary(grouping: zip(clusterNames, clusterIDs), by: \.0).mapValues { Set($0.map(\.1)) }
        clusterNames = zip(clusterNames, clusterIDs).map { name, id in idsByName[name]!.count > 1 ? "\(name) (cluster \(id))" : name }
        clusters.columns["cluster_name"] = clusterNames
        if names.isEmpty {
            self = clusters
        } else {
            var row: [String: Int] = [:]
            for (i, id) in clusters.columns["customer_id"]!.enumerated() { row[id] = i }
            let own = columns["customer_id"]!
            columns["cluster"] = own.map { row[$0].map { clusterIDs[$0] } ?? "" }
            columns["cluster_name"] = own.map { row[$0].map { clusterNames[$0] } ?? "" }
            names += ["cluster", "cluster_name"].filter { !names.contains($0) }
        }
        var seen = Set<String>()
        labelSchemes.append(("cluster", "cluster_name", clusterNames.filter { seen.insert($0).inserted }))
    }

    /// The built-in schemes: name, column, every segment name.
    private static let builtInSchemes = [(scheme: "rfm", column: CustomerFeature.rfmSegment.rawValue, known: RFMSegment.allCases.map(\.rawValue)),
                                         (scheme: "activity", column: CustomerFeature.activitySegment.rawValue,
                                          known: ActivitySegment.allCases.map(\.rawValue))]

    private static var empty: MemberTable { MemberTable() }
    private init() {}

    /// Every segment that can be chosen.
    var segments: [SegmentExport.Segment] {
        var all: [SegmentExport.Segment] = []
        for scheme in labelSchemes {
            var seen = Set(scheme.known)
            let found = (columns[scheme.column] ?? []).filter { !$0.isEmpty && seen.insert($0).inserted }
            all += (scheme.known + found).map { SegmentExport.Segment(scheme: scheme.scheme, name: $0) }
        }
        return all + flags.map { SegmentExport.Segment(scheme: "custom", name: $0) }
    }

    var knownSegments: String {
        Dictionary(grouping: segments, by: \.scheme).sorted { $0.key < $1.key }
            .map { "\($0.key): " + $0.value.map(\.name).joined(separator: ", ") }.joined(separator: "; ")
    }

    /// The segment a request names: `NAME`, or `SCHEME:NAME` when a name is in several schemes.
    func resolve(_ request: String) throws(AnalysisError) -> SegmentExport.Segment {
        let all = segments
        var matches = all.filter { $0.name == request }
        if matches.isEmpty, let colon = request.firstIndex(of: ":") {
            let scheme = request[..<colon], name = request[request.index(after: colon)...]
            matches = all.filter { $0.scheme == scheme && $0.name == name }
        }
        if matches.isEmpty { matches = all.filter { $0.name.lowercased() == request.lowercased() } }
        guard matches.count == 1 else {
            if matches.isEmpty {
                let near = suggestion(for: request, among: all.map(\.name)).map { "; did you mean '\($0)'?" } ?? ""
                throw .notInData("no segment '\(request)'\(near)\nknown segments: \(knownSegments)")
            }
            throw .notInData("'\(request)' names \(matches.count) segments: \(matches.map(\.description).joined(separator: ", ")); write one of those")
        }
        return matches[0]
    }

    /// Whether each customer is in `segment`.
    func members(of segment: SegmentExport.Segment) -> [Bool] {
        if segment.scheme == "custom", flags.contains(segment.name) { return (columns[segment.name] ?? []).map { $0 == "1" } }
        // The scheme that knows the name (a custom group may share a built-in scheme's name).
        let schemes = labelSchemes.filter { $0.scheme == segment.scheme }
        let scheme = schemes.first { $0.known.contains(segment.name) || (columns[$0.column] ?? []).contains(segment.name) } ?? schemes[0]
        return (columns[scheme.column] ?? []).map { $0 == segment.name }
    }
}
