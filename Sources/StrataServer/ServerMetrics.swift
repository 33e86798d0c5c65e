import Foundation
import Hummingbird
import StrataStore
import Synchronization

/// The service's counters, served at `/metrics` in the Prometheus text format: requests and
/// their latency by route, ingest counts and rejects by table, webhook deliveries and failures,
/// the outbox depth and the live analysis's freshness.
final class ServerMetrics: Sendable {
    /// Upper bounds of the latency histogram's buckets, in seconds.
    static let buckets = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]

    private struct Latency {
        var counts = [Int](repeating: 0, count: ServerMetrics.buckets.count)
        var count = 0
        var sum = 0.0
    }

    private struct State {
        var requests: [String: Int] = [:]
        var latency: [String: Latency] = [:]
        var ingest: [String: Int] = [:]
        var deliveries = 0
        var deliveryFailures = 0
        /// From a write's commit to the live analysis serving it.
        var visible = Latency()
    }

    private let state = Mutex(State())

    func request(route: String, method: String, status: Int, seconds: Double) {
        state.withLock { state in
            state.requests["route=\"\(route)\",method=\"\(method)\",status=\"\(status)\"", default: 0] += 1
            var latency = state.latency[route] ?? Latency()
            for (i, bound) in Self.buckets.enumerated() where seconds <= bound { latency.counts[i] += 1 }
            latency.count += 1
            latency.sum += seconds
            state.latency[route] = latency
        }
    }

    func ingested(table: String, items: Int, stored: Int, rejected: Int, duplicates: Int) {
        state.withLock { state in
            for (name, value) in [("items", items), ("stored", stored), ("rejected", rejected), ("duplicates", duplicates)] {
                state.ingest["strata_ingest_\(name)_total{table=\"\(table)\"}", default: 0] += value
            }
        }
    }

    func visible(_ delays: [Double]) {
        state.withLock { state in
            for seconds in delays {
                for (i, bound) in Self.buckets.enumerated() where seconds <= bound { state.visible.counts[i] += 1 }
                state.visible.count += 1
                state.visible.sum += seconds
            }
        }
    }

    func delivery(failed: Bool) {
        state.withLock { state in
            if failed { state.deliveryFailures += 1 } else { state.deliveries += 1 }
        }
    }

    /// The exposition text; `outbox` and `analysis` are read at the time of the scrape.
    func text(outboxPending: Int, dataVersion: Int?, analysisAge: Double?) -> String {
        state.withLock { state in
            var out = "# HELP strata_http_requests_total HTTP requests by route, method and status.\n# TYPE strata_http_requests_total counter\n"
            for (labels, value) in state.requests.sorted(by: { $0.key < $1.key }) { out += "strata_http_requests_total{\(labels)} \(value)\n" }
            out += "# HELP strata_http_request_duration_seconds Time to answer, by route.\n# TYPE strata_http_request_duration_seconds histogram\n"
            for (route, latency) in state.latency.sorted(by: { $0.key < $1.key }) {
                for (i, bound) in Self.buckets.enumerated() {
                    out += "strata_http_request_duration_seconds_bucket{route=\"\(route)\",le=\"\(bound)\"} \(latency.counts[i])\n"
                }
                out += "strata_http_request_duration_seconds_bucket{route=\"\(route)\",le=\"+Inf\"} \(latency.count)\n"
                out += "strata_http_request_duration_seconds_sum{route=\"\(route)\"} \(latency.sum)\n"
                out += "strata_http_request_duration_seconds_count{route=\"\(route)\"} \(latency.count)\n"
            }
            out += "# HELP strata_ingest_items_total Items received, stored, rejected and repeated within a batch, by table.\n# TYPE strata_ingest_items_total counter\n"
            for (series, value) in state.ingest.sorted(by: { $0.key < $1.key }) { out += "\(series) \(value)\n" }
            out += "# HELP strata_write_visible_seconds From a write's commit to the live analysis serving it.\n# TYPE strata_write_visible_seconds histogram\n"
            for (i, bound) in Self.buckets.enumerated() { out += "strata_write_visible_seconds_bucket{le=\"\(bound)\"} \(state.visible.counts[i])\n" }
            out += "strata_write_visible_seconds_bucket{le=\"+Inf\"} \(state.visible.count)\n"
            out += "strata_write_visible_seconds_sum \(state.visible.sum)\nstrata_write_visible_seconds_count \(state.visible.count)\n"
            out += "# HELP strata_webhook_deliveries_total Webhook messages delivered.\n# TYPE strata_webhook_deliveries_total counter\n"
            out += "strata_webhook_deliveries_total \(state.deliveries)\n"
            out += "# HELP strata_webhook_delivery_failures_total Failed webhook delivery attempts.\n# TYPE strata_webhook_delivery_failures_total counter\n"
            out += "strata_webhook_delivery_failures_total \(state.deliveryFailures)\n"
            out += "# HELP strata_outbox_pending Webhook messages waiting to be delivered.\n# TYPE strata_outbox_pending gauge\n"
            out += "strata_outbox_pending \(outboxPending)\n"
            if let dataVersion, let analysisAge {
                out += "# HELP strata_analysis_data_version The data version the served analysis includes.\n# TYPE strata_analysis_data_version gauge\n"
                out += "strata_analysis_data_version \(dataVersion)\n"
                out += "# HELP strata_analysis_age_seconds Seconds since the served analysis completed.\n# TYPE strata_analysis_age_seconds gauge\n"
                out += "strata_analysis_age_seconds \(analysisAge)\n"
            }
            return out
        }
    }
}

/// Counts every request and its time to answer, by route (the route's pattern, not the path).
struct MetricsMiddleware<Context: RequestContext>: RouterMiddleware {
    let metrics: ServerMetrics

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let start = ContinuousClock.now
        func record(_ status: Int) {
            let elapsed = ContinuousClock.now - start
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            metrics.request(route: context.endpointPath ?? "unmatched", method: request.method.rawValue, status: status, seconds: seconds)
        }
        do {
            let response = try await next(request, context)
            record(response.status.code)
            return response
        } catch let error as any HTTPResponseError {
            record(error.status.code)
            throw error
        } catch {
            record(500)
            throw error
        }
    }
}
