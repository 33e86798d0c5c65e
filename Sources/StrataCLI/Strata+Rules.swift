import ArgumentParser
import StrataCore
import StrataPipeline

extension Strata {
    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Parse and type-check segment definitions; errors as file:line:col with a caret.",
            discussion: helpText("""
            Without data, the standard customers.csv fields are known and other names are taken for
            customer attributes (listed), unless they look like a typo of a known field. With --data
            (or --customers), attributes are checked too.
            """, examples: [
                "strata check campaigns.strata",
                "strata check campaigns.strata --data data/",
            ])
        )

        @Argument(help: "Segment definitions file.") var file: String
        @OptionGroup var schema: SchemaOptions

        func validate() throws { try requireFile(file, "FILE") }

        func run() throws {
            let rules = try CheckedRules.load(path: file, schema: try schema.schema())
            let groups = rules.groups.count
            output("\(file): OK — \(rules.segments.count) segment\(rules.segments.count == 1 ? "" : "s"), \(groups) group\(groups == 1 ? "" : "s")")
            if !rules.assumedAttributes.isEmpty {
                output("customer attributes assumed (not checked without data): " + rules.assumedAttributes.joined(separator: ", "))
            }
        }
    }

    struct SQL: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "sql",
            abstract: "Compile segment definitions, and with --features the customer features too, to SQL.",
            discussion: helpText("""
            Tables (docs/segments.md): customers (the columns of customers.csv), orders(customer_id, ts, amount,
            discount, category), events(customer_id, ts, type, channel, value), ts in epoch seconds (UTC).
            The query returns customer_id, a 0/1 column per segment and a label column per group.
            --features prints the whole feature query first: it creates table customers from the tables
            customer_records, orders and events of docs/scale-out.md, as `analyze --engine` runs it, for
            your own warehouse; segment definitions then run on top of it.
            """, examples: [
                "strata sql campaigns.strata --dialect postgres --as-of 2024-06-30",
                "strata sql --features --dialect spark --as-of 2024-06-30 > features.sql",
            ])
        )

        @Argument(help: "Segment definitions file (optional with --features).") var file: String?
        @Option(help: "SQL dialect: sqlite, postgres or spark.") var dialect: SQLDialect = .sqlite
        @Option(name: .customLong("as-of"), help: "The analysis date the windows count back from (yyyy-MM-dd or ISO 8601).")
        var asOf: String
        @Flag(help: "Print the feature query (CREATE TABLE customers AS …) before the segments.") var features = false
        @Flag(name: .customLong("no-amounts"), help: "With --features: the orders carry no amounts (revenue and M are left empty).")
        var noAmounts = false
        @OptionGroup var schema: SchemaOptions

        func validate() throws {
            guard file != nil || features else { throw ValidationError("Give a segment definitions file, or --features.") }
            if let file { try requireFile(file, "FILE") }
            _ = try endOfDay(asOf, "--as-of")
        }

        func run() throws {
            let asOf = try endOfDay(asOf, "--as-of")
            var schema = try schema.schema()
            if features {
                let standard = Set(RuleSchema.standard.fields.map(\.name))
                let attributes = schema.fields.filter { !standard.contains($0.name) && $0.name != "age" }
                    .map { (name: $0.name, numeric: $0.type == .number) }
                let query = FeatureQuery(dialect: dialect, settings: FeatureSettings(asOf: asOf), hasAmounts: !noAmounts,
                                         attributes: attributes)
                schema = query.ruleSchema
                output("-- Strata customer features as of \(Timestamp.isoDateTime(asOf)), \(dialect.rawValue) dialect (docs/scale-out.md).\n"
                       + "CREATE TABLE customers AS\n\(query.select());\n\n")
            }
            if let file {
                let rules = try CheckedRules.load(path: file, schema: schema)
                output(SQLCompiler(rules, dialect: dialect, asOf: asOf, schema: schema).query(), terminator: "")
            }
        }
    }

    struct Explain: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show why a customer is in their segments: RFM scores, the signs of disengagement, churn risk, and every condition of each custom segment with its values.",
            discussion: helpText("", examples: [
                "strata explain data/ --customer C1",
                "strata explain data/ --segments campaigns.strata --customer C1",
            ])
        )

        @OptionGroup var input: InputOptions
        @OptionGroup var analysis: AnalysisOptions
        @Option(help: "Segment definitions file (optional: without it only the built-in segments are explained).") var segments: String?
        @Option(help: "The customer id to explain.") var customer: String
        @OptionGroup var progressOptions: ProgressOptions

        func validate() throws {
            try input.requireData()
            if let segments { try requireFile(segments, "--segments") }
            if let db = input.db { try requireStore(db) }
        }

        func run() throws {
            var settings = analysis.settings
            settings.schemes = try input.schemeSettings()
            settings.insights = nil
            let result = try Analysis.run(try input.source, settings: settings, progress: progressOptions.progress().step)
            warn(result)
            let rules = try segments.map { try CheckedRules.load(path: $0, schema: RuleSchema(result.catalog)) }
            guard let c = result.catalog.customer(withID: customer) else {
                throw AnalysisError.notInData("customer '\(customer)' is not in the data")
            }
            say("Customer \(customer), as of \(Timestamp.isoDateTime(result.asOf))")
            output(TextWrap.wrap(BuiltInExplanation.text(c, result.segmentation, result.lifetime)), terminator: "")
            if let rules { output(TextWrap.wrap(RuleExplainer.explain(rules, result.catalog, customer: c)), terminator: "") }
        }
    }
}

extension SQLDialect: ExpressibleByArgument {}

/// The data whose customer attributes segment definitions may use (`check`, `sql`).
struct SchemaOptions: ParsableArguments {
    @Option(help: "Data directory whose customer attributes the definitions may use.") var data: String?
    @Option(help: "Customers file whose attributes the definitions may use.") var customers: String?
    @Option(help: "Input config (column mapping).") var config: String?

    func validate() throws {
        if let data { try requireFolder(data, "--data") }
        if let customers { try requireFile(customers, "--customers") }
        if let config {
            try requireFile(config, "--config")
            do { _ = try InputConfig.load(path: config) } catch { throw ValidationError("--config: \(error)") }
        }
    }

    /// The standard fields, with the attributes of the customers file when one is given.
    func schema() throws -> RuleSchema {
        guard data != nil || customers != nil else { return .standard }
        let inputConfig = try config.map { path throws(IngestError) in try InputConfig.load(path: path) } ?? InputConfig()
        let table = try DatasetLoader(paths: InputPaths(directory: data, customers: customers), config: inputConfig).loadCustomers()
        return RuleSchema.standard.adding(attributesOf: table)
    }
}
