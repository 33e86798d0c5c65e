import Foundation
import Hummingbird
import Logging
import ServiceLifecycle
import StrataCore
import StrataPipeline
import StrataStore

/// The live service (`strata serve`): the HTTP API over a store (docs/server.md). It only reads
/// requests, calls the library and writes answers.
public enum StrataServer {
    /// The application, ready to run (`runService()`) or to test; `listening` is called with the
    /// address once the server accepts connections.
    public static func application(store: StrataStore, settings: ServerSettings = ServerSettings(),
                                   listening: @escaping @Sendable (String) -> Void = { _ in }) -> some ApplicationProtocol {
        let metrics = ServerMetrics()
        let logger = { var logger = Logger(label: "strata"); logger.logLevel = settings.logLevel; return logger }()
        // After each step, before it is served: the watched segments' changes go to the outbox.
        let live = LiveAnalysis(store: store, settings: settings.analysis, completed: { step in
            let (snapshot, customers): (LiveAnalysis.Snapshot, [String]?)
            switch step {
            case let .whole(whole):
                (snapshot, customers) = (whole, nil)
                if settings.dailySnapshots { DailySnapshot.keep(whole.analysis, readAt: whole.baseVersion, in: store, logger: logger) }
            case let .customers(ids, state): (snapshot, customers) = (state, ids)
            }
            var changes = 0
            if let hooks = try? store.webhooks(), !hooks.isEmpty {
                let members = snapshot.members(of: Set(hooks.flatMap(\.segments)), among: customers)
                do { changes = try store.recordMembership(members, among: customers, dataVersion: snapshot.version).count } catch {
                    logger.error("membership changes not recorded", metadata: ["data_version": "\(snapshot.version)", "error": "\(error)"])
                }
            }
            logger.debug(customers == nil ? "whole analysis" : "customers analysed",
                         metadata: ["data_version": "\(snapshot.version)", "customers": "\(customers?.count ?? snapshot.customerCount)",
                                    "as_of": "\(snapshot.analysis.summary.asOf)", "membership_changes": "\(changes)"])
        }, failed: { error in
            logger.warning("no analysis", metadata: ["reason": "\(error)"])
        }, visible: { metrics.visible($0) })
        live.refresh()

        let router = Router(context: StrataRequestContext.self)
        router.add(middleware: MetricsMiddleware(metrics: metrics))
        // Without a key: liveness, readiness (the store answers a read) and the metrics.
        router.get("healthz") { _, _ in "ok\n" }
        router.get("readyz") { _, _ -> Response in
            do { _ = try store.schemaVersion() } catch { throw APIError(.serviceUnavailable, "the store does not answer: \(error)") }
            return Response(status: .ok, body: .init(byteBuffer: ByteBuffer(string: "ready\n")))
        }
        router.get("metrics") { _, _ -> Response in
            let current = live.current
            let text = metrics.text(outboxPending: (try? store.pendingCount()) ?? 0, dataVersion: current?.version,
                                    analysisAge: current.map { Date().timeIntervalSince($0.finishedAt) })
            return Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4"], body: .init(byteBuffer: ByteBuffer(string: text)))
        }
        router.get("openapi.json") { _, _ in
            Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: OpenAPIDocument.json + "\n")))
        }
        let v1 = router.group("v1").add(middleware: KeyAuthenticator(keys: KeyCache(store: store), limiter: RateLimiter(rate: settings.requestsPerSecond, burst: settings.burst)))
        IngestRoutes(writer: GroupCommitWriter(store: store, committed: { live.committed($0) }), limits: settings.limits, futureSlack: settings.futureSlackSeconds, live: live, metrics: metrics).add(to: v1)
        ReadRoutes(live: live, store: store, consistentWait: settings.consistentWaitSeconds).add(to: v1)
        AnalysisRoutes(live: live, wait: settings.consistentWaitSeconds).add(to: v1)
        SegmentRoutes(store: store, live: live).add(to: v1)
        WebhookRoutes(store: store, live: live, target: settings.webhookTarget).add(to: v1)
        DashboardRoutes(store: store, live: live, history: DashboardHistory(store: store),
                        insights: DashboardInsights(settings: settings.analysis)).add(to: router)

        let services: [any Service] = [
            RefreshTimer(live: live, seconds: settings.refreshSeconds),
            CheckpointTimer(store: store, logger: logger),
            WebhookDelivery(store: store, target: settings.webhookTarget, retryDelays: settings.retryDelays,
                            pollSeconds: settings.deliveryPollSeconds, drainSeconds: settings.shutdownDrainSeconds, metrics: metrics, logger: logger),
        ]
        return Application(router: router, configuration: .init(address: .hostname(settings.host, port: settings.port), serverName: "strata"),
                           services: services, onServerRunning: { channel in
                               let address = channel.localAddress
                               listening("\(address?.ipAddress ?? settings.host):\(address?.port ?? settings.port)")
                           }, logger: logger)
    }
}
