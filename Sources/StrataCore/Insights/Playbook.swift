import Yams

/// The rules that turn a segment's profile into an action plan, read from a YAML file
/// (docs/insights.md; the default is ``Playbook/defaultYAML``). A segment named in a strategy's
/// `segments` gets that strategy; any other segment gets the first strategy whose `when`
/// conditions all hold; a strategy with neither is the fallback for the rest.
public struct Playbook: Sendable, Hashable {
    /// One way of working a segment. Texts may hold placeholders (``Playbook/placeholders``).
    public struct Strategy: Sendable, Hashable {
        public var name: String
        public var segments: [String] = []
        public var when: [Condition] = []
        public var objective = ""
        public var message = ""
        public var offer = ""
        /// `preferred` (the members' most common preferred channel) or a channel name.
        public var channel = "preferred"
        /// The channel when `preferred` finds none.
        public var fallbackChannel = "email"
        /// `preferred` (the members' most common weekday and hour, and their response time) or a text.
        public var timing = "preferred"
        public var frequency = ""
        public var kpi = ""
        /// Extra steps when a cause of disengagement holds for the segment, by cause name.
        public var forCauses: [String: String] = [:]

        package var isFallback: Bool { segments.isEmpty && when.isEmpty }
    }

    /// `metric op number`, e.g. `engagement_rate >= 0.5`.
    public struct Condition: Sendable, Hashable, CustomStringConvertible {
        public enum Operator: String, Sendable, CaseIterable { case ge = ">=", le = "<=", ne = "!=", eq = "==", gt = ">", lt = "<" }
        public var metric: String
        public var op: Operator
        public var number: Double

        /// Whether the metric's value meets the condition; a missing metric meets none.
        package func holds(_ value: Double?) -> Bool {
            guard let value, value.isFinite else { return false }
            switch op {
            case .ge: return value >= number
            case .le: return value <= number
            case .gt: return value > number
            case .lt: return value < number
            case .eq: return value == number
            case .ne: return value != number
            }
        }

        public var description: String { "\(metric) \(op.rawValue) \(NumberFormat.decimal(number, 2))" }
    }

    public var strategies: [Strategy]

    /// Segment-level metrics a condition may test: every profile indicator's mean (by its name)
    /// and median (`median_` + name), plus these.
    public static let extraMetrics = ["size", "share", "revenue_share", "rank", "channel_share"]
    /// Placeholders the texts may use.
    public static let placeholders = ["segment", "size", "channel", "weekday", "hour", "category", "response_days"]

    package static var metrics: Set<String> {
        Set(SegmentInsights.indicators.map(\.rawValue) + SegmentInsights.indicators.map { "median_" + $0.rawValue } + extraMetrics)
    }

    /// The strategy for a segment: by name first, then by conditions, then the fallback.
    package func strategy(for segment: String, metrics: [String: Double]) -> Strategy? {
        let name = segment.lowercased()
        if let named = strategies.first(where: { $0.segments.contains { $0.lowercased() == name } }) { return named }
        if let matched = strategies.first(where: { !$0.when.isEmpty && $0.when.allSatisfy { $0.holds(metrics[$0.metric]) } }) { return matched }
        return strategies.first(where: \.isFallback)
    }

    /// The built-in playbook.
    public static let standard: Playbook = {
        do { return try Playbook(yaml: defaultYAML, file: "<built-in playbook>") } catch { fatalError("the built-in playbook is invalid: \(error)") }
    }()

    /// Reads a playbook, naming the line and column of whatever is wrong.
    public init(yaml: String, file: String) throws(PlaybookError) {
        let root: Node?
        if let (line, depth) = NestingGuard.firstTooDeep(yaml) {
            throw PlaybookError(file: file, line: line, column: 1, message: "nested \(depth) levels deep; a playbook nests at most \(NestingGuard.limit)")
        }
        do { root = try Yams.compose(yaml: yaml) } catch { throw PlaybookError(file: file, line: 0, column: 0, message: "not valid YAML: \(error)") }
        func fail(_ node: Node?, _ message: String) -> PlaybookError {
            PlaybookError(file: file, line: node?.mark?.line ?? 0, column: node?.mark?.column ?? 0, message: message)
        }
        guard let top = root?.mapping else { throw fail(root, "expected a mapping with the key `strategies`") }
        var strategies: [Strategy] = []
        for (key, value) in top {
            guard key.string == "strategies" else { throw fail(key, "unknown key '\(key.string ?? "")': expected strategies") }
            guard let list = value.sequence else { throw fail(value, "`strategies` must be a list") }
            for item in list { strategies.append(try Self.strategy(item, fail: fail)) }
        }
        guard !strategies.isEmpty else { throw fail(root, "no strategies") }
        var seen: [String: String] = [:]
        for strategy in strategies {
            for name in strategy.segments {
                if let earlier = seen[name.lowercased()] {
                    throw fail(root, "segment '\(name)' is named by both '\(earlier)' and '\(strategy.name)'")
                }
                seen[name.lowercased()] = strategy.name
            }
        }
        self.strategies = strategies
    }

    private static func strategy(_ node: Node, fail: (Node?, String) -> PlaybookError) throws(PlaybookError) -> Strategy {
        guard let fields = node.mapping else { throw fail(node, "a strategy must be a mapping with name, objective, message, …") }
        var s = Strategy(name: "")
        func text(_ value: Node, _ key: String) throws(PlaybookError) -> String {
            guard let string = value.scalar?.string else { throw fail(value, "`\(key)` must be text") }
            var rest = Substring(string)
            while let open = rest.firstIndex(of: "{") {
                guard let close = rest[open...].firstIndex(of: "}") else { throw fail(value, "`\(key)`: '{' without '}'") }
                let name = String(rest[rest.index(after: open)..<close])
                guard placeholders.contains(name) else {
                    throw fail(value, "`\(key)`: unknown placeholder {\(name)}: expected one of \(placeholders.map { "{\($0)}" }.joined(separator: ", "))")
                }
                rest = rest[rest.index(after: close)...]
            }
            return string
        }
        func list(_ value: Node, _ key: String) throws(PlaybookError) -> [Node] {
            if value.scalar != nil { return [value] }
            guard let items = value.sequence else { throw fail(value, "`\(key)` must be a list") }
            return Array(items)
        }
        for (key, value) in fields {
            switch key.string ?? "" {
            case "name": s.name = try text(value, "name")
            case "segments": for item in try list(value, "segments") { s.segments.append(try text(item, "segments")) }
            case "when": for item in try list(value, "when") { s.when.append(try condition(item, fail: fail)) }
            case "objective": s.objective = try text(value, "objective")
            case "message": s.message = try text(value, "message")
            case "offer": s.offer = try text(value, "offer")
            case "channel": s.channel = try text(value, "channel")
            case "fallback_channel": s.fallbackChannel = try text(value, "fallback_channel")
            case "timing": s.timing = try text(value, "timing")
            case "frequency": s.frequency = try text(value, "frequency")
            case "kpi": s.kpi = try text(value, "kpi")
            case "for_causes":
                guard let causes = value.mapping else { throw fail(value, "`for_causes` must map a cause to a step") }
                for (cause, step) in causes {
                    let name = try text(cause, "for_causes")
                    guard DisengagementDiagnostics.causeNames.contains(name) else {
                        throw fail(cause, "unknown cause '\(name)': expected one of \(DisengagementDiagnostics.causeNames.joined(separator: ", "))")
                    }
                    s.forCauses[name] = try text(step, "for_causes")
                }
            default:
                throw fail(key, "unknown key '\(key.string ?? "")': expected name, segments, when, objective, message, offer, channel, "
                    + "fallback_channel, timing, frequency, kpi or for_causes")
            }
        }
        guard !s.name.isEmpty else { throw fail(node, "a strategy needs a name") }
        for (key, value) in [("objective", s.objective), ("message", s.message), ("kpi", s.kpi)] where value.isEmpty {
            throw fail(node, "strategy '\(s.name)' needs `\(key)`")
        }
        return s
    }

    private static func condition(_ node: Node, fail: (Node?, String) -> PlaybookError) throws(PlaybookError) -> Condition {
        let text = node.scalar?.string ?? ""
        let parts = text.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        guard parts.count == 3, let op = Condition.Operator(rawValue: parts[1]) else {
            throw fail(node, "condition '\(text)': expected `metric op number` with op one of \(Condition.Operator.allCases.map(\.rawValue).joined(separator: " "))")
        }
        guard metrics.contains(parts[0]) else {
            let base = parts[0].hasPrefix("median_") ? String(parts[0].dropFirst(7)) : parts[0]
            if let note = CustomerFeature.renameNote(base) ?? Indicator.renameNote(base) {
                throw fail(node, "condition '\(text)': unknown metric '\(parts[0])': \(note)")
            }
            throw fail(node, "condition '\(text)': unknown metric '\(parts[0])': expected one of \(metrics.sorted().joined(separator: ", "))")
        }
        guard let number = Double(parts[2]), number.isFinite else { throw fail(node, "condition '\(text)': '\(parts[2])' is not a number") }
        return Condition(metric: parts[0], op: op, number: number)
    }
}

/// A playbook that cannot be read: where and why.
public struct PlaybookError: Error, Sendable, Equatable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var column: Int
    public var message: String

    public var description: String { line > 0 ? "\(file):\(line):\(column): \(message)" : "\(file): \(message)" }
}
