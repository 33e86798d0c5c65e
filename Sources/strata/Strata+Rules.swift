import ArgumentParser
import Foundation
import StrataCore

extension Strata {
    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Parse and type-check segment definitions; errors as file:line:col with a caret.",
            discussion: """
            Without data, the standard customers.csv fields are known and other names are taken for
            customer attributes (listed), unless they look like a typo of a known field. With --data
            (or --customers), attributes are checked too.
            """
        )

        @Argument(help: "Segment definitions file.") var file: String
        @Option(help: "Data directory whose customer attributes the definitions may use.") var data: String?
        @Option(help: "Customers file whose attributes the definitions may use.") var customers: String?
        @Option(help: "Input config (column mapping).") var config: String?

        func run() throws {
            let schema = schemaFor(data: data, customers: customers, config: config)
            let rules = loadRules(file, schema: schema)
            let groups = rules.groups.count
            print("\(file): OK — \(rules.segments.count) segment\(rules.segments.count == 1 ? "" : "s"), \(groups) group\(groups == 1 ? "" : "s")")
            if !rules.assumedAttributes.isEmpty {
                print("customer attributes assumed (not checked without data): " + rules.assumedAttributes.joined(separator: ", "))
            }
        }
    }

    struct SQL: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "sql",
            abstract: "Compile segment definitions to one SQL query over the documented table layout.",
            discussion: """
            Tables (docs/segments.md): customers (the columns of customers.csv), orders(customer_id, ts, amount,
            discount, category), events(customer_id, ts, type, channel, value), ts in epoch seconds (UTC).
            The query returns customer_id, a 0/1 column per segment and a label column per group.
            """
        )

        @Argument(help: "Segment definitions file.") var file: String
        @Option(help: "SQL dialect: sqlite, postgres or spark.") var dialect: SQLDialect = .sqlite
        @Option(name: .customLong("as-of"), help: "The analysis date the windows count back from (yyyy-MM-dd or ISO 8601).")
        var asOf: String
        @Option(help: "Data directory whose customer attributes the definitions may use.") var data: String?
        @Option(help: "Customers file whose attributes the definitions may use.") var customers: String?
        @Option(help: "Input config (column mapping).") var config: String?

        func validate() throws {
            guard parseAsOf(asOf) != nil else { throw ValidationError("--as-of '\(asOf)': expected a date such as 2024-06-30") }
        }

        func run() throws {
            let schema = schemaFor(data: data, customers: customers, config: config)
            let rules = loadRules(file, schema: schema)
            print(SQLCompiler(rules, dialect: dialect, asOf: parseAsOf(asOf)!, schema: schema).query(), terminator: "")
        }
    }

    struct Explain: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show why a customer is or is not in each custom segment: every condition with its values."
        )

        @OptionGroup var input: InputOptions
        @OptionGroup var analysis: AnalysisOptions
        @Option(help: "Segment definitions file.") var segments: String
        @Option(help: "The customer id to explain.") var customer: String

        func run() throws {
            let result = try analysis.run(input, progress: Progress())
            let catalog = result.catalog
            let rules = loadRules(segments, schema: RuleSchema(catalog))
            guard let c = catalog.customer(withID: customer) else { fail("customer '\(customer)' is not in the data") }
            print(RuleExplainer.explain(rules, catalog, customer: c), terminator: "")
        }
    }
}

extension SQLDialect: ExpressibleByArgument {}

/// The schema to check against: the standard fields, with the attributes of a customers file when given.
func schemaFor(data: String?, customers: String?, config: String?) -> RuleSchema {
    guard data != nil || customers != nil else { return .standard }
    let paths = InputPaths(directory: data, customers: customers)
    let inputConfig: InputConfig
    do {
        inputConfig = try config.map { path throws(IngestError) in try InputConfig.load(path: path) } ?? InputConfig()
    } catch {
        fail("\(error)")
    }
    do {
        let table = try DatasetLoader(paths: paths, config: inputConfig).loadCustomers()
        return RuleSchema.standard.adding(attributesOf: table)
    } catch {
        fail("\(error)")
    }
}
