/// How well the activity segments recover the personas planted in generated data: the confusion
/// matrix (persona × segment) and the accuracy, counting a churned customer as recovered when it
/// lands among the least-engaged (the seed's three groups plus new customers have no churned one).
public struct PersonaRecovery: Sendable, Hashable {
    public var personas: [String]
    public var segments: [String]
    /// counts[persona][segment]
    public var counts: [[Int]]

    /// `truth` and `segments` give each customer's persona and activity segment, in the same order.
    public init(truth: [String], segments labels: [String]) {
        let personas = Persona.allCases.map(\.rawValue), segments = ActivitySegment.allCases.map(\.rawValue)
        let row = Dictionary(uniqueKeysWithValues: personas.enumerated().map { ($1, $0) })
        let column = Dictionary(uniqueKeysWithValues: segments.enumerated().map { ($1, $0) })
        self.personas = personas
        self.segments = segments
        counts = personas.map { _ in [Int](repeating: 0, count: segments.count) }
        for (persona, segment) in zip(truth, labels) {
            guard let r = row[persona], let c = column[segment] else { continue }
            counts[r][c] += 1
        }
    }

    /// Reads a generated data set's `truth.csv` and an analysis's `customers.csv`, joined by id.
    public init(truthFile: String, customersFile: String) throws(IngestError) {
        let truth = try CustomerColumns(path: truthFile, numbers: [], texts: ["customer_id", "persona"])
        let customers = try CustomerColumns(path: customersFile, numbers: [], texts: ["customer_id", "activity_segment"])
        let segmentOf = Dictionary(zip(customers.text("customer_id"), customers.text("activity_segment")), uniquingKeysWith: { a, _ in a })
        let ids = truth.text("customer_id")
        self.init(truth: truth.text("persona"), segments: ids.map { segmentOf[$0] ?? "" })
    }

    /// The segment a persona should land in.
    public static func expected(_ persona: Persona) -> ActivitySegment {
        switch persona {
        case .active: return .active
        case .passive: return .passive
        case .new: return .new
        case .leastEngaged, .churned: return .leastEngaged
        }
    }

    /// Share of customers of a persona (all when nil) in the expected segment.
    public func accuracy(_ persona: Persona? = nil) -> Double {
        var hit = 0, total = 0
        for (r, name) in personas.enumerated() where persona == nil || persona?.rawValue == name {
            guard let p = Persona(rawValue: name), let c = segments.firstIndex(of: Self.expected(p).rawValue) else { continue }
            hit += counts[r][c]
            total += counts[r].reduce(0, +)
        }
        return total == 0 ? 0 : Double(hit) / Double(total)
    }

    /// The matrix as aligned text, with each persona's recovery and the overall accuracy.
    public var table: String {
        var rows = [["persona"] + segments + ["recovered"]]
        for (r, name) in personas.enumerated() {
            rows.append([name] + counts[r].map(NumberFormat.grouped) + [Persona(rawValue: name).map { NumberFormat.percent(accuracy($0)) } ?? ""])
        }
        return TextTable.render(rows) + "accuracy: \(NumberFormat.percent(accuracy()))\n"
    }
}
