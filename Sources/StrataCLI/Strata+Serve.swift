import ArgumentParser
import Dispatch
import Foundation
import Logging
import StrataServer
import StrataStore

extension Strata {
    struct Serve: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run the live service: the HTTP API over a store (docs/server.md).",
            discussion: helpText("""
            Customers, orders and events sent to /v1/customers, /v1/orders and /v1/events are checked as
            files are, stored once by id and committed durably before the answer; membership, custom
            segments and webhooks follow. Every /v1 request needs an API key (strata keys create). The
            store is created when missing. Stops cleanly on SIGINT or SIGTERM: requests in flight are
            answered, undelivered webhook messages stay in the store's outbox for the next start.
            """, examples: [
                "strata serve --db strata.db --port 8080",
                "strata serve --db strata.db --host 0.0.0.0 --rate 200",
            ])
        )

        @Option(help: "The store (SQLite file); created when missing.") var db: String
        @Option(help: "The address to listen on.") var host = "127.0.0.1"
        @Option(help: "The port to listen on (0: any free port).") var port = 8080
        @Option(help: "Requests a second each API key may make on average.") var rate = 1_000.0
        @Option(name: .customLong("as-of"), help: "Analyse as of this time (yyyy-MM-dd or ISO 8601) instead of now, e.g. to compare with a batch run.")
        var asOf: String?
        @Option(help: "Seconds between analyses of the whole store (time windows close on this beat; models are refitted).") var refresh = 30.0
        @Option(name: .customLong("consistent-wait"), help: "Seconds a consistent read or a refresh waits for its analysis before answering 503 with Retry-After (or 202).")
        var consistentWait = 10.0
        @Option(name: .customLong("max-future"), help: "Seconds past this machine's clock a written time may be (a sender's clock running fast); later ones are rejected.")
        var maxFuture: Int64 = 86_400
        @Option(name: .customLong("allow-webhook-host"), help: "A host webhooks may deliver to although it is loopback or private (repeat for more).")
        var allowWebhookHost: [String] = []
        @Flag(name: .customLong("only-allowed-webhook-hosts"), help: "Deliver webhooks only to the hosts given with --allow-webhook-host, public ones included.")
        var onlyAllowedWebhookHosts = false
        @Flag(name: .customLong("no-daily-snapshots"), help: "Keep no snapshot of the analysis each day (the dashboard's size history and movement come from snapshots).")
        var noDailySnapshots = false
        @Option(name: .customLong("log-level"), help: "Least severe log messages written to stderr: trace, debug, info, notice, warning, error, critical.")
        var logLevel = "info"

        func validate() throws {
            if let asOf, parseAsOf(asOf) == nil {
                throw ValidationError("--as-of '\(asOf)': expected a date such as 2024-06-30 or 2024-06-30T23:59:59Z")
            }
            guard refresh >= 1 else { throw ValidationError("--refresh \(refresh): at least 1 second") }
            guard consistentWait >= 0 else { throw ValidationError("--consistent-wait \(consistentWait): 0 seconds or more") }
            if onlyAllowedWebhookHosts && allowWebhookHost.isEmpty {
                throw ValidationError("--only-allowed-webhook-hosts: name the hosts with --allow-webhook-host HOST")
            }
            guard Logger.Level(rawValue: logLevel) != nil else { throw ValidationError("--log-level '\(logLevel)': expected trace, debug, info, notice, warning, error or critical") }
        }

        func run() throws {
            // Logs are structured lines on stderr; stdout says where the service listens.
            LoggingSystem.bootstrap(StreamLogHandler.standardError)
            let store = try StrataStore(path: db, create: true, durable: true)
            var settings = ServerSettings()
            settings.logLevel = Logger.Level(rawValue: logLevel) ?? .info
            settings.host = host
            settings.port = port
            settings.requestsPerSecond = rate
            settings.burst = rate * 2
            settings.analysis.asOf = asOf.flatMap(parseAsOf)
            settings.refreshSeconds = refresh
            settings.consistentWaitSeconds = consistentWait
            settings.futureSlackSeconds = maxFuture
            settings.dailySnapshots = !noDailySnapshots
            settings.webhookTarget = WebhookTarget(allowedHosts: Set(allowWebhookHost.map { $0.lowercased() }), onlyAllowedHosts: onlyAllowedWebhookHosts)
            let done = DispatchSemaphore(value: 0)
            let failure = ErrorBox()
            Task {
                do {
                    try await StrataServer.application(store: store, settings: settings) { address in
                        output("strata serve: listening on http://\(address) (store \(db))")
                    }.runService()
                } catch {
                    failure.error = error
                }
                done.signal()
            }
            done.wait()
            if let error = failure.error { throw error }
        }
    }

    struct Keys: ParsableCommand {
        /// "ingest, read, segments:write, admin".
        static let scopes = APIScope.allCases.map(\.rawValue).joined(separator: ", ")

        static let configuration = CommandConfiguration(
            abstract: "Create, list and revoke the API keys of the live service.",
            discussion: helpText("A key grants scopes: \(scopes) (admin grants every scope).", examples: [
                "strata keys create --db strata.db --name collector --scope ingest",
                "strata keys list --db strata.db",
                "strata keys revoke --db strata.db 4f2a9c01d3e7",
            ]),
            subcommands: [Create.self, List.self, Revoke.self]
        )

        struct Create: ParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Create an API key; its secret is printed once and stored only as a hash.",
                discussion: helpText("Scopes: \(Keys.scopes) (admin grants every scope).", examples: [
                    "strata keys create --db strata.db --name collector --scope ingest",
                    "strata keys create --db strata.db --name dashboard --scope read --scope segments:write",
                ])
            )

            @Option(help: "The store (SQLite file); created when missing.") var db: String
            @Option(help: "A name to tell the key by.") var name: String
            @Option(help: "A scope the key grants (repeat for more).") var scope: [String]

            func validate() throws {
                guard !scope.isEmpty else { throw ValidationError("give at least one --scope: \(Keys.scopes)") }
                for given in scope where APIScope(rawValue: given) == nil {
                    throw ValidationError("unknown scope '\(given)'; expected one of \(Keys.scopes)")
                }
            }

            func run() throws {
                let store = try StrataStore(path: db, create: true)
                let (key, secret) = try store.createKey(name: name, scopes: Set(scope.compactMap(APIScope.init(rawValue:))))
                output(secret)
                Console.current.error("key \(key.id) '\(key.name)' (\(scope.joined(separator: " "))): the secret above is shown once; store it now\n")
            }
        }

        struct List: ParsableCommand {
            static let configuration = CommandConfiguration(abstract: "List the API keys (ids, names, scopes; never secrets).")

            @OptionGroup var store: StoreOption

            func run() throws {
                let keys = try store.open().keys()
                guard !keys.isEmpty else { return output("no API keys (strata keys create)") }
                for key in keys {
                    let state = key.revokedAt.map { "revoked " + isoTime($0) } ?? "live"
                    output("\(key.id)  \(key.name)  \(key.scopes.map(\.rawValue).sorted().joined(separator: " "))  created \(isoTime(key.createdAt))  \(state)")
                }
            }

            private func isoTime(_ seconds: Int64) -> String { ISO8601DateFormatter().string(from: Date(timeIntervalSince1970: TimeInterval(seconds))) }
        }

        struct Revoke: ParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Revoke an API key by id: requests with it get 401 from then on.")

            @OptionGroup var store: StoreOption
            @Argument(help: "The key's id (strata keys list).") var id: String

            func run() throws {
                guard try store.open().revokeKey(id: id) else { throw ValidationError("no live API key with id '\(id)' (strata keys list)") }
                output("revoked key \(id)")
            }
        }
    }
}

/// The error a background task ended with, read after it signalled.
private final class ErrorBox: @unchecked Sendable {
    var error: Error?
}
