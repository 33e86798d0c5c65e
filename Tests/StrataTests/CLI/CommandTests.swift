import Foundation
import Testing
@testable import StrataCLI
@testable import StrataCore
@testable import StrataStore

/// Every subcommand run in-process as a user types it: arguments in; exit status, stdout and the
/// files written out. Usage mistakes stop with status 64 before any data is read; a run that fails
/// on its data or files stops with status 2 and `error: …`.
@Suite struct CommandTests {
    func run(_ arguments: [String]) -> (status: Int32, stdout: String, stderr: String) { StrataCommand.run(arguments) }

    func exists(_ path: String) -> Bool { FileManager.default.fileExists(atPath: path) }

    let summary = "\(fixtures)/cdnow/cdnow_customers_summary.csv"

    // MARK: Mistakes

    @Test func aMistypedCommandSuggestsTheNearestOne() {
        let typo = run(["analyse", "data"])
        #expect(typo.status == 64)
        #expect(typo.stderr.contains("unknown command 'analyse'; did you mean 'analyze'?"))
        #expect(run(["snapshto", "--db", "x"]).stderr.contains("did you mean 'snapshot'?"))
        let far = run(["segmentify"])
        #expect(far.status == 64 && !far.stderr.contains("did you mean") && far.stderr.contains("commands: analyze, check"))
    }

    @Test func serveRefusesTimesItCannotKeepBeforeOpeningTheStore() {
        let dir = TempDir()
        let db = "\(dir.path)/live.db"
        let wait = run(["serve", "--db", db, "--consistent-wait=-1"])
        #expect(wait.status == 64 && wait.stderr.contains("--consistent-wait -1.0: 0 seconds or more"))
        let refresh = run(["serve", "--db", db, "--refresh", "0.5"])
        #expect(refresh.status == 64 && refresh.stderr.contains("--refresh 0.5: at least 1 second"))
        let strict = run(["serve", "--db", db, "--only-allowed-webhook-hosts"])
        #expect(strict.status == 64 && strict.stderr.contains("name the hosts with --allow-webhook-host HOST"))
        #expect(!exists(db))
    }

    @Test func helpAndVersionGoToStdout() {
        let help = run(["analyze", "--help"])
        #expect(help.status == 0 && help.stdout.contains("--min-segment-size") && help.stderr.isEmpty)
        #expect(run(["--version"]).stdout == "0.1.0\n")
    }

    @Test func aFileWhereAFolderIsExpected() {
        let dir = TempDir()
        let orders = dir.write("orders.csv", "customer_id,ts,amount\na,2024-01-01,10\n")
        let given = run(["analyze", orders, "--out", "\(dir.path)/out"])
        #expect(given.status == 64)
        #expect(given.stderr.contains("DATA '\(orders)' is a file, not a folder; to read one file, give it with --orders FILE"))
        #expect(!exists("\(dir.path)/out"))
        #expect(run(["analyze", "\(dir.path)/nothing-here"]).stderr.contains("no such folder"))
        let outIsFile = run(["analyze", "--orders", orders, "--out", orders])
        #expect(outIsFile.status == 64 && outIsFile.stderr.contains("--out '\(orders)' is a file, not a folder"))
    }

    @Test func anOutputFileInAFolderThatDoesNotExist() {
        let dir = TempDir()
        let predict = run(["predict", summary, "--horizon", "39", "--out", "\(dir.path)/missing/predictions.csv"])
        #expect(predict.status == 64 && predict.stderr.contains("the folder '\(dir.path)/missing' does not exist"))
        let report = run(["analyze", "--orders", "\(fixtures)/cdnow/CDNOW_sample.txt", "--report", "\(dir.path)/nope/r.html"])
        #expect(report.status == 64 && report.stderr.contains("--report"))
    }

    @Test func readCommandsNeverCreateAStore() {
        let dir = TempDir()
        let db = "\(dir.path)/missing.db"
        for arguments in [["snapshot", "--db", db, "--as-of", "2024-06-30"], ["trends", "--db", db], ["alerts", "--db", db],
                          ["movement", "--db", db, "--from", "2024-05-31", "--to", "2024-06-30"], ["forget", "--db", db, "--customer", "C1"],
                          ["backfill", "--db", db, "--from", "2024-01-31", "--to", "2024-02-29"], ["analyze", "--db", db],
                          ["cluster", "--db", db]] {
            let result = run(arguments)
            #expect(result.status == 64, "\(arguments[0])")
            #expect(result.stderr.contains("--db '\(db)': no such store (strata import --db \(db) creates one)"), "\(arguments[0])")
        }
        #expect(!exists(db))
    }

    @Test func optionsAreCheckedBeforeTheDataIsRead() {
        // Each of these would read the data (or the store) next: the option alone stopped it.
        let dir = TempDir()
        dir.write("orders.csv", "customer_id,ts,amount\na,2024-01-01,10\n")
        dir.write("x.db", "")
        for (arguments, message) in [
            (["cluster", dir.path, "--k", "0"], "--k '0': expected auto or a number ≥ 1"),
            (["cluster", dir.path, "--k-range", "5-2"], "--k-range '5-2'"),
            (["cluster", dir.path, "--features", "recency_days,revenu"], "unknown field 'revenu'; did you mean 'revenue'?"),
            (["cluster", dir.path, "--features", "rfm_segment"], "'rfm_segment' is text, not a number"),
            (["analyze", dir.path, "--horizon", "9223372036854775807"], "--horizon must be between 1 and 36500 days"),
            (["analyze", dir.path, "--model", "bg-nb"], "--model"),
            (["analyze", dir.path, "--as-of", "2024-02-30"], "--as-of '2024-02-30'"),
            (["analyze", dir.path, "--segments", "\(dir.path)/none.strata"], "--segments '\(dir.path)/none.strata': no such file"),
            (["backfill", "--db", "\(dir.path)/x.db", "--from", "2024-03-01", "--to", "2024-01-01"], "--to '2024-01-01' is before --from"),
            (["generate", "--customers", "0"], "--customers must be at least 1"),
        ] {
            let result = run(arguments)
            #expect(result.status == 64, "\(arguments)")
            #expect(result.stderr.contains(message), "\(arguments): \(result.stderr)")
        }
        #expect(!exists("out"))
    }

    // MARK: Each command

    @Test func analyzeWritesItsFilesAndPrintsTheSummary() throws {
        let dir = DataGeneratorTests().generate(1_500, seed: 11)
        let out = "\(dir.path)/out"
        let result = run(["analyze", dir.path, "--out", out, "--report", "\(dir.path)/report.html"])
        #expect(result.status == 0, "\(result.stderr)")
        for file in ["customers.csv", "segments.json", "rejected.csv", "insights.json", "plan.md"] { #expect(exists("\(out)/\(file)"), "\(file)") }
        #expect(exists("\(dir.path)/report.html") && exists("\(dir.path)/report.md"))
        #expect(result.stdout.contains("RFM segments") && result.stdout.contains("Lifetime models (days)"))
        let header = try String(contentsOfFile: "\(out)/customers.csv", encoding: .utf8).prefix { $0 != "\n" }
        #expect(header.hasPrefix(CustomerFeature.names(lifetime: nil).joined(separator: ",") + ",p_alive,churn_risk,expected_purchases_365"))
        // The report may go into the output folder the run creates.
        let fresh = run(["analyze", dir.path, "--out", "\(dir.path)/new", "--report", "\(dir.path)/new/report.html", "--model", "none"])
        #expect(fresh.status == 0 && exists("\(dir.path)/new/report.html"), "\(fresh.stderr)")
        let json = run(["analyze", dir.path, "--out", out, "--format", "json", "--model", "none"])
        #expect(json.status == 0 && json.stdout.hasPrefix("{") && !json.stdout.contains("\"models\""))
        let csv = run(["analyze", dir.path, "--out", out, "--format", "csv", "--model", "none"])
        #expect(csv.stdout.hasPrefix("scheme,segment,size"))
    }

    @Test func aRunWithNothingToAnalyzeFailsWithStatus2() {
        let dir = TempDir()
        dir.write("orders.csv", "customer_id,ts,amount\na,not-a-date,10\n")
        let result = run(["analyze", dir.path, "--out", "\(dir.path)/out"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("error: no orders or events were kept; nothing to analyze"))
        let strict = run(["analyze", dir.path, "--out", "\(dir.path)/out", "--strict"])
        #expect(strict.status == 2 && strict.stderr.contains("orders.csv:2:"))
        dir.write("orders.csv", "customer_id,ts,amount\n")
        let headerOnly = run(["analyze", dir.path, "--out", "\(dir.path)/out"])
        #expect(headerOnly.status == 2 && headerOnly.stderr.contains("orders.csv: no data rows (a header only)"), "\(headerOnly.stderr)")
    }

    @Test func checkSQLAndExplainSegmentDefinitions() throws {
        let dir = DataGeneratorTests().generate(800, seed: 4)
        let good = dir.write("good.strata", "segment \"Big spenders\" = revenue > 500\n")
        let checked = run(["check", good])
        #expect(checked.status == 0 && checked.stdout.contains("OK — 1 segment, 0 groups"))
        let bad = dir.write("bad.strata", "segment \"Big\" = revenu > 500\n")
        let broken = run(["check", bad])
        #expect(broken.status == 2 && broken.stderr.hasPrefix("\(bad):1:") && broken.stderr.hasSuffix("error: \(bad): 1 error\n"))
        let sql = run(["sql", good, "--as-of", "2024-06-30", "--dialect", "postgres"])
        #expect(sql.status == 0 && sql.stdout.contains("SELECT") && sql.stdout.contains("Big spenders"))
        let explained = run(["explain", dir.path, "--segments", good, "--customer", "C1", "--model", "none"])
        #expect(explained.status == 0 && explained.stdout.contains("Big spenders"), "\(explained.stderr)")
        let builtIn = run(["explain", dir.path, "--customer", "C1"])
        #expect(builtIn.status == 0, "\(builtIn.stderr)")
        for part in ["RFM: ", "signs of disengagement", "rare_answers:", "off_channel:", "churn risk: "] {
            #expect(builtIn.stdout.contains(part), "explain without --segments shows \(part)")
        }
        let nobody = run(["explain", dir.path, "--segments", good, "--customer", "nobody", "--model", "none"])
        #expect(nobody.status == 2 && nobody.stderr.contains("customer 'nobody' is not in the data"))
    }

    @Test func fitPredictSimulateAndValidate() throws {
        let fit = run(["fit", summary, "--model", "bg-nbd", "--format", "json"])
        #expect(fit.status == 0)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(fit.stdout.utf8)) as? [String: Any])
        let params = try #require(object["params"] as? [String: Double])
        #expect(abs(try #require(params["r"]) - 0.243) < 0.001, "the published CDNOW estimate")

        let dir = TempDir()
        let predicted = run(["predict", "\(fixtures)/cdnow/cdnow_customers_summary_with_transactions.csv", "--horizon", "39",
                             "--out", "\(dir.path)/p.csv"])
        #expect(predicted.status == 0 && predicted.stdout.contains("wrote 2357 predictions"))
        #expect(try String(contentsOfFile: "\(dir.path)/p.csv", encoding: .utf8).hasPrefix("customer_id,p_alive,expected_purchases"))

        let simulated = run(["simulate", "--customers", "500", "--out", "\(dir.path)/s.csv"])
        #expect(simulated.status == 0 && simulated.stdout.contains("wrote 500 bg-nbd customer summaries"))
        #expect(run(["fit", "\(dir.path)/s.csv"]).status == 0)
        #expect(run(["simulate", "--params", "r=1,alpha=2"]).stderr.contains("missing parameters a, b"))

        let validated = run(["validate", "--orders", "\(fixtures)/cdnow/CDNOW_master.txt", "--config", "\(fixtures)/../../examples/cdnow/cdnow.yaml",
                             "--holdout-from", "1997-10-01", "--unit", "weeks", "--report", "\(dir.path)/check.html"])
        #expect(validated.status == 0, "\(validated.stderr)")
        #expect(validated.stdout.lowercased().contains("holdout"))
        // The charts lifetimes users check a model with, the holdout start marked on the tracking curve.
        let page = try String(contentsOfFile: "\(dir.path)/check.html", encoding: .utf8)
        for chart in ["Calibration and holdout", "Cumulative repeat purchases", "Weekly repeat purchases", "Period transactions", "P(alive) matrix"] {
            #expect(page.contains("aria-label=\"\(chart)\""), "\(chart)")
        }
        #expect(page.contains("stroke-dasharray") && page.contains(">holdout</text>"))
        #expect(validated.stdout.contains("files written: \(dir.path)/check.html"))
        #expect(run(["validate", "--orders", "x.csv", "--holdout-from", "1997-10-01", "--report", "\(dir.path)/no/check.html"]).status == 64)
        let missing = run(["fit", "\(dir.path)/none.csv"])
        #expect(missing.status == 64 && missing.stderr.contains("SUMMARY '\(dir.path)/none.csv': no such file"))
    }

    /// `import` names the rows it rejected (the first on stderr, all with --rejected), and
    /// refuses a file whose every row is rejected instead of reporting success.
    @Test func importNamesItsRejections() throws {
        let dir = TempDir()
        let db = "\(dir.path)/strata.db"
        dir.write("orders.csv", "order_id,customer_id,ts,amount\no1,c1,2024-01-02,5\no2,c2,yesterday,5\no3,c3,2024-01-03,lots\n")
        let some = run(["import", "--orders", "\(dir.path)/orders.csv", "--db", db, "--rejected", "\(dir.path)/rejected.csv"])
        #expect(some.status == 0, "\(some.stderr)")
        #expect(some.stderr.contains("orders.csv:3:") && some.stderr.contains("'yesterday'") && some.stderr.contains("'lots'"), "\(some.stderr)")
        let listed = try String(contentsOfFile: "\(dir.path)/rejected.csv", encoding: .utf8)
        #expect(listed.split(separator: "\n").count == 3 && listed.contains("invalid_date") && listed.contains("invalid_number"))

        dir.write("bad.csv", "order_id,customer_id,ts,amount\no4,c4,soon,5\no5,c5,later,5\n")
        let none = run(["import", "--orders", "\(dir.path)/bad.csv", "--db", db])
        #expect(none.status != 0 && none.stderr.contains("nothing was imported") && none.stderr.contains("invalid_date × 2"), "\(none.stderr)")
        #expect(try StrataStore(path: db).counts().orders == 1)
    }

    /// One events file alone is an import; no file at all is a usage error naming what to give.
    @Test func importTakesAnEventsFileAlone() throws {
        let dir = TempDir()
        let db = "\(dir.path)/strata.db"
        dir.write("events.csv", "event_id,customer_id,ts,type\ne1,c1,2024-01-02T10:00:00Z,email_open\ne2,c2,2024-01-03T10:00:00Z,site_visit\n")
        let events = run(["import", "--events", "\(dir.path)/events.csv", "--db", db])
        #expect(events.status == 0, "\(events.stderr)")
        #expect(try StrataStore(path: db).counts().events == 2)
        let nothing = run(["import", "--db", db])
        #expect(nothing.status == 64 && nothing.stderr.contains("Give a data directory, or --customers, --orders or --events FILE to import."),
                "\(nothing.stderr)")
    }

    /// An as-of date before every order and event is said, not silently taken.
    @Test func anAsOfDateBeforeAllTheDataIsSaid() {
        let dir = DataGeneratorTests().generate(50, seed: 4)
        let early = run(["analyze", dir.path, "--as-of", "2001-01-31", "--out", "\(dir.path)/out", "--model", "none"])
        #expect(early.status == 0 && early.stderr.contains("no order or event is at or before the as-of date 2001-01-31T23:59:59Z"), "\(early.stderr)")
        let later = run(["analyze", dir.path, "--out", "\(dir.path)/out2", "--model", "none"])
        #expect(later.status == 0 && !later.stderr.contains("no order or event is at or before"), "\(later.stderr)")
    }

    @Test func theStoreLifecycle() throws {
        let dir = DataGeneratorTests().generate(600, seed: 9)
        let db = "\(dir.path)/strata.db"
        let imported = run(["import", dir.path, "--db", db])
        #expect(imported.status == 0 && imported.stdout.contains("store \(db): 600 customers"), "\(imported.stderr)")
        let again = run(["import", dir.path, "--db", db])
        #expect(again.stdout.contains("store \(db): 600 customers"))
        // Before the first customer: an empty snapshot and a warning.
        let early = run(["snapshot", "--db", db, "--as-of", "2015-01-31", "--model", "none"])
        #expect(early.status == 0 && early.stdout.contains(": 0 customers") && early.stderr.contains("the snapshot is empty"), "\(early.stderr)")
        // Monthly from a month's end: April 30, May 31, June 30.
        let backfill = run(["backfill", "--db", db, "--from", "2024-04-30", "--to", "2024-06-30", "--model", "none"])
        #expect(backfill.status == 0 && backfill.stdout.components(separatedBy: "snapshot as of").count == 4, "\(backfill.stderr)")
        let snapshot = run(["snapshot", "--db", db, "--as-of", "2024-06-30", "--model", "none"])
        #expect(snapshot.status == 0 && snapshot.stdout.contains("snapshot as of 2024-06-30T23:59:59Z"))
        let movement = run(["movement", "--db", db, "--from", "2024-05-31", "--to", "2024-06-30", "--scheme", "activity", "--format", "json"])
        #expect(movement.status == 0 && movement.stdout.contains("\"segments\""), "\(movement.stderr)")
        let trends = run(["trends", "--db", db, "--scheme", "rfm"])
        #expect(trends.status == 0 && trends.stdout.contains("Customers per segment") && trends.stdout.contains("2024-05-31"))
        let alerts = run(["alerts", "--db", db])
        #expect(alerts.status == 0 && alerts.stdout.contains("\"alerts\""))
        let forget = run(["forget", "--db", db, "--customer", "C1"])
        #expect(forget.status == 0 && forget.stdout.hasPrefix("removed customer C1:"))
        let twice = run(["forget", "--db", db, "--customer", "C1"])
        #expect(twice.status == 2 && twice.stderr.contains("customer 'C1' is not in the store"))
        let fromStore = run(["analyze", "--db", db, "--out", "\(dir.path)/out", "--model", "none"])
        #expect(fromStore.status == 0 && fromStore.stdout.contains("599 customers"), "\(fromStore.stderr)")
        let noSnapshot = run(["movement", "--db", db, "--from", "2023-01-31", "--to", "2024-06-30"])
        #expect(noSnapshot.status == 2 && noSnapshot.stderr.contains("no snapshot as of 2023-01-31"))
    }

    @Test func reportFromAnOutputFolder() throws {
        let dir = DataGeneratorTests().generate(700, seed: 2)
        #expect(run(["analyze", dir.path, "--out", "\(dir.path)/out", "--model", "none"]).status == 0)
        let report = run(["report", "\(dir.path)/out", "--out", "\(dir.path)/r.html"])
        #expect(report.status == 0 && report.stdout.contains("wrote \(dir.path)/r.html and \(dir.path)/r.md"))
        #expect(try String(contentsOfFile: "\(dir.path)/r.html", encoding: .utf8).contains("<html"))
        let notFolder = run(["report", "\(dir.path)/out/segments.json"])
        #expect(notFolder.status == 64 && notFolder.stderr.contains("is a file, not a folder"))
        let empty = TempDir()
        let noRun = run(["report", empty.path, "--out", "\(empty.path)/r.html"])
        #expect(noRun.status == 2 && noRun.stderr.contains("run strata analyze --out"))
    }

    @Test func generateAndDemo() throws {
        let dir = TempDir()
        let generated = run(["generate", "--customers", "300", "--seed", "3", "--out", "\(dir.path)/data"])
        #expect(generated.status == 0 && generated.stdout.contains("wrote 300 customers"))
        for file in ["customers.csv", "orders.csv", "events.csv", "truth.csv"] { #expect(exists("\(dir.path)/data/\(file)")) }
        let demo = run(["demo", "--customers", "800", "--dir", "\(dir.path)/demo"])
        #expect(demo.status == 0, "\(demo.stderr)")
        #expect(demo.stdout.contains("accuracy:") && exists("\(dir.path)/demo/report.html") && exists("\(dir.path)/demo/out/plan.md"))
    }
}

extension CommandTests {
    /// `strata keys`: a key's secret is printed once and the store holds only its hash; `list`
    /// shows ids, names and scopes, never secrets; `revoke` ends a key, which the store then refuses.
    @Test func keysAreCreatedListedAndRevokedWithTheirSecretsNeverStored() throws {
        let dir = TempDir()
        let db = "\(dir.path)/live.db"
        let created = run(["keys", "create", "--db", db, "--name", "collector", "--scope", "ingest", "--scope", "read"])
        #expect(created.status == 0, "\(created.stderr)")
        let secret = created.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(secret.count >= 32 && created.stderr.contains("shown once"))
        let store = try StrataStore(path: db)
        let key = try #require(try store.keys().first)
        #expect(key.name == "collector" && key.scopes == [.ingest, .read])
        #expect(try store.key(secret: secret)?.id == key.id)
        try store.checkpoint()
        let onDisk = [db, db + "-wal"].compactMap { FileManager.default.contents(atPath: $0) }.reduce(Data(), +)
        #expect(onDisk.range(of: Data(secret.utf8)) == nil, "the secret itself is on disk")

        let listed = run(["keys", "list", "--db", db])
        #expect(listed.stdout.contains(key.id) && listed.stdout.contains("collector") && listed.stdout.contains("ingest read") && !listed.stdout.contains(secret))
        #expect(run(["keys", "create", "--db", db, "--name", "x", "--scope", "write"]).stderr.contains("unknown scope 'write'"))

        #expect(run(["keys", "revoke", "--db", db, key.id]).stdout.contains("revoked key \(key.id)"))
        #expect(try store.key(secret: secret) == nil)
        #expect(run(["keys", "list", "--db", db]).stdout.contains("revoked"))
        let again = run(["keys", "revoke", "--db", db, key.id])
        #expect(again.status == 64 && again.stderr.contains("no live API key with id '\(key.id)'"))
    }
}
