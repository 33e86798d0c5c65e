import Foundation
import Testing
@testable import StrataCore
@testable import StrataOutputs
@testable import StrataPipeline
@testable import StrataStore

@Suite struct BadInputTests {
    let customers = "customer_id,signup_date,country\nc1,2024-01-01,RU\nc2,2024-01-02,DE\nc1,2024-01-05,FR\n"

    @Test func unknownCustomerInOrdersIsRejectedWithLocation() throws {
        let dir = TempDir()
        dir.write("customers.csv", customers)
        dir.write("orders.csv", "order_id,customer_id,ts,amount\no1,c1,2024-02-01,5\no2,c9,2024-02-01,5\n")
        let data = try load(InputPaths(directory: dir.path))
        let orders = try #require(data.report.files.first { $0.table == .orders })
        #expect(orders.rejectedByReason == ["unknown_customer": 1])
        #expect(orders.balances)
        let issue = try #require(data.report.issues.first { $0.reason == .unknownCustomer })
        #expect(issue.location == SourceLocation(file: "\(dir.path)/orders.csv", line: 3, column: 4,
                                                 field: FieldRef(name: "customer_id", number: 2)))
        #expect(issue.value == "c9")
    }

    /// Customers and events: a repeated id is a duplicate. Orders: a repeated order id is another
    /// line of the same order (summed), unless the whole line repeats (a duplicate) or the lines
    /// name different customers (rejected).
    @Test func duplicateIdsAreRemovedExactlyFirstWins() throws {
        let dir = TempDir()
        dir.write("customers.csv", customers)
        dir.write("orders.csv", "order_id,customer_id,ts,amount\no1,c1,2024-02-01,5\no1,c1,2024-02-01,5\no1,c1,2024-02-01,3\n"
                  + "o1,c2,2024-02-02,7\no2,c2,2024-02-03,9\n")
        dir.write("events.csv", "event_id,customer_id,ts,type\ne1,c1,2024-02-01,email_sent\ne1,c1,2024-02-01,email_sent\n")
        let data = try load(InputPaths(directory: dir.path))
        let byTable = Dictionary(uniqueKeysWithValues: data.report.files.map { ($0.table, $0) })
        #expect(byTable[.customers]?.duplicates == 1)
        #expect(byTable[.customers]?.kept == 2)
        #expect(byTable[.orders]?.duplicates == 1)
        #expect(byTable[.orders]?.merged == 1)
        #expect(byTable[.orders]?.rejectedByReason == ["conflicting_order": 1])
        #expect(byTable[.events]?.duplicates == 1)
        #expect(data.orders.amountCents == [800, 900])
        // The first c1 row wins: its country is RU.
        #expect(data.customers.attributes[0].value(0) == "RU")
        let dup = try #require(data.report.issues.first { $0.reason == .duplicateID && $0.location.file.hasSuffix("orders.csv") })
        #expect(dup.description.hasSuffix("orders.csv:3:1: duplicate_id: 'o1': the same line as line 2, of the same order_id; the first is kept"))
        let conflict = try #require(data.report.issues.first { $0.reason == .conflictingOrder })
        #expect(conflict.location.line == 5)
        // With line items off, a repeated order id is a duplicate (a re-exported order).
        let plain = try load(InputPaths(directory: dir.path), config: InputConfig.parse("orders: {line_items: false}", file: "c"))
        let orders = try #require(plain.report.files.first { $0.table == .orders })
        #expect(orders.duplicates == 3 && orders.merged == 0 && plain.orders.amountCents == [500, 900] && orders.balances)
        for file in data.report.files { #expect(file.balances) }
    }

    @Test func unparsableDatesAreRejectedAndCounted() throws {
        let dir = TempDir()
        dir.write("orders.csv", "customer_id,ts,amount\nc1,2024-02-30,5\nc1,tomorrow,5\nc1,2024-02-01,5\n")
        let data = try load(InputPaths(directory: dir.path))
        #expect(data.report.files[0].rejectedByReason == ["invalid_date": 2])
        #expect(data.report.issues.map(\.location.line) == [2, 3])
        #expect(data.report.issues[0].expected.contains("ISO 8601"))
    }

    @Test func emptyFileIsAClearError() throws {
        let dir = TempDir()
        dir.write("orders.csv", "")
        #expect(throws: IngestError.emptyFile(file: "\(dir.path)/orders.csv")) {
            try load(InputPaths(directory: dir.path))
        }
    }

    @Test func missingColumnsListTheColumnsFound() throws {
        let dir = TempDir()
        dir.write("orders.csv", "client,when,total\nc1,2024-01-01,5\n")
        let error = #expect(throws: IngestError.self) { try load(InputPaths(directory: dir.path)) }
        #expect(error == .missingColumns(file: "\(dir.path)/orders.csv", missing: ["customer_id", "ts"], found: ["client", "when", "total"]))
        #expect(error?.description.contains("columns found: 'client', 'when', 'total'") == true)
        #expect(error?.description.contains("missing required columns 'customer_id' (likely 'client'), 'ts' (likely 'when')") == true)
    }

    @Test func wrongFieldCountAndUnterminatedQuote() throws {
        let dir = TempDir()
        dir.write("orders.csv", "customer_id,ts,amount\nc1,2024-01-01\nc1,2024-01-01,5,extra\nc1,2024-01-01,\"5\n")
        let data = try load(InputPaths(directory: dir.path))
        #expect(data.report.files[0].rejectedByReason == ["malformed_row": 3])
        #expect(data.report.issues[0].expected == "expected 3 fields, found 2")
        #expect(data.report.issues[2].expected.hasPrefix("unterminated quoted field"))
    }

    @Test func strictModeStopsAtTheFirstBadRow() throws {
        let dir = TempDir()
        dir.write("orders.csv", "customer_id,ts,amount\nc1,2024-01-01,5\nc1,2024-01-01,x\nc1,bad,5\n")
        let error = #expect(throws: IngestError.self) { try load(InputPaths(directory: dir.path), strict: true) }
        guard case let .strictModeRejected(issue)? = error else { Issue.record("expected strict error"); return }
        #expect(issue.location.line == 3)
        #expect(issue.reason == .invalidNumber)
    }

    /// The summary says exactly how many rejections rejected.csv holds when there are more than
    /// it keeps (up to 10,000 per check in each block of a file).
    @Test func theSummarySaysHowManyRejectionsAreWritten() throws {
        let dir = TempDir()
        var text = "order_id,customer_id,ts,amount\no0,c1,2024-01-01,1.00\n"
        for i in 1...12_000 { text += "o\(i),c1,2024-01-01,bad\n" }
        dir.write("orders.csv", text)
        let result = StrataCommand.run(["analyze", dir.path, "--out", "\(dir.path)/out", "--model", "none"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("12,000 rejected; rejected.csv lists the first 10,000"), "\(result.stdout.prefix(800))")
        let written = try String(contentsOfFile: "\(dir.path)/out/rejected.csv", encoding: .utf8).split(separator: "\n").count - 1
        #expect(written == 10_000)
    }

    @Test func aLinkToAMissingFileIsNamed() throws {
        let dir = TempDir()
        try FileManager.default.createSymbolicLink(atPath: "\(dir.path)/orders.csv", withDestinationPath: "/nonexistent/orders.csv")
        #expect(throws: IngestError.cannotOpen(file: "\(dir.path)/orders.csv", reason: "it is a link to /nonexistent/orders.csv, which does not exist")) {
            try load(InputPaths(directory: dir.path))
        }
    }

    @Test func noOrdersInDirectory() throws {
        let dir = TempDir()
        dir.write("customers.csv", customers)
        #expect(throws: IngestError.noOrders(directory: dir.path, found: ["customers.csv"])) {
            try load(InputPaths(directory: dir.path))
        }
    }

    @Test func configErrorsNameTheKey() {
        #expect(throws: IngestError.invalidConfig(file: "c.yaml", message: "orders.delimiter 'colon': expected comma, tab, semicolon, pipe or whitespace")) {
            try InputConfig.parse("orders: {delimiter: colon}", file: "c.yaml")
        }
        #expect(throws: IngestError.self) { try InputConfig.parse("orders: {columns: {sku: a}}", file: "c.yaml") }
        #expect(throws: IngestError.self) { try InputConfig.parse("payments: {}", file: "c.yaml") }
    }

    @Test func currenciesConvertOrReject() throws {
        let dir = TempDir()
        dir.write("orders.csv", "customer_id,ts,amount,currency\nc1,2024-01-01,10,USD\nc1,2024-01-02,10,EUR\nc1,2024-01-03,10,GBP\n")
        let config = try InputConfig.parse("currency: {base: USD, rates: {EUR: 1.5}}", file: "c.yaml")
        let data = try load(InputPaths(directory: dir.path), config: config)
        #expect(data.orders.amountCents == [1000, 1500])
        #expect(data.report.files[0].rejectedByReason == ["unknown_currency": 1])
        #expect(data.report.files[0].balances)
    }

    /// Lines of one order: a line without a currency takes its order's rate; the further lines of
    /// an order whose first line is rejected (a currency without a rate) go with it.
    @Test func lineItemsTakeTheirOrdersCurrency() throws {
        let dir = TempDir()
        dir.write("orders.csv", """
            order_id,customer_id,ts,quantity,unit_price,currency
            o1,c1,2024-01-02,2,5.00,EUR
            o1,c1,2024-01-01,1,4.00,
            o2,c1,2024-01-03,1,10,USD
            o3,c2,2024-01-04,1,10,GBP
            o3,c2,2024-01-04,3,1,

            """)
        let config = try InputConfig.parse("currency: {base: USD, rates: {EUR: 1.5}}", file: "c.yaml")
        let data = try load(InputPaths(directory: dir.path), config: config)
        // o1: (2 × 5.00 + 1 × 4.00) × 1.5, at its earliest line's time; o2 in the base currency.
        #expect(data.orders.amountCents == [2100, 1000])
        #expect(data.orders.timestamp.map { Timestamp.isoDate(day: Timestamp.day($0)) } == ["2024-01-01", "2024-01-03"])
        #expect(data.customers.ids.strings == ["c1"])
        let report = data.report.files[0]
        #expect(report.rejectedByReason == ["unknown_currency": 1, "order_rejected": 1])
        #expect(report.merged == 1)
        #expect(report.notes["converted_currency"] == 2)
        #expect(report.balances)
        #expect(data.report.issues.map(\.location.line) == [5])
    }

    /// An id with a NUL byte or Latin-1 bytes is rejected with the byte's position, not kept as
    /// another customer; UTF-8 ids of every script are kept as they are.
    @Test func idsThatAreNotUTF8TextAreRejected() throws {
        let dir = TempDir()
        let header = Array("order_id,customer_id,ts,amount\n".utf8)
        let rows: [[UInt8]] = [
            Array("o1,M\u{00FC}ller,2024-02-01,5\n".utf8),      // UTF-8 ü: kept
            Array("o2,M".utf8) + [0xFC] + Array("ller,2024-02-02,5\n".utf8),  // Latin-1 ü
            Array("o3,C".utf8) + [0x00] + Array("484,2024-02-03,5\n".utf8),   // NUL
            Array("o".utf8) + [0xC3] + Array(",c2,2024-02-04,5\n".utf8),      // a cut UTF-8 sequence in the order id
            Array("o5,\u{041C}\u{0438}\u{0440},2024-02-05,5\n".utf8),       // Cyrillic: kept
        ]
        dir.write("orders.csv", bytes: header + rows.flatMap { $0 })
        let data = try load(InputPaths(directory: dir.path))
        #expect(data.customers.ids.strings.sorted() == ["M\u{00FC}ller", "\u{041C}\u{0438}\u{0440}"])
        let report = data.report.files[0]
        #expect(report.rejectedByReason == ["invalid_text": 3] && report.balances)
        #expect(data.report.issues.map(\.location.line) == [3, 4, 5])
        #expect(data.report.issues.map(\.expected).allSatisfy { $0.contains("byte") })
        #expect(data.report.issues[0].expected.contains("byte 2 of the value is not UTF-8"))
        #expect(data.report.issues[1].expected.contains("NUL byte (found one at byte 2"))
    }

    /// An order one line of which cannot be read (wherever that line is) is left out whole,
    /// each of its other lines counted as `order_rejected`: no order is kept at part of its amount.
    @Test func anOrderWithAnUnreadableLineIsLeftOutWhole() throws {
        let dir = TempDir()
        dir.write("orders.csv", """
            order_id,customer_id,ts,quantity,unit_price
            o1,c1,2024-01-02,1,bad
            o1,c1,2024-01-02,1,10.00
            o1,c1,2024-01-02,2,10.00
            o2,c2,2024-01-03,1,5.00
            o3,c3,2024-01-04,1,7.00
            o3,c3,someday,1,7.00
            o3,c3,2024-01-04,1,3.00
            o2,c2,2024-01-03,3,1.00

            """)
        let data = try load(InputPaths(directory: dir.path))
        #expect(data.orders.amountCents == [800])
        #expect(data.customers.ids.strings == ["c2"])
        let report = data.report.files[0]
        #expect(report.rejectedByReason == ["invalid_number": 1, "invalid_date": 1, "order_rejected": 4], "\(report.rejectedByReason)")
        #expect(report.merged == 1 && report.balances)
        #expect(data.report.issues.map(\.location.line) == [2, 3, 4, 6, 7, 8])
        #expect(data.report.issues.filter { $0.reason == .orderRejected }.allSatisfy { $0.expected.contains("the whole order is left out") })
    }

    /// The orders of a customer whose row in the customers file was rejected say so, with that
    /// row's line, instead of calling the id unknown.
    @Test func ordersOfARejectedCustomerNameTheRejectedRow() throws {
        let dir = TempDir()
        dir.write("customers.csv", "customer_id,signup_date\nc1,2024-01-01\nc2,2024-01-02\nc3,not-a-date\n")
        dir.write("orders.csv", "order_id,customer_id,ts,amount\no1,c1,2024-02-01,5\no2,c3,2024-02-02,5\no3,c9,2024-02-03,5\n")
        let data = try load(InputPaths(directory: dir.path))
        let unknown = data.report.issues.filter { $0.reason == .unknownCustomer }
        #expect(unknown.map(\.value) == ["c3", "c9"])
        #expect(unknown[0].expected.contains("has it, but its row (line 4) was rejected"), "\(unknown[0].expected)")
        #expect(unknown[1].expected == "expected a customer_id present in the customers input")
    }

    /// An id written as a decimal in one file (`17850.0`, as pandas writes a column with empty
    /// cells) and as a whole number in the other is rejected, with the form the other file has.
    @Test func aWholeNumberIdWrittenAsADecimalNamesTheOtherForm() throws {
        let dir = TempDir()
        dir.write("customers.csv", "customer_id,signup_date\n17850,2024-01-01\n13047.0,2024-01-02\n")
        dir.write("orders.csv", "order_id,customer_id,ts,amount\no1,17850.0,2024-02-01,5\no2,13047,2024-02-02,5\n"
                  + "o3,17850,2024-02-03,5\no4,17850.5,2024-02-04,5\no5,99,2024-02-05,5\n")
        let data = try load(InputPaths(directory: dir.path))
        let unknown = data.report.issues.filter { $0.reason == .unknownCustomer }
        #expect(unknown.map(\.value) == ["17850.0", "13047", "17850.5", "99"])
        #expect(unknown[0].expected.contains("has '17850', the same number written another way"), "\(unknown[0].expected)")
        #expect(unknown[1].expected.contains("has '13047.0', the same number written another way"), "\(unknown[1].expected)")
        #expect(unknown[2].expected == "expected a customer_id present in the customers input")
        #expect(unknown[3].expected == "expected a customer_id present in the customers input")
    }

    /// A workbook, a compressed file or UTF-16 text is named for what it is, with what to do.
    @Test func filesThatAreNotTextSayWhatTheyAre() throws {
        let dir = TempDir()
        for (bytes, expected) in [([0x50, 0x4B, 0x03, 0x04, 0x14, 0x00], "save the sheet as CSV"), ([0x1F, 0x8B, 0x08, 0x00], "gunzip"),
                                  ([0xFF, 0xFE, 0x63, 0x00], "UTF-16")] as [([UInt8], String)] {
            let path = dir.write("orders.csv", bytes: bytes)
            #expect { try load(InputPaths(orders: path)) } throws: { error in
                guard case let IngestError.cannotOpen(file, reason) = error else { return false }
                return file == path && reason.contains(expected)
            }
        }
    }
}
