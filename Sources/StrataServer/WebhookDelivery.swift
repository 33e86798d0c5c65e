import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import ServiceLifecycle
import StrataStore
import Synchronization

/// Delivers the outbox: each webhook's messages in order, signed, by a task of its own, so a
/// slow or failing receiver delays only itself. A failed attempt (no answer within 10 s, or a
/// status outside 2xx) is retried after each of `retryDelays` in turn, then kept as a dead
/// letter that can be replayed. Redirects are not followed. On a graceful shutdown the messages
/// already due get one last round, for at most `drainSeconds`; what is left stays in the outbox
/// for the next start.
struct WebhookDelivery: Service {
    let store: StrataStore
    let target: WebhookTarget
    let retryDelays: [Double]
    let pollSeconds: Double
    let drainSeconds: Double
    let metrics: ServerMetrics
    let logger: Logger

    /// Webhooks with a delivery task running.
    private final class Busy: Sendable {
        let ids = Mutex(Set<String>())
    }

    func run() async throws {
        var configuration = HTTPClient.Configuration(redirectConfiguration: .disallow)
        configuration.timeout = .init(connect: .seconds(5), read: .seconds(10))
        // A receiver that refuses the connection fails this attempt at once; the retry schedule
        // decides when to try again.
        configuration.connectionPool.retryConnectionEstablishment = false
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        let busy = Busy()
        await cancelWhenGracefulShutdown {
            await withDiscardingTaskGroup { group in
                while !Task.isCancelled {
                    let now = Int64(Date().timeIntervalSince1970 * 1000)
                    for hook in (try? store.webhooks()) ?? [] {
                        guard busy.ids.withLock({ $0.insert(hook.id).inserted }) else { continue }
                        guard !((try? store.dueMessages(webhook: hook.id, nowMs: now, limit: 1)) ?? []).isEmpty else {
                            busy.ids.withLock { _ = $0.remove(hook.id) }
                            continue
                        }
                        group.addTask {
                            await deliver(hook, client)
                            busy.ids.withLock { _ = $0.remove(hook.id) }
                        }
                    }
                    try? await Task.sleep(for: .seconds(pollSeconds))
                }
            }
        }
        await drain(client)
        try await client.shutdown()
    }

    /// One last round of every webhook's due messages, cut off after `drainSeconds`.
    func drain(_ client: HTTPClient) async {
        let hooks = (try? store.webhooks()) ?? []
        guard !hooks.isEmpty, drainSeconds > 0 else { return }
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                await withTaskGroup(of: Void.self) { each in
                    for hook in hooks { each.addTask { await deliver(hook, client) } }
                }
            }
            group.addTask { try? await Task.sleep(for: .seconds(drainSeconds)) }
            await group.next()
            group.cancelAll()
        }
    }

    /// Sends the webhook's due messages, oldest first; stops this round at the first failure (the
    /// receiver is likely down). Each message is retried on its own schedule, so a message that
    /// keeps failing does not hold back the others; receivers put each customer's changes in
    /// order by their `sequence`.
    func deliver(_ hook: Webhook, _ client: HTTPClient) async {
        while !Task.isCancelled {
            let now = Int64(Date().timeIntervalSince1970 * 1000)
            guard let due = try? store.dueMessages(webhook: hook.id, nowMs: now), !due.isEmpty else { return }
            for message in due {
                let failure = await send(message, hook, client)
                metrics.delivery(failed: failure != nil)
                do {
                    if let failure {
                        let retry = message.attempts < retryDelays.count ? now + Int64(retryDelays[message.attempts] * 1000) : nil
                        try store.markFailed(message.id, error: failure, retryAtMs: retry)
                        let metadata: Logger.Metadata = ["webhook": "\(hook.id)", "message": "\(message.messageID)",
                                                         "attempt": "\(message.attempts + 1)", "error": "\(failure)"]
                        if retry == nil { logger.error("webhook message dead after its last retry", metadata: metadata) } else { logger.warning("webhook delivery failed", metadata: metadata) }
                        return
                    }
                    try store.markDelivered(message.id)
                } catch {
                    return
                }
            }
        }
    }

    /// Nil when the receiver answered 2xx, else what went wrong.
    func send(_ message: OutboxMessage, _ hook: Webhook, _ client: HTTPClient) async -> String? {
        if let problem = await target.problem(hook.url) { return problem }
        guard let secrets = try? store.webhookSecrets(hook.id), !secrets.isEmpty else { return "the webhook was removed" }
        let timestamp = Int64(Date().timeIntervalSince1970)
        var request = HTTPClientRequest(url: hook.url)
        request.method = .POST
        request.headers.add(name: "content-type", value: "application/json")
        request.headers.add(name: "webhook-id", value: message.messageID)
        request.headers.add(name: "webhook-timestamp", value: String(timestamp))
        request.headers.add(name: "webhook-signature", value: WebhookSignature.sign(secrets: secrets, id: message.messageID, timestamp: timestamp, body: message.body))
        request.body = .bytes(ByteBuffer(string: message.body))
        do {
            let response = try await client.execute(request, timeout: .seconds(10))
            _ = try? await response.body.collect(upTo: 64 * 1024)
            return (200..<300).contains(response.status.code) ? nil : "HTTP \(response.status.code)"
        } catch {
            return "\(error)"
        }
    }
}
