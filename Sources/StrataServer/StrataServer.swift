import Foundation
import Hummingbird
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
        let router = Router(context: StrataRequestContext.self)
        router.get("healthz") { _, _ in "ok\n" }
        router.get("readyz") { _, _ -> Response in
            // Ready when the store answers a read.
            do { _ = try store.schemaVersion() } catch { throw APIError(.serviceUnavailable, "the store does not answer: \(error)") }
            return Response(status: .ok, body: .init(byteBuffer: ByteBuffer(string: "ready\n")))
        }
        let v1 = router.group("v1").add(middleware: KeyAuthenticator(store: store, limiter: RateLimiter(rate: settings.requestsPerSecond, burst: settings.burst)))
        // After each analysis, before it is served: the watched segments' changes go to the outbox.
        let live = LiveAnalysis(store: store.path, settings: settings.analysis) { snapshot in
            guard let hooks = try? store.webhooks(), !hooks.isEmpty else { return }
            _ = try? store.recordMembership(WebhookRoutes.watched(snapshot.analysis, hooks), dataVersion: snapshot.version)
        }
        live.changed()
        IngestRoutes(writer: GroupCommitWriter(store: store), limits: settings.limits, live: live).add(to: v1)
        ReadRoutes(live: live).add(to: v1)
        SegmentRoutes(store: store, live: live).add(to: v1)
        WebhookRoutes(store: store, live: live, target: settings.webhookTarget).add(to: v1)
        return Application(router: router, configuration: .init(address: .hostname(settings.host, port: settings.port), serverName: "strata"),
                           services: [RefreshTimer(live: live, seconds: settings.refreshSeconds),
                                      WebhookDelivery(store: store, target: settings.webhookTarget, retryDelays: settings.retryDelays,
                                                      pollSeconds: settings.deliveryPollSeconds)],
                           onServerRunning: { channel in listening(channel.localAddress.map { "\($0.ipAddress ?? settings.host):\($0.port ?? settings.port)" } ?? "\(settings.host):\(settings.port)") })
    }
}
