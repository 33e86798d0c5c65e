import Foundation
import Testing
@testable import StrataCore
@testable import StrataOutputs
@testable import StrataPipeline

/// Real export layouts (Tests/Fixtures/exports, each with the config a user writes for it), read
/// and checked against totals the test computes on its own from the same text: orders, net
/// revenue, refunds, customers, rows skipped per rule, and every file's account.
@Suite struct ExportLayoutTests {
    let folder = "\(fixtures)/exports"

    /// The fixture's records as fields (RFC 4180 quotes; one record per line, as these files are).
    func records(_ name: String, separator: Character = ",") throws -> [[String]] {
        let text = try String(contentsOfFile: "\(folder)/\(name)", encoding: .utf8)
        return text.split(separator: "\n").dropFirst().map { line in
            var fields: [String] = [], field = "", quoted = false
            for c in line {
                if c == "\"" { quoted.toggle() } else if c == separator, !quoted { fields.append(field); field = "" } else { field.append(c) }
            }
            fields.append(field)
            return fields
        }
    }

    func load(_ name: String, config: String?) throws -> Dataset {
        let settings = try config.map { try InputConfig.load(path: "\(folder)/\($0)") } ?? InputConfig()
        return try DatasetLoader(paths: InputPaths(orders: "\(folder)/\(name)"), config: settings).load()
    }

    /// Cents of a plain decimal, exactly.
    func cents(_ text: String) -> Int64 { Int64((Decimal(string: text)! * 100 as NSDecimalNumber).int64Value) }

    @Test func onlineRetailLineItems() throws {
        let rows = try records("online-retail.csv")
        // Independently: skip rules, exact repeats, lines per invoice, quantity × price per line.
        let excluded: Set = ["POST", "D", "M", "C2", "DOT", "BANK CHARGES", "CRUK", "PADS", "AMAZONFEE"]
        let noCustomer = rows.filter { $0[6].isEmpty }.count
        let nonProduct = rows.filter { !$0[6].isEmpty && excluded.contains($0[1]) }.count
        let kept = rows.filter { !$0[6].isEmpty && !excluded.contains($0[1]) }
        var seen = Set<[String]>(), lines: [[String]] = []
        for row in kept where seen.insert(row).inserted { lines.append(row) }
        var invoices: [String: Decimal] = [:], customers = Set<String>()
        for row in lines {
            invoices[row[0], default: 0] += Decimal(string: row[3])! * Decimal(string: row[5])!
            customers.insert(row[6])
        }
        let net = invoices.values.reduce(0, +)
        let refunds = invoices.filter { $0.key.hasPrefix("C") || $0.value < 0 }.count

        let data = try load("online-retail.csv", config: "online-retail.yaml")
        let file = try #require(data.report.files.first)
        #expect(file.rowsRead == rows.count)
        #expect(file.kept == invoices.count && data.orders.count == invoices.count)
        #expect(file.duplicates == kept.count - lines.count)
        #expect(file.merged == lines.count - invoices.count)
        #expect(file.skippedByRule == ["CustomerID is empty": noCustomer,
                                       "StockCode in [POST, D, M, C2, DOT, BANK CHARGES, CRUK, PADS, AMAZONFEE]": nonProduct])
        #expect(file.rejected == 0 && file.balances)
        #expect(Decimal(data.orders.amountCents.reduce(0, +)) / 100 == net)
        #expect(data.orders.amountCents.filter { $0 < 0 }.count == refunds)
        #expect(data.customers.count == customers.count)
        #expect(file.columns["amount"] == "Quantity × UnitPrice")
        // London in winter is UTC; 6/30/2011 16:45 is summer time, 15:45 UTC.
        #expect(data.orders.timestamp.min() == seconds("2010-12-01T08:26:00Z"))
        #expect(data.orders.timestamp.max() == seconds("2011-06-30T15:45:00Z"))
    }

    @Test func europeanDayFirstExport() throws {
        let rows = try records("european.csv", separator: ";")
        let data = try load("european.csv", config: "european.yaml")
        let file = try #require(data.report.files.first)
        // 31/04/2024 does not exist; one line repeats exactly.
        let valid = rows.filter { $0[2] != "31/04/2024 10:00:00" }
        let distinct = Array(Set(valid))
        #expect(file.rowsRead == rows.count && file.rejectedByReason == ["invalid_date": 1] && file.duplicates == valid.count - distinct.count)
        #expect(file.kept == distinct.count && file.balances)
        #expect(data.orders.amountCents.reduce(0, +) == distinct.reduce(0) { $0 + cents($1[3]) })
        #expect(data.orders.amountCents.filter { $0 < 0 }.count == distinct.filter { $0[3].hasPrefix("-") }.count)
        #expect(data.customers.count == Set(distinct.map { $0[0] }).count)
        // Berlin: CET in January, CEST from 31 March 2024 02:00.
        #expect(data.orders.timestamp.first == seconds("2024-01-03T08:15:00Z"))
        #expect(data.orders.timestamp.contains(seconds("2024-03-31T21:59:59Z")))
        let issue = try #require(data.report.issues.first)
        #expect(issue.location.line == 7 && issue.location.field == "Bestelldatum" && issue.location.fieldNumber == 3)
        #expect(issue.expected == "expected a date written dd/MM/yyyy HH:mm:ss")
    }

    @Test func shopifyOrdersExport() throws {
        let rows = try records("shopify-orders.csv")
        let data = try load("shopify-orders.csv", config: "shopify-orders.yaml")
        let file = try #require(data.report.files.first)
        let withEmail = rows.filter { !$0[1].isEmpty }
        let refunded = Set(withEmail.filter { $0[2] == "refunded" }.map(\.[0]))
        let paid = withEmail.filter { !refunded.contains($0[0]) }
        var orders: [String: Decimal] = [:]
        for row in paid {
            orders[row[0], default: 0] += Decimal(string: row[8])! * Decimal(string: row[10])! - (row[5].isEmpty ? 0 : Decimal(string: row[5])!)
        }
        #expect(file.skippedByRule == ["Email is empty": rows.count - withEmail.count,
                                       "the order's Financial Status in [refunded]": withEmail.count - paid.count])
        #expect(file.kept == orders.count && file.merged == paid.count - orders.count && file.balances)
        #expect(Decimal(data.orders.amountCents.reduce(0, +)) / 100 == orders.values.reduce(0, +))
        #expect(data.orders.amountCents.filter { $0 < 0 }.count == orders.values.filter { $0 < 0 }.count)
        #expect(data.customers.count == Set(withEmail.map(\.[1])).count)
        // `2024-03-16 23:30:00 -0400` is the next day in UTC.
        #expect(data.orders.timestamp.contains(seconds("2024-03-17T03:30:00Z")))
    }

    @Test func idAndDateOnlyLog() throws {
        let rows = try records("id-date-log.csv")
        let data = try load("id-date-log.csv", config: nil)
        let file = try #require(data.report.files.first)
        #expect(file.kept == rows.count && file.balances && !data.orders.hasAmounts)
        #expect(file.warnings.first?.contains("no amount") == true)
        #expect(data.customers.count == Set(rows.map(\.[0])).count)
        // The purchase model runs; nothing that needs spend does.
        let analysis = try Analysis(data)
        let lifetime = try #require(analysis.lifetime)
        #expect(lifetime.spendFit == nil && lifetime.spendProblem == "the orders have no amounts")
        #expect(analysis.segmentation.scores.monetary.allSatisfy { $0 == 0 })
        #expect(!CustomerFeature.names(lifetime: lifetime).contains("clv"))
        let c = try #require(analysis.catalog.customer(withID: "A"))
        for feature in [CustomerFeature.mScore, .revenue, .averageOrderValue] {
            #expect(feature.value(c, analysis.segmentation, lifetime.predictions, ids: data.customers.ids) == .missing, "\(feature) is unknown")
        }
        // Orders only, ids and dates only: no scheme that needs events, amounts, times of day or
        // categories is computed, ranked or planned; the summary says why.
        let computable: [SegmentScheme] = [.rfm, .lifecycle, .usage, .occasion, .cycle, .satisfaction, .loyalty, .shopper]
        #expect(analysis.segmentation.schemes == computable)
        #expect(analysis.summary.schemes.map(\.scheme) == computable)
        #expect(analysis.insights?.schemes.map(\.scheme) == computable.map(InsightScheme.builtIn))
        #expect(analysis.summary.unavailableSchemes?["daypart"]?.contains("dates only") == true)
        #expect(analysis.summary.unavailableSchemes?["benefits"]?.contains("amounts") == true)
        #expect(analysis.insights?.diagnostics == nil)
        #expect(analysis.summary.unavailableSchemes?["activity"]?.contains("need interaction events") == true)
        #expect(SummaryRenderer.text(analysis.summary).contains("No activity segments: activity segments need interaction events"))
        #expect(CustomerFeature.activitySegment.value(c, analysis.segmentation, lifetime.predictions, ids: data.customers.ids) == .missing)
    }

    @Test func nothingKeptSaysWhyAndWritesTheRejects() throws {
        let dir = TempDir()
        try FileManager.default.copyItem(atPath: "\(folder)/online-retail.csv", toPath: "\(dir.path)/orders.csv")
        // Without a date pattern every row is rejected: the run says why and writes rejected.csv.
        let result = StrataCommand.run(["analyze", dir.path, "--out", "\(dir.path)/out"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("the most frequent reasons"))
        #expect(result.stderr.contains("invalid_date × 20, e.g. "))
        #expect(result.stderr.contains("missing_value × 2, e.g. "))
        #expect(result.stderr.contains("date_format: \"M/d/yyyy H:mm\""))
        let rejected = try String(contentsOfFile: "\(dir.path)/out/rejected.csv", encoding: .utf8)
        #expect(rejected.hasPrefix("file,line,field,field_number,offset,reason,value,expected\n"))
        #expect(rejected.contains(",2,InvoiceDate,5,"))
    }

    @Test func theRunSaysWhatFedEachField() throws {
        let result = StrataCommand.run(["analyze", "--orders", "\(folder)/online-retail.csv", "--config", "\(folder)/online-retail.yaml",
                                        "--out", TempDir().path, "--model", "none"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("online-retail.csv columns: amount ← Quantity × UnitPrice, customer_id ← CustomerID"))
        #expect(result.stdout.contains("online-retail.csv: 9 orders from 16 lines"))
        #expect(result.stdout.contains("skipped 2 rows where CustomerID is empty"))
    }

    /// "Online Retail II" spells the unit price `Price` and the customer `Customer ID`: read without
    /// a config, amounts are quantity × price, lines are summed per invoice.
    @Test func onlineRetailTwoReadsWithoutAConfig() throws {
        let dir = TempDir()
        dir.write("orders.csv", """
            Invoice,StockCode,Description,Quantity,InvoiceDate,Price,Customer ID,Country
            489434,85048,15CM CHRISTMAS GLASS BALL 20 LIGHTS,12,2009-12-01 07:45:00,6.95,13085,United Kingdom
            489434,79323P,PINK CHERRY LIGHTS,12,2009-12-01 07:45:00,6.75,13085,United Kingdom
            489435,22350,CAT BOWL ,12,2009-12-01 07:46:00,2.55,13085,United Kingdom

            """)
        let data = try StrataTests.load(InputPaths(directory: dir.path))
        let file = data.report.files[0]
        #expect(data.orders.amountCents == [16_440, 3_060] && file.merged == 1 && file.balances)
        #expect(file.columns["amount"] == "Quantity × Price" && file.columns["customer_id"] == "Customer ID")
    }

    @Test func aPriceColumnTakenForTheAmountIsWarnedAbout() throws {
        let dir = TempDir()
        dir.write("orders.csv", "order_id,customer_id,ts,Quantity,amount\no1,a,2024-01-01,3,2.50\n")
        let data = try DatasetLoader(paths: InputPaths(directory: dir.path),
                                     config: InputConfig.parse("orders: {columns: {amount: amount}}", file: "c")).load()
        #expect(data.report.files[0].warnings.isEmpty, "a column named amount is no price")
        dir.write("orders.csv", "order_id,customer_id,ts,Quantity,Price\no1,a,2024-01-01,3,2.50\n")
        let mapped = try DatasetLoader(paths: InputPaths(directory: dir.path),
                                       config: InputConfig.parse("orders: {columns: {amount: Price}}", file: "c")).load()
        #expect(mapped.report.files[0].warnings.first?.contains("amount is read from 'Price' while the file has a quantity column") == true)
        // Unmapped, Price is the unit price and the amount is 3 × 2.50.
        let computed = try StrataTests.load(InputPaths(directory: dir.path))
        #expect(computed.orders.amountCents == [750])
    }

    @Test func anOrderTotalRepeatedOnEveryLineIsWarnedAbout() throws {
        let dir = TempDir()
        // Six orders of two or three products, each line carrying the order's total.
        let totals = ["49.90", "12.00", "99.99", "30.00", "75.50", "18.20"]
        var repeated = "order_id,customer_id,ts,sku,Order Total\n"
        for (o, total) in totals.enumerated() {
            for line in 0..<(2 + o % 2) { repeated += "o\(o),c\(o),2024-01-0\(o + 1),SKU-\(line),\(total)\n" }
        }
        dir.write("orders.csv", repeated)
        let summed = try DatasetLoader(paths: InputPaths(directory: dir.path),
                                       config: InputConfig.parse("orders: {columns: {amount: Order Total}}", file: "c")).load()
        let warning = try #require(summed.report.files[0].warnings.first { $0.contains("same amount on every line") })
        #expect(warning.hasPrefix("'Order Total' has the same amount on every line of 6 of the 6 orders with several lines"))
        // What the warning proposes reads each order's total once.
        let once = try DatasetLoader(paths: InputPaths(directory: dir.path),
                                     config: InputConfig.parse("orders: {columns: {amount: Order Total}, line_items: false}", file: "c")).load()
        #expect(once.orders.amountCents.sorted() == totals.map(cents).sorted())
        #expect(!once.report.files[0].warnings.contains { $0.contains("same amount on every line") })

        // Real line items: amounts differ within most orders; no warning.
        var lines = "order_id,customer_id,ts,amount\n"
        for o in 0..<6 { lines += "o\(o),c\(o),2024-01-0\(o + 1),\(10 + o).00\no\(o),c\(o),2024-01-0\(o + 1),\(o == 0 ? 10 : 3).50\n" }
        dir.write("orders.csv", lines)
        let items = try StrataTests.load(InputPaths(directory: dir.path))
        #expect(!items.report.files[0].warnings.contains { $0.contains("same amount on every line") })
    }

    /// `strata init` on each layout writes a config that reads it as the hand-written one does.
    @Test(arguments: [("online-retail.csv", "online-retail.yaml"), ("european.csv", "european.yaml"),
                      ("shopify-orders.csv", "shopify-orders.yaml"), ("id-date-log.csv", nil)] as [(String, String?)])
    func initWritesAConfigThatReadsTheExportAlike(file: String, handWritten: String?) throws {
        let dir = TempDir()
        let result = StrataCommand.run(["init", "\(folder)/\(file)", "--out", "\(dir.path)/strata.yaml"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("wrote \(dir.path)/strata.yaml"))
        let detected = try DatasetLoader(paths: InputPaths(orders: "\(folder)/\(file)"),
                                         config: InputConfig.load(path: "\(dir.path)/strata.yaml")).load()
        let expected = try load(file, config: handWritten)
        let (a, b) = (detected.report.files[0], expected.report.files[0])
        let counts = { (f: FileReport) -> [Int] in [f.rowsRead, f.kept, f.rejected, f.duplicates, f.merged, f.skipped] }
        #expect(counts(a) == counts(b))
        #expect(detected.orders.amountCents.sorted() == expected.orders.amountCents.sorted())
        #expect(detected.customers.count == expected.customers.count && detected.orders.hasAmounts == expected.orders.hasAmounts)
        // A config exists already: init does not overwrite it unasked.
        let again = StrataCommand.run(["init", "\(folder)/\(file)", "--out", "\(dir.path)/strata.yaml"])
        #expect(again.status == 64 && again.stderr.contains("give --force"))
    }

    @Test func ambiguousDayAndMonthAreSaidNotGuessedSilently() throws {
        let dir = TempDir()
        dir.write("orders.csv", "customer_id,date,amount\na,01/02/2024,5\nb,03/04/2024,7\n")
        let result = StrataCommand.run(["init", "\(dir.path)/orders.csv", "--out", "\(dir.path)/strata.yaml"])
        #expect(result.stdout.contains("AMBIGUOUS: no sampled value has a day above 12"))
        #expect(try String(contentsOfFile: "\(dir.path)/strata.yaml", encoding: .utf8).contains("AMBIGUOUS"))
    }

    /// docs/input.md's recipes are the configs these tests read.
    @Test(arguments: ["online-retail.yaml", "european.yaml", "shopify-orders.yaml"])
    func theRecipesInTheDocsAreTheTestedConfigs(config: String) throws {
        let docs = try String(contentsOfFile: "\(fixtures)/../../docs/input.md", encoding: .utf8)
        let text = try String(contentsOfFile: "\(folder)/\(config)", encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(docs.contains("```yaml\n\(text)\n```"), "docs/input.md holds \(config) as a recipe")
    }

    /// Records are fingerprinted while the file is mapped: an exact repeat with quoted quotes, far
    /// into a file whose parsed pages are released, is still a duplicate, not a second line.
    @Test func exactRepeatsFarIntoALargeFileAreDuplicates() throws {
        let dir = TempDir()
        var text = "order_id,customer_id,ts,amount,note\n"
        for i in 0..<3_000 { text += "o\(i),c\(i % 50),2024-01-01,1.00,\"say \"\"hi\"\"\"\n" }
        text += "o2999,c49,2024-01-01,1.00,\"say \"\"hi\"\"\"\n"
        dir.write("orders.csv", text)
        let data = try StrataTests.load(InputPaths(directory: dir.path))
        let file = data.report.files[0]
        #expect(file.duplicates == 1 && file.merged == 0 && data.orders.amountCents.reduce(0, +) == 300_000)
    }

    /// Overflowing amounts are rejected, never a crash.
    @Test func hugeLineAmountsAreRejected() throws {
        let dir = TempDir()
        dir.write("orders.csv", "order_id,customer_id,ts,quantity,unit_price\no1,a,2024-01-01,9000000000000000,10\no2,a,2024-01-01,1,2\n")
        let data = try StrataTests.load(InputPaths(directory: dir.path))
        #expect(data.report.files[0].rejectedByReason == ["invalid_number": 1] && data.orders.amountCents == [200])
    }

    /// 120,000 orders of the largest amount a line may hold: one customer's total passes Int64
    /// cents; it is capped and said, and no sum anywhere traps.
    @Test func totalsBeyondSixtyFourBitsAreCappedAndSaid() throws {
        let dir = TempDir()
        var text = "order_id,customer_id,ts,amount\n"
        for i in 0..<120_000 { text += "o\(i),\(i % 100 == 0 ? "b" : "a"),2024-01-01,999999999999.99\n" }
        dir.write("orders.csv", text)
        let analysis = try Analysis.run(.files(InputPaths(directory: dir.path)), settings: { var s = Analysis.Settings(); s.model = .none; return s }())
        let f = analysis.segmentation.features
        #expect(f.revenueCents.contains(Int64.max))
        #expect(analysis.warnings.contains { $0.contains("capped") }, "\(analysis.warnings)")
        #expect(analysis.summary.schemes.allSatisfy { $0.overall.revenue > 9e16 })
    }
}
