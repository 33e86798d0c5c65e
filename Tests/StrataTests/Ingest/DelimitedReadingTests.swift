import Testing
@testable import StrataCore
@testable import StrataOutputs
@testable import StrataPipeline
@testable import StrataStore

@Suite struct DelimitedReadingTests {
    /// The records a cursor reads from comma-delimited `text` into slots for its first three
    /// fields: whether each was malformed, its field count, line, the slots' fields (nil: absent
    /// or empty), the columns of the fields it has among them, and its text.
    func split(_ text: String) -> [(malformed: Bool, fieldCount: Int, line: Int, fields: [String?], columns: [Int], record: String)] {
        var bytes = Array(text.utf8)
        return bytes.withUnsafeMutableBufferPointer { buffer in
            var cursor = DelimitedCursor(base: buffer.baseAddress!, range: 0..<buffer.count, delimiter: .comma, fieldToSlot: [0, 1, 2])
            var row = RowBuffer(slots: 3)
            var records: [(malformed: Bool, fieldCount: Int, line: Int, fields: [String?], columns: [Int], record: String)] = []
            while cursor.next(into: &row) {
                records.append((row.malformed != nil, row.fieldCount, row.line,
                                (0..<3).map { row.field($0).map { String(decoding: $0, as: UTF8.self) } },
                                (0..<min(3, row.fieldCount)).map(row.column), String(decoding: row.record, as: UTF8.self)))
            }
            return records
        }
    }

    @Test func quotedFieldsCRLFAndBOM() throws {
        let dir = TempDir()
        let bom: [UInt8] = [0xEF, 0xBB, 0xBF]
        let text = "order_id,customer_id,ts,amount,category\r\n"
            + "o1,c1,2024-01-01,10.00,\"Books, rare\"\r\n"
            + "o2,\"c2\",2024-01-02,\"5\",\"say \"\"hi\"\"\"\r\n"
            + "o3,c1,2024-01-03,1,\"two\nlines\"\r\n"
            + "\r\n"
            + "o4,c2,2024-01-04,2,plain"
        dir.write("orders.csv", bytes: bom + Array(text.utf8))
        let data = try load(InputPaths(directory: dir.path))
        #expect(data.orders.count == 4)
        #expect(data.customers.count == 2)
        // Dictionaries are in byte order, whatever the file's order (docs/features.md, "Ties").
        #expect(data.orders.categories == ["Books, rare", "plain", "say \"hi\"", "two\nlines"])
        // Rows are grouped by customer, each customer's in time order: c1's o1 and o3, then c2's.
        #expect(data.orders.category == [0, 3, 2, 1])
        #expect(data.orders.amountCents == [1000, 100, 500, 200])
        #expect(data.report.files[0].rowsRead == 4)
    }

    /// A quoted field may run over many lines (a ticket's text, an email thread); a stray quote
    /// that pairs with a quote lines further on makes a record of the wrong width, and then only
    /// its own line is rejected and the lines after it are read as the records they are.
    @Test func longQuotedFieldsAreReadAndAStrayQuoteRejectsOnlyItsLine() throws {
        let dir = TempDir()
        let thread = (1...500).map { "> line \($0), quoted" }.joined(separator: "\n")
        dir.write("orders.csv", "customer_id,ts,amount,note\n"
            + "c1,2024-01-01,1,\"\(thread)\"\n"
            + "c2,2024-01-02,2,\"oops\n"
            + "c3,2024-01-03,3,plain\n"
            + "c4,2024-01-04,4,5\",x\n"
            + "c5,2024-01-05,5,last\n")
        let data = try load(InputPaths(directory: dir.path))
        #expect(data.customers.ids.strings == ["c1", "c3", "c5"], "\(data.report.issues)")
        let file = try #require(data.report.files.first)
        #expect(file.rowsRead == 5 && file.rejectedByReason == ["malformed_row": 2] && file.balances)
        #expect(data.report.issues.map(\.location.line) == [502, 504], "the stray quote's line; the line its pair is on")
        #expect(data.report.issues.first?.expected.contains("runs over 2 line breaks into a record of 5 fields, not 4") == true,
                "\(data.report.issues)")
    }

    /// Spreadsheet exports keep leading zeros and long digits as text with `="00123"`: the value
    /// is its text, in ids, amounts and dates alike, plain or quoted, and the report notes how
    /// many cells were written so. Anything else with a quote inside stays as it is.
    @Test func aSpreadsheetTextFormulaIsReadAsItsText() throws {
        let dir = TempDir()
        dir.write("customers.csv", "customer_id,signup_date\n=\"00123\",2024-01-05\n00456,2024-01-06\n")
        dir.write("orders.csv", "order_id,customer_id,ts,amount,category\n"
            + "=\"A1\",=\"00123\",2024-02-01T10:00:00Z,10.00,=\"\"\n"
            + "A2,00456,=\"2024-02-02T10:00:00Z\",=\"20.50\",books\n"
            + "A3,\"=\"\"00123\"\"\",2024-02-03T10:00:00Z,5,=\"a\"\"b\"\n")
        let data = try load(InputPaths(directory: dir.path))
        #expect(data.customers.ids.strings == ["00123", "00456"])
        #expect(data.orders.count == 3 && data.report.issues.isEmpty)
        #expect(data.orders.amountCents == [1000, 500, 2050])
        #expect(data.orders.categories == ["=\"a\"\"b\"", "books"], "an empty formula is no category; one with a quote inside is kept as written")
        #expect(data.report.files.map { $0.notes["text_formula"] } == [1, 6])
    }

    @Test func readingResumedAfterAPrefixNumbersLinesAsTheWholeFileDoes() throws {
        // CRLF, a lone CR and a quoted line break before the resume point: lines counted as the cursor counts them.
        let dir = TempDir()
        let prefix = "order_id,customer_id,ts,amount,category\r\no1,c1,2024-01-01,1,a\ro2,c1,2024-01-02,2,\"two\nlines\"\r\n"
        let text = prefix + "o3,c2,2024-01-03,3,b\no4,c2,someday,4,b\n"
        let path = dir.write("orders.csv", bytes: Array(text.utf8))
        let whole = try load(InputPaths(directory: dir.path))
        var loader = DatasetLoader(paths: InputPaths(directory: dir.path))
        loader.resumeAfter = [path: prefix.utf8.count]
        let tail = try loader.load()
        #expect(whole.report.issues.map(\.location.line) == [6])
        #expect(tail.report.issues.map(\.location.line) == [6])
        #expect(tail.orders.count == 1 && tail.orders.amountCents == [300] && tail.report.files[0].rowsRead == 2)
        // A resume point inside a line is not one: the whole file is read.
        loader.resumeAfter = [path: prefix.utf8.count - 3]
        #expect(try loader.load().report.files[0].rowsRead == 4)
    }

    /// Plain and quoted records, mixed, give the fields, field counts, lines, columns and record
    /// bytes they were written with: a quote in the next record within a few bytes of a line
    /// break, a field past the wanted ones, a short record, blank lines after each kind of line
    /// break, the last record without one.
    @Test func plainAndQuotedRecordsSplitAlike() {
        var random = SeededRandom(seed: 5)
        let breaks = ["\n", "\r\n", "\r"]
        var text = ""
        // Per record: its fields, its line, each field's column, and its text (plain records).
        var expected: [(fields: [String], line: Int, columns: [Int], text: String?)] = []
        var line = 1
        for i in 0..<400 {
            let count = i % 7 == 3 ? 2 : 4
            let quoted = i % 5 == 2
            var fields: [String] = [], columns: [Int] = [], written: [String] = []
            var column = 1
            for f in 0..<count {
                let length = Int(random.next() % 12)
                var field = String((0..<length).map { _ in Character(UnicodeScalar(UInt8(97 + random.next() % 26))) })
                var raw = field
                if quoted && f == 1 {
                    field += ",\"x"
                    raw = "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
                }
                fields.append(field)
                columns.append(column)
                written.append(raw)
                column += raw.utf8.count + 1
            }
            let record = written.joined(separator: ",")
            expected.append((fields, line, columns, quoted ? nil : record))
            text += record
            line += 1
            if i < 399 { text += breaks[i % 3] }
            if i % 50 == 49 { text += breaks[i % 3]; line += 1 }
        }
        let read = split(text)
        #expect(read.count == expected.count)
        for (k, (got, want)) in zip(read, expected).enumerated() {
            #expect(!got.malformed, "record \(k)")
            #expect(got.fieldCount == want.fields.count, "record \(k)")
            #expect(got.line == want.line, "record \(k)")
            #expect(got.fields == (0..<3).map { $0 < want.fields.count && !want.fields[$0].isEmpty ? want.fields[$0] : nil }, "record \(k)")
            #expect(got.columns == Array(want.columns.prefix(3)), "record \(k)")
            if let text = want.text { #expect(got.record == text, "record \(k)") }
        }
    }

    /// Random texts of letters, blanks, delimiters, quotes and every kind of line break (stray
    /// and doubled quotes, quoted fields over lines, records cut at every byte of a word) read
    /// the same records, fields, lines, columns and rejections whether records without a quote
    /// are split 32 bytes at a time or all on the general path.
    @Test func splittingPlainRecordsFastReadsWhatTheGeneralPathReads() {
        var random = SeededRandom(seed: 17)
        let alphabet = Array("ab ,\"\n\r=".utf8)
        for round in 0..<2_000 {
            let length = Int(random.next() % 300)
            let text = (0..<length).map { _ in random.next() % 3 == 0 ? alphabet[Int(random.next() % UInt64(alphabet.count))] : UInt8(ascii: "x") }
            func read(fast: Bool) -> [String] {
                var bytes = text
                return bytes.withUnsafeMutableBufferPointer { buffer in
                    guard let base = buffer.baseAddress else { return [] }
                    var cursor = DelimitedCursor(base: base, range: 0..<buffer.count, delimiter: .comma, fieldToSlot: [0, 1, 2],
                                                 expectedFields: 3, splitsPlainRecords: fast)
                    var row = RowBuffer(slots: 3)
                    var records: [String] = []
                    while cursor.next(into: &row) {
                        let fields = (0..<3).map { slot in row.isPresent(slot) ? "\(row.field(slot).map { Array($0) } ?? [])@\(row.column(slot))" : "-" }
                        records.append("\(row.line) \(row.fieldCount) \(row.malformed ?? "") \(fields) \(Array(row.record)) \(cursor.position)")
                    }
                    return records
                }
            }
            #expect(read(fast: true) == read(fast: false), "round \(round): \(String(decoding: text, as: UTF8.self).debugDescription)")
        }
    }

    /// Records are split 32 bytes at a time until a quote: a quote in the same 32 bytes as
    /// the line break before it, or right after a delimiter, or a record's first byte, and short
    /// records at the end of the range, read as they would one byte at a time.
    @Test func aQuoteNextToAPlainRecordEndsNeitherEarly() {
        let text = "a,b\n\"q,1\",c\nlonger-field,x,\"y\"\r\n\"\",,z\rplain,record,here\n1,\"2\n3\",4\nend,of\n"
        let expected: [(fields: [String?], line: Int, columns: [Int])] = [
            (["a", "b", nil], 1, [1, 3]), (["q,1", "c", nil], 2, [1, 7]), (["longer-field", "x", "y"], 3, [1, 14, 16]),
            ([nil, nil, "z"], 4, [1, 4, 5]), (["plain", "record", "here"], 5, [1, 7, 14]), (["1", "2\n3", "4"], 6, [1, 3, 4]),
            (["end", "of", nil], 8, [1, 5]),
        ]
        let read = split(text)
        #expect(read.count == expected.count)
        for (k, (got, want)) in zip(read, expected).enumerated() {
            #expect(!got.malformed, "record \(k)")
            #expect(got.line == want.line, "record \(k)")
            #expect(got.fields == want.fields, "record \(k)")
            #expect(got.columns == want.columns, "record \(k)")
        }
    }

    @Test(arguments: [Delimiter.comma, .semicolon, .tab])
    func fieldsOfEveryLengthSplitWhereAPlainSplitDoes(_ delimiter: Delimiter) {
        // Fields of 0 to 19 bytes put delimiters and line breaks at every place within an 8-byte
        // word, the last record without a line break; bytes above 0x7F are not delimiters.
        let breaks = ["\n", "\r\n", "\r"]
        var records: [[String]] = []
        for length in 0..<20 {
            records.append((0..<4).map { field in String(repeating: field == 1 ? "é" : "x", count: (length + field * 3) % 20) })
        }
        var text = ""
        for (i, record) in records.enumerated() {
            text += record.joined(separator: String(UnicodeScalar(delimiter.byte)))
            if i < records.count - 1 { text += breaks[i % 3] }
        }
        var bytes = Array(text.utf8)
        let read: [[String]] = bytes.withUnsafeMutableBufferPointer { buffer in
            var cursor = DelimitedCursor(base: buffer.baseAddress!, range: 0..<buffer.count, delimiter: delimiter, fieldToSlot: [0, 1, 2, 3])
            var row = RowBuffer(slots: 4)
            var out: [[String]] = []
            while cursor.next(into: &row) {
                #expect(row.fieldCount == 4)
                out.append((0..<4).map { slot in row.field(slot).map { String(decoding: $0, as: UTF8.self) } ?? "" })
            }
            return out
        }
        // A record whose fields are all empty is a blank line to the reader.
        #expect(read == records.filter { $0.contains { !$0.isEmpty } })
    }

    @Test func whitespaceDelimitedWithLeadingBlanks() throws {
        let dir = TempDir()
        let file = dir.write("log.txt", " customer_id  date n  dollar_value\r\n 00001 19970101  1   11.77\r\n 00002 19970112  5   77.00\r\n")
        let config = try InputConfig.parse("""
            orders: {delimiter: whitespace, date_format: yyyyMMdd, columns: {ts: date, amount: dollar_value}}
            """, file: "c.yaml")
        let data = try load(InputPaths(orders: file), config: config)
        #expect(data.orders.count == 2)
        #expect(data.customers.ids.string(0) == "00001")
        #expect(data.orders.timestamp[1] == seconds("1997-01-12"))
    }

    @Test func noHeaderColumnsByPositionAndSemicolons() throws {
        let dir = TempDir()
        let file = dir.write("o.txt", "a;2024-01-01;3,5\nb;2024-01-02;4\n")
        let config = try InputConfig.parse("""
            orders: {delimiter: semicolon, header: false, columns: {customer_id: 1, ts: 2, amount: 3}}
            """, file: "c.yaml")
        let data = try load(InputPaths(orders: file), config: config)
        #expect(data.orders.count == 1)
        #expect(data.report.issues.first?.description == "\(file):1:14: invalid_number: '3,5': expected an amount such as 12.50 or -3, of at most 999,999,999,999.99")
    }

    @Test func ndjsonWithEscapesAndNulls() throws {
        let dir = TempDir()
        dir.write("orders.ndjson", """
            {"order_id": "o1", "customer_id": "c\\u00e9", "ts": "2024-01-01T10:00:00Z", "amount": 12.5, "category": null}
            {"customer_id": "c2", "order_id": "o2", "amount": "3", "ts": 1704103200, "extra": {"nested": [1, 2]}}

            {"order_id": "o3", "customer_id": "c2", "ts": "2024-01-02", "amount": 1
            """)
        let data = try load(InputPaths(directory: dir.path))
        #expect(data.orders.count == 2)
        #expect(data.customers.ids.strings == ["c2", "cé"], "customers are numbered in id byte order")
        #expect(data.orders.customer == [0, 1], "rows are grouped by customer")
        #expect(data.orders.amountCents == [300, 1250])
        #expect(data.report.files[0].rejectedByReason == ["malformed_row": 1])
        #expect(data.report.issues[0].location.line == 4)
    }

    @Test func largeFileSplitsIntoChunksWithExactLineNumbers() throws {
        let dir = TempDir()
        var text = "order_id,customer_id,ts,amount,note\n"
        let rows = 400_000
        for i in 0..<rows {
            let note = i % 1000 == 0 ? "\"multi\nline\"" : "n"
            let amount = i == 250_000 ? "oops" : "1.00"
            text += "o\(i),c\(i % 5000),2024-01-01,\(amount),\(note)\n"
        }
        dir.write("orders.csv", text)
        let data = try load(InputPaths(directory: dir.path))
        #expect(data.orders.count == rows - 1)
        let issue = try #require(data.report.issues.first)
        // Line of row i is 2 + i + (number of multi-line notes before it).
        #expect(issue.location.line == 2 + 250_000 + 250)
        #expect(issue.location.column == 23)
        #expect(data.customers.count == 5000)
    }

    /// A quote that is never closed rejects its own line only: reading resumes on the next line
    /// and the account holds every line.
    @Test func anUnterminatedQuoteRejectsOneLineNotTheRestOfTheFile() throws {
        let dir = TempDir()
        var text = "order_id,customer_id,ts,amount,note\n"
        for i in 0..<10_000 {
            text += i == 1 ? "o1,c1,2024-01-01,1.00,\"never closed\n" : "o\(i),c\(i % 50),2024-01-01,1.00,n\n"
        }
        // A quoted field over lines that a stray quote far below would "close" is one bad line too.
        text += "o10000,c1,2024-01-01,1.00,\"opens here\n"
        for i in 10_001..<10_050 { text += "o\(i),c1,2024-01-01,1.00,n\n" }
        text += "o10050,c1,2024-01-01,1.00,x\"y\n"
        dir.write("orders.csv", text)
        let data = try load(InputPaths(directory: dir.path))
        let file = try #require(data.report.files.first)
        #expect(file.rowsRead == 10_051 && file.kept == 10_049 && file.rejected == 2 && file.balances)
        #expect(data.report.issues.map(\.location.line) == [3, 10_002])
        #expect(data.report.issues.first?.description.contains("resumes on the next line") == true, "\(data.report.issues)")
    }

    /// A quote inside an unquoted field is a plain character, to the chunk splitter as to the
    /// reader: a large file cut into chunks reads every record once, legal quoted line breaks
    /// included (the splitter once toggled on every quote and cut inside a quoted field).
    @Test func aQuoteInsideAFieldDoesNotMisplaceChunkBoundaries() throws {
        let dir = TempDir()
        var text = "order_id,customer_id,ts,amount,note\n"
        let rows = 300_000
        for i in 0..<rows {
            let note = i == 10 ? "5\" screen" : i % 997 == 0 ? "\"two\nlines, quoted\"" : "plain note text"
            text += "o\(i),c\(i % 5000),2024-01-01,1.00,\(note)\n"
        }
        dir.write("orders.csv", text)
        #expect(text.utf8.count > 12 << 20, "large enough to be read in several chunks")
        let data = try load(InputPaths(directory: dir.path))
        let file = try #require(data.report.files.first)
        #expect(file.rowsRead == rows && file.kept == rows && data.report.issues.isEmpty, "\(data.report.issues.prefix(3))")
    }

    /// NDJSON ids are strings or numbers: an object, an array or a boolean there is a located
    /// rejection, and a lone surrogate is refused rather than turned into U+FFFD (which made two
    /// ids one).
    @Test func ndjsonIdsMustBeStringsOrNumbers() throws {
        let dir = TempDir()
        dir.write("orders.ndjson", """
            {"order_id": "o1", "customer_id": "C1", "ts": "2024-01-01", "amount": 1}
            {"order_id": "o2", "customer_id": {"id": "C2"}, "ts": "2024-01-01", "amount": 1}
            {"order_id": "o3", "customer_id": ["C2"], "ts": "2024-01-01", "amount": 1}
            {"order_id": "o4", "customer_id": true, "ts": "2024-01-01", "amount": 1}
            {"order_id": "o5", "customer_id": 42, "ts": "2024-01-01", "amount": 1}
            {"order_id": "o6", "customer_id": "x\\uD800", "ts": "2024-01-01", "amount": 1}
            {"order_id": "o7", "customer_id": "x\\uDC00", "ts": "2024-01-01", "amount": 1}
            {"order_id": "o8", "customer_id": "x\\uD83D\\uDE00", "ts": "2024-01-01", "amount": 1}

            """)
        let data = try load(InputPaths(directory: dir.path))
        #expect(data.customers.ids.strings == ["42", "C1", "x😀"])
        #expect(data.report.files[0].rejectedByReason == ["malformed_row": 5] && data.report.files[0].balances)
        #expect(data.report.issues.map(\.location.line) == [2, 3, 4, 6, 7])
        #expect(data.report.issues[0].description.contains("an object: an id must be a JSON string or number"), "\(data.report.issues[0])")
    }

    /// A field given twice in one object is a located rejection: which value is meant is unknowable.
    @Test func ndjsonFieldGivenTwiceIsRejected() throws {
        let dir = TempDir()
        dir.write("orders.ndjson", """
            {"order_id": "o1", "customer_id": "C1", "ts": "2024-01-01", "amount": 1}
            {"order_id": "o2", "customer_id": "C1", "ts": "2024-01-01", "amount": 1, "amount": 100}
            {"order_id": "o3", "customer_id": "C2", "ts": "2024-01-02", "amount": 0.2e1, "note": 1, "note": 2}

            """)
        let data = try load(InputPaths(directory: dir.path))
        #expect(data.orders.amountCents.sorted() == [100, 200], "an unread key may repeat; an exponent is a number")
        #expect(data.report.files[0].rejectedByReason == ["malformed_row": 1] && data.report.files[0].balances)
        let issue = try #require(data.report.issues.first)
        #expect(issue.location.line == 2)
        #expect(issue.description.contains("\"amount\" at column 84 is a second value for a field the object gave at column 71"), "\(issue)")
    }

    /// A key that first appears on line 150 of an NDJSON file is a column like any other.
    @Test func ndjsonKeysComeFromTheWholeFile() throws {
        let dir = TempDir()
        var text = ""
        for i in 0..<200 {
            let category = i >= 149 ? ", \"category\": \"late\"" : ""
            text += "{\"order_id\": \"o\(i)\", \"customer_id\": \"c1\", \"ts\": \"2024-01-01\", \"amount\": 1\(category)}\n"
        }
        dir.write("orders.ndjson", text)
        let data = try load(InputPaths(directory: dir.path))
        #expect(data.orders.categories == ["late"] && data.orders.category.filter { $0 == 0 }.count == 51)
    }

    /// Without a customers file, customers come from kept rows only: a customer whose only row
    /// is a duplicate, a conflicting line or a rejected row is no customer at all.
    @Test func customersExistOnlyFromKeptRows() throws {
        let dir = TempDir()
        dir.write("orders.csv", """
            order_id,customer_id,ts,amount
            o1,a,2024-01-01,10
            o1,ghost-duplicate,2024-01-02,10
            o2,b,2024-01-03,oops
            o3,c,2024-01-04,5

            """)
        dir.write("events.csv", "event_id,customer_id,ts,type\ne1,c,2024-01-05,visit\ne1,ghost-event,2024-01-06,visit\n")
        let data = try load(InputPaths(directory: dir.path))
        #expect(data.customers.ids.strings == ["a", "c"])
        #expect(data.orders.customer == [0, 1] && data.events.customer == [1])
    }
}
