/// The rows of one API request body: a JSON object, or an array of objects, read by the same
/// readers, with the same checks, reasons and wording, as an NDJSON file whose line n holds item
/// n − 1 (docs/server.md). Orders and events are keyed by their id (by their content without one),
/// so a batch sent twice is stored once.
public struct APIBatch: Sendable {
    /// How much one request may carry; a body over `bodyBytes` is refused before it is read in full.
    public struct Limits: Sendable, Hashable {
        public var bodyBytes = 512_000
        public var items = 1_000
        public var itemBytes = 32_768

        public init() {}
    }

    /// Why a body cannot be read as a batch at all (each answers 400 or 413).
    public enum Problem: Error, Sendable, Equatable, CustomStringConvertible {
        case notJSON(offset: Int, expected: String)
        case empty
        case tooManyItems(limit: Int)
        case itemTooLarge(index: Int, bytes: Int, limit: Int)

        /// Whether the body is too large rather than malformed.
        public var isTooLarge: Bool {
            switch self {
            case .tooManyItems, .itemTooLarge: return true
            case .notJSON, .empty: return false
            }
        }

        public var description: String {
            switch self {
            case let .notJSON(offset, expected): return "body byte \(offset + 1): expected \(expected)"
            case .empty: return "empty body: expected a JSON object or an array of objects"
            case let .tooManyItems(limit): return "more than \(limit) items in one batch"
            case let .itemTooLarge(index, bytes, limit): return "item \(index) has \(bytes) bytes; at most \(limit) an item"
            }
        }
    }

    /// A rejected item: its 0-based index in the batch, the field, the reason (as in
    /// `rejected.csv`), the offending value and what was expected.
    public struct Rejection: Sendable, Codable, Hashable {
        public var index: Int
        public var field: String
        public var reason: String
        public var value: String
        public var expected: String
    }

    public var kind: TableKind
    /// Items in the body.
    public var items: Int
    /// The rows kept, with their ids.
    public var data: Dataset
    public var rejected: [Rejection]
    /// Items that repeat an earlier item's id within the body.
    public var duplicates: Int

    /// Reads `body` as rows of `kind`. Customers named by orders or events are added to the
    /// batch's customer table. With `times`, an order or event stamped outside that range (or a
    /// customer who signed up outside it) is rejected with reason `time_out_of_range`.
    public static func read(_ body: [UInt8], kind: TableKind, limits: Limits = Limits(), times: TimeWindow? = nil) throws(Problem) -> APIBatch {
        // On the request's thread alone: a batch is at most a few hundred kilobytes, and waking
        // the pool's threads for its passes costs more than it saves.
        try Parallel.$workerLimit.withValue(1) {
            Result<APIBatch, Problem> { () throws(Problem) -> APIBatch in try reading(body, kind: kind, limits: limits, times: times) }
        }.get()
    }

    private static func reading(_ body: [UInt8], kind: TableKind, limits: Limits, times: TimeWindow?) throws(Problem) -> APIBatch {
        let (lines, items) = try ndjson(body, limits: limits)
        let name = "\(kind.rawValue) batch"
        let nothing = Dataset(customers: CustomerTable(), orders: OrderColumns(), events: EventColumns(), report: IngestReport())
        guard items > 0 else { return APIBatch(kind: kind, items: 0, data: nothing, rejected: [], duplicates: 0) }
        var customers = CustomerTable()
        var orders = OrderColumns(), events = EventColumns()
        let report: FileReport, issues: [IngestIssue]
        do {
            let source = try TextSource(bytes: lines, displayName: name, layout: .ndjson)
            switch kind {
            case .customers:
                (customers, report, issues, _) = try CustomersReader(source: source, options: TableOptions()).read(strict: false)
            case .orders:
                // One item is one whole order: an id repeated in the batch is a repeat, not a line item.
                var options = TableOptions()
                options.lineItems = false
                (orders, report, issues) = try OrdersReader(source: source, options: options, currency: CurrencyOptions())
                    .read(into: &customers, registerCustomers: true, strict: false, keepIDs: true)
            case .events:
                (events, report, issues) = try EventsReader(source: source, options: TableOptions())
                    .read(into: &customers, registerCustomers: true, strict: false, keepIDs: true)
            }
        } catch {
            // A batch whose items name none of the table's required fields: every item is rejected.
            return APIBatch(kind: kind, items: items, data: nothing, rejected: (0..<items).map { Rejection(index: $0, field: "", reason: RejectReason.malformedRow.rawValue, value: "", expected: "\(error)") },
                            duplicates: 0)
        }
        customers.padToCount()
        var ingest = IngestReport()
        ingest.files = [report]
        ingest.issues = issues
        var rejected = issues.filter { $0.reason != .duplicateID }.map {
            Rejection(index: $0.location.line - 1, field: $0.location.field, reason: $0.reason.rawValue, value: $0.value, expected: $0.expected)
        }
        var batch = APIBatch(kind: kind, items: items, data: Dataset(customers: customers, orders: orders, events: events, report: ingest),
                             rejected: [], duplicates: report.duplicates)
        if let times {
            // Kept rows are the items not rejected or repeated, in order.
            let removed = Set(issues.map { $0.location.line - 1 })
            let itemOfRow = (0..<items).filter { !removed.contains($0) }
            rejected += batch.reject(outside: times, itemOfRow: itemOfRow)
        }
        batch.rejected = rejected.sorted { $0.index < $1.index }
        return batch
    }

    /// The body as NDJSON, one item per line, and the number of items. Line breaks between tokens
    /// become spaces; a line break inside a string is malformed JSON and refused.
    static func ndjson(_ body: [UInt8], limits: Limits) throws(Problem) -> (lines: [UInt8], items: Int) {
        var i = 0
        func skipSpace() { while i < body.count, [0x20, 0x09, 0x0A, 0x0D].contains(body[i]) { i += 1 } }
        skipSpace()
        guard i < body.count else { throw .empty }
        let isArray = body[i] == UInt8(ascii: "[")
        guard isArray || body[i] == UInt8(ascii: "{") else { throw .notJSON(offset: i, expected: "a JSON object or an array of objects") }
        if isArray { i += 1 }
        var lines: [UInt8] = []
        lines.reserveCapacity(body.count + 16)
        var items = 0
        while true {
            skipSpace()
            if isArray, i < body.count, body[i] == UInt8(ascii: "]"), items == 0 { i += 1; break }
            guard i < body.count, body[i] == UInt8(ascii: "{") else { throw .notJSON(offset: min(i, body.count), expected: "an object") }
            // One object: copied up to its matching brace, strings skipped over.
            let start = lines.count
            var depth = 0, inString = false, escaped = false
            repeat {
                guard i < body.count else { throw .notJSON(offset: body.count, expected: "the end of the object") }
                var byte = body[i]
                if inString {
                    if escaped { escaped = false } else if byte == UInt8(ascii: "\\") { escaped = true } else if byte == UInt8(ascii: "\"") { inString = false }
                    if byte == 0x0A || byte == 0x0D { throw .notJSON(offset: i, expected: "no line break inside a string (write \\n)") }
                } else {
                    switch byte {
                    case UInt8(ascii: "\""): inString = true
                    case UInt8(ascii: "{"), UInt8(ascii: "["): depth += 1
                    case UInt8(ascii: "}"), UInt8(ascii: "]"): depth -= 1
                    case 0x0A, 0x0D: byte = 0x20
                    default: break
                    }
                }
                lines.append(byte)
                i += 1
            } while depth > 0
            guard lines.count - start <= limits.itemBytes else { throw .itemTooLarge(index: items, bytes: lines.count - start, limit: limits.itemBytes) }
            lines.append(0x0A)
            items += 1
            guard items <= limits.items else { throw .tooManyItems(limit: limits.items) }
            skipSpace()
            guard isArray else { break }
            guard i < body.count else { throw .notJSON(offset: i, expected: "',' or ']'") }
            if body[i] == UInt8(ascii: "]") { i += 1; break }
            guard body[i] == UInt8(ascii: ",") else { throw .notJSON(offset: i, expected: "',' or ']'") }
            i += 1
        }
        skipSpace()
        guard i == body.count else { throw .notJSON(offset: i, expected: "the end of the body") }
        return (lines, items)
    }
}
