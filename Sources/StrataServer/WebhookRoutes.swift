import Foundation
import Hummingbird
import StrataPipeline
import StrataStore

/// Webhooks (scope `admin`): `POST /v1/webhooks` registers a URL for the enter/exit events of
/// chosen segments and answers its signing secret once; `GET /v1/webhooks` lists them;
/// `DELETE /v1/webhooks/{id}`; `POST /v1/webhooks/{id}/rotate` a new secret (both sign until the
/// next rotation); `GET /v1/webhooks/{id}/dead-letters`; `POST /v1/webhooks/{id}/replay` sends
/// the dead letters again.
struct WebhookRoutes {
    let store: StrataStore
    let live: LiveAnalysis
    let target: WebhookTarget

    struct Registration: Decodable {
        var url: String
        var segments: [String]
    }

    struct Registered: Encodable {
        var webhook: Webhook
        var secret: String
    }

    struct DeadLetter: Encodable {
        var messageID: String
        var attempts: Int
        var lastError: String?
        var body: String

        enum CodingKeys: String, CodingKey {
            case attempts, body
            case messageID = "message_id", lastError = "last_error"
        }
    }

    func add(to group: RouterGroup<StrataRequestContext>) {
        group.post("webhooks") { request, context in try await register(request, context) }
        group.get("webhooks") { _, context in
            try context.require(.admin)
            return try Response.json(try store.webhooks())
        }
        group.delete("webhooks/:id") { _, context in
            try context.require(.admin)
            let id = try context.parameters.require("id")
            guard try store.deleteWebhook(id) else { throw APIError(.notFound, "no webhook '\(id)'") }
            return try Response.json(["deleted": id])
        }
        group.post("webhooks/:id/rotate") { _, context in
            try context.require(.admin)
            let id = try context.parameters.require("id")
            guard let secret = try store.rotateWebhookSecret(id) else { throw APIError(.notFound, "no webhook '\(id)'") }
            return try Response.json(["id": id, "secret": secret])
        }
        group.get("webhooks/:id/dead-letters") { _, context in
            try context.require(.admin)
            let id = try context.parameters.require("id")
            return try Response.json(try store.deadLetters(webhook: id).map {
                DeadLetter(messageID: $0.messageID, attempts: $0.attempts, lastError: $0.lastError, body: $0.body)
            })
        }
        group.post("webhooks/:id/replay") { _, context in
            try context.require(.admin)
            let id = try context.parameters.require("id")
            return try Response.json(["replayed": try store.replayDeadLetters(webhook: id)])
        }
    }

    func register(_ request: Request, _ context: StrataRequestContext) async throws -> Response {
        try context.require(.admin)
        let body = try await request.body.collect(upTo: 64 * 1024)
        guard let registration = try? JSONDecoder().decode(Registration.self, from: Data(buffer: body)) else {
            throw APIError(.badRequest, #"expected {"url": "https://…", "segments": ["rfm:champions", …]}"#)
        }
        if let problem = await target.problem(registration.url) { throw APIError(.unprocessableContent, problem) }
        guard !registration.segments.isEmpty else { throw APIError(.unprocessableContent, "name at least one segment to watch") }
        if let current = live.current {
            for segment in registration.segments {
                do { _ = try current.segment(named: segment) } catch { throw APIError(.unprocessableContent, error.description) }
            }
        }
        let (webhook, secret) = try store.createWebhook(url: registration.url, segments: registration.segments)
        // Its segments' members now are where it starts: only later changes are sent.
        if let current = live.current { try store.recordMembership(current.members(of: Set(webhook.segments)), dataVersion: current.version) }
        return try Response.json(Registered(webhook: webhook, secret: secret), status: .created)
    }
}
