import Foundation
import StrataCore

/// A database or cluster that holds the three tables of ``EngineTables`` and computes the
/// features there from the generated SQL (``FeatureQuery``); only per-customer results come back.
public protocol FeatureEngine: Sendable {
    /// The engine's name in messages ("PostgreSQL").
    var name: String { get }
    var dialect: SQLDialect { get }
    /// Writes `data` into the engine's tables (replacing earlier ones) with its facts.
    func load(_ data: Dataset) async throws(EngineError)
    /// What the loaded data holds, as recorded by ``load(_:)``.
    func facts() async throws(EngineError) -> EngineFacts
    /// Materialises the features as table `customers` (ordered by customer id), then runs
    /// `queries` (custom segments over `customers`, the holdout split) and returns every result.
    func analyze(_ features: FeatureQuery, then queries: [String]) async throws(EngineError) -> EngineResult
}

/// The features and the follow-up queries' results an engine computed.
public struct EngineResult: Sendable {
    public var features: EngineFeatureTable
    /// One table per follow-up query, in order.
    public var results: [EngineFeatureTable]

    public init(features: EngineFeatureTable, results: [EngineFeatureTable]) {
        self.features = features
        self.results = results
    }
}

/// What loaded data holds beyond its rows: whether orders carry amounts, whether there are
/// events, the customer attributes, and the latest timestamp (the default as-of).
public struct EngineFacts: Sendable, Equatable, Codable {
    public var hasAmounts: Bool
    public var hasEvents: Bool
    public var latestTimestamp: Int64?
    public var attributes: [Attribute]

    /// A customer attribute: its name and whether every value is a number.
    public struct Attribute: Sendable, Equatable, Codable {
        public var name: String
        public var numeric: Bool
    }

    public init(_ data: Dataset) {
        hasAmounts = data.orders.hasAmounts
        hasEvents = data.events.count > 0
        latestTimestamp = data.latestTimestamp
        attributes = data.customers.attributes.map { Attribute(name: $0.name, numeric: $0.numericValues != nil) }
    }

    /// The feature query over data with these facts.
    public func featureQuery(_ dialect: SQLDialect, settings: FeatureSettings, thresholds: ActivityThresholds) -> FeatureQuery {
        FeatureQuery(dialect: dialect, settings: settings, thresholds: thresholds, hasAmounts: hasAmounts, hasEvents: hasEvents,
                     attributes: attributes.map { ($0.name, $0.numeric) })
    }

    /// The facts as one row of table `strata_facts` (JSON in a text column).
    static let table = "strata_facts"
}

extension EngineFacts {
    static func json(_ facts: EngineFacts) throws(EngineError) -> String {
        do {
            return String(decoding: try JSONEncoder().encode(facts), as: UTF8.self)
        } catch {
            throw .program(engine: "Strata", detail: "cannot encode the facts of a load: \(error)")
        }
    }

    static func decode(_ text: String?, engine: String) throws(EngineError) -> EngineFacts {
        guard let text, let facts = try? JSONDecoder().decode(EngineFacts.self, from: Data(text.utf8)) else {
            throw .statement(engine: engine, step: "reading the facts of the load",
                             detail: "no data loaded by `strata load` (table \(table) is missing or unreadable)")
        }
        return facts
    }
}
