import Foundation

/// Where the inputs are: a directory holding `customers`, `orders` and `events` files, and/or
/// explicit paths (an explicit path wins over the directory's file).
public struct InputPaths: Sendable, Hashable {
    public var directory: String?
    public var customers: String?
    public var orders: String?
    public var events: String?

    public init(directory: String? = nil, customers: String? = nil, orders: String? = nil, events: String? = nil) {
        self.directory = directory
        self.customers = customers
        self.orders = orders
        self.events = events
    }
}

/// Reads the inputs into a ``Dataset``: customers first (they fix the customer set), then
/// orders and events. Without a customers file, customers are registered from orders, then events,
/// in file order.
public struct DatasetLoader: Sendable {
    public var paths: InputPaths
    public var config: InputConfig
    /// Stop with an error at the first rejected row instead of reporting and going on.
    public var strict: Bool
    /// Keep each order's and event's own id in ``OrderColumns/ids`` and ``EventColumns/ids``.
    public var keepRowIDs = false
    /// Per orders or events path, a byte count: the file's first bytes were read before (an
    /// import of the file before it grew), and only the records after them are read; line
    /// numbers stay those of the whole file. The customers file is always read whole.
    public var resumeAfter: [String: Int] = [:]
    /// Lay the orders and events out by customer and time (what every analysis reads); off, they
    /// stay in file order (an import, which writes rows in key order anyway).
    public var groupsByCustomer = true
    /// Whether an orders file must be among the inputs (every analysis needs one); an import
    /// may bring customers or events alone.
    public var requiresOrders = true

    public init(paths: InputPaths, config: InputConfig = InputConfig(), strict: Bool = false) {
        self.paths = paths
        self.config = config
        self.strict = strict
    }

    package static let extensions = ["csv", "tsv", "ndjson", "jsonl"]

    /// Reads all inputs.
    /// - Parameter progress: called with a short description before each file.
    /// - Throws: ``IngestError`` for unusable files, and for the first bad row with `strict`.
    public func load(progress: (String) -> Void = { _ in }) throws(IngestError) -> Dataset {
        let customersPath = try resolve(paths.customers, .customers)
        let ordersPath = try resolve(paths.orders, .orders)
        let eventsPath = try resolve(paths.events, .events)
        if ordersPath == nil, requiresOrders || (customersPath == nil && eventsPath == nil) {
            let listing = (try? FileManager.default.contentsOfDirectory(atPath: paths.directory ?? ".")) ?? []
            throw .noOrders(directory: paths.directory ?? ".", found: listing.sorted())
        }

        var report = IngestReport()
        var customers = CustomerTable()
        var rejectedCustomers: [String: Int] = [:]
        if let customersPath {
            progress("reading \(customersPath)")
            let source = try open(customersPath, kind: .customers)
            let (table, fileReport, issues, rejectedIDs) = try CustomersReader(source: source, options: config.options(for: .customers)).read(strict: strict)
            customers = table
            rejectedCustomers = rejectedIDs
            report.files.append(fileReport)
            report.issues += issues
        }
        let register = customersPath == nil
        // With a customers file the ids are fixed: both files look them up in one index.
        let lookup = register || ordersPath == nil && eventsPath == nil ? nil : KeyLookup(customers.ids)
        var orders = OrderColumns()
        if let ordersPath {
            progress("reading \(ordersPath)")
            let ordersSource = try open(ordersPath, kind: .orders)
            let (columns, ordersReport, orderIssues) = try OrdersReader(
                source: ordersSource, options: config.options(for: .orders), currency: config.currency
            ).read(into: &customers, registerCustomers: register, strict: strict, keepIDs: keepRowIDs, lookup: lookup)
            orders = columns
            report.files.append(ordersReport)
            report.issues += orderIssues
        }
        var events = EventColumns()
        if let eventsPath {
            progress("reading \(eventsPath)")
            let source = try open(eventsPath, kind: .events)
            let (columns, eventsReport, eventIssues) = try EventsReader(source: source, options: config.options(for: .events))
                .read(into: &customers, registerCustomers: register, strict: strict, keepIDs: keepRowIDs, lookup: lookup)
            events = columns
            report.files.append(eventsReport)
            report.issues += eventIssues
        }
        if let customersPath {
            for i in report.issues.indices where report.issues[i].reason == .unknownCustomer {
                let id = report.issues[i].value
                if let line = rejectedCustomers[id] {
                    // An order or event of a customer whose row in the customers file was rejected.
                    report.issues[i].expected = "expected a customer_id present in the customers input: \(customersPath) has it, "
                        + "but its row (line \(line)) was rejected; correct that row and this one is kept"
                } else if let known = Self.sameNumber(as: id, in: customers.ids) {
                    report.issues[i].expected = "expected a customer_id present in the customers input: \(customersPath) has '\(known)', "
                        + "the same number written another way (a spreadsheet or pandas export writes whole-number ids of a column "
                        + "with empty cells as 1234.0); write the ids alike in both files"
                }
            }
        }
        customers.padToCount()
        // The columns move into the data set, which then holds the orders and events alone:
        // ordering it in place frees each old column as its new one is made.
        var data = Dataset(customers: consume customers, orders: consume orders, events: consume events, report: report)
        data.orderCanonically(onlyCustomersWithRows: customersPath == nil, grouped: groupsByCustomer)
        return data
    }

    /// The id in `ids` that is `id` as a whole number written another way (`17850.0` for
    /// `17850`, or the reverse), if there is one.
    static func sameNumber(as id: String, in ids: ByteStringTable) -> String? {
        let digits = id.utf8.prefix { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
        guard !digits.isEmpty else { return nil }
        let rest = id.utf8.dropFirst(digits.count)
        let whole = String(decoding: digits, as: UTF8.self)
        let candidates: [String]
        if rest.isEmpty {
            candidates = [whole + ".0", whole + ".00"]
        } else if rest.first == UInt8(ascii: "."), rest.count > 1, rest.dropFirst().allSatisfy({ $0 == UInt8(ascii: "0") }) {
            candidates = [whole]
        } else {
            return nil
        }
        return candidates.first { ids.code(of: $0) != nil }
    }

    /// The files ``load(progress:)`` reads, by table, in reading order (the path as given or found
    /// in the directory).
    public func inputFiles() throws(IngestError) -> [(kind: TableKind, path: String)] {
        var files: [(kind: TableKind, path: String)] = []
        for kind in [TableKind.customers, .orders, .events] {
            let explicit = kind == .customers ? paths.customers : kind == .orders ? paths.orders : paths.events
            if let path = try resolve(explicit, kind) { files.append((kind, path)) }
        }
        return files
    }

    /// Reads only the customers input (an empty table when there is none), e.g. to learn the
    /// attribute names.
    public func loadCustomers() throws(IngestError) -> CustomerTable {
        guard let path = try resolve(paths.customers, .customers) else { return CustomerTable() }
        return try CustomersReader(source: try open(path, kind: .customers), options: config.options(for: .customers)).read(strict: strict).0
    }

    private func resolve(_ explicit: String?, _ kind: TableKind) throws(IngestError) -> String? {
        if let explicit { return explicit }
        guard let directory = paths.directory else { return nil }
        let candidates = Self.extensions.map { (directory as NSString).appendingPathComponent("\(kind.rawValue).\($0)") }
        // A link whose target is gone is named as such, not passed over as "no such input".
        for path in candidates where !FileManager.default.fileExists(atPath: path) {
            if let target = try? FileManager.default.destinationOfSymbolicLink(atPath: path) {
                throw .cannotOpen(file: path, reason: "it is a link to \(target), which does not exist")
            }
        }
        let found = candidates.filter { FileManager.default.fileExists(atPath: $0) }
        guard found.count <= 1 else { throw .ambiguousInput(kind: kind.rawValue, files: found) }
        return found.first
    }

    private func open(_ path: String, kind: TableKind) throws(IngestError) -> TextSource {
        let options = config.options(for: kind)
        let ext = (path as NSString).pathExtension.lowercased()
        let layout = options.layout ?? {
            switch ext {
            case "ndjson", "jsonl": return .ndjson
            case "tsv": return .delimited(.tab, header: true)
            default: return .delimited(.comma, header: true)
            }
        }()
        let prefix = kind == .customers ? 0 : resumeAfter[path] ?? 0
        return try TextSource(path: path, displayName: path, layout: layout, resumingAfter: prefix)
    }
}
