// strata-load: a bounded load generator for `strata serve`, on loopback only. It sends event
// batches (or single events) at a fixed rate, open loop: each request has an intended start time
// on the schedule, and its latency is counted from that time, so a server that stalls is charged
// for the requests that queued behind the stall (no coordinated omission). Alongside, it measures
// how long after a write returns its data is in the served analysis (write-to-visible).
//
//   strata-load --url http://127.0.0.1:8080 --key sk_… --rate 300 --batch 100 --seconds 20
import AsyncHTTPClient
import Foundation
import Histogram
import NIOCore
import NIOFoundationCompat
import Synchronization

struct Options {
    var url = "http://127.0.0.1:8080"
    var key = ""
    var rate = 100.0
    var batch = 100
    var seconds = 10.0
    var connections = 64
    var customers = 10_000
    var run = "load"

    init(_ arguments: [String]) {
        var i = 0
        func value() -> String {
            i += 1
            guard i < arguments.count else { fail("\(arguments[i - 1]) needs a value") }
            return arguments[i]
        }
        while i < arguments.count {
            switch arguments[i] {
            case "--url": url = value()
            case "--key": key = value()
            case "--rate": rate = Double(value()) ?? rate
            case "--batch": batch = Int(value()) ?? batch
            case "--seconds": seconds = Double(value()) ?? seconds
            case "--connections": connections = Int(value()) ?? connections
            case "--customers": customers = Int(value()) ?? customers
            case "--run": run = value()
            default: fail("unknown option \(arguments[i])")
            }
            i += 1
        }
        guard let host = URL(string: url)?.host, ["127.0.0.1", "localhost", "::1"].contains(host) else { fail("--url must be on loopback") }
        guard !key.isEmpty, rate > 0, batch >= 1, seconds > 0, seconds <= 600 else { fail("--key, a positive --rate and --batch, and --seconds up to 600 are needed") }
    }
}

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("strata-load: \(message)\n".utf8))
    exit(64)
}

/// Microseconds since `start`.
func micros(since start: ContinuousClock.Instant) -> UInt64 {
    let d = ContinuousClock.now - start
    return UInt64(max(0, d.components.seconds * 1_000_000 + d.components.attoseconds / 1_000_000_000_000))
}

final class Results: Sendable {
    struct State {
        var latency = Histogram<UInt64>(highestTrackableValue: 600_000_000, numberOfSignificantValueDigits: .three)
        var visible = Histogram<UInt64>(highestTrackableValue: 600_000_000, numberOfSignificantValueDigits: .three)
        var events = 0
        var errors = 0
        var lastVersion = 0
        var lastAcknowledged: ContinuousClock.Instant?
    }
    let state = Mutex(State())
}

let options = Options(Array(CommandLine.arguments.dropFirst()))
var configuration = HTTPClient.Configuration()
configuration.connectionPool.concurrentHTTP1ConnectionsPerHostSoftLimit = options.connections
let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
// The visibility probe has a client of its own: its reads never wait behind the writes for a connection.
let probeClient = HTTPClient(eventLoopGroupProvider: .singleton)
let results = Results()
let total = Int(options.rate * options.seconds)
let interval = 1.0 / options.rate
let done = Atomic<Bool>(false)

func body(_ n: Int) -> String {
    let items = (0..<options.batch).map { i -> String in
        let customer = (n * 7919 + i * 104_729) % options.customers
        return #"{"event_id": "\#(options.run)-\#(n)-\#(i)", "customer_id": "L\#(customer)", "ts": "2026-11-01T10:00:00Z", "type": "visit"}"#
    }
    return options.batch == 1 ? items[0] : "[" + items.joined(separator: ",") + "]"
}

/// Sends request n, scheduled at `intended`; latency from that time to the answer.
func send(_ n: Int, intended: ContinuousClock.Instant) async {
    var request = HTTPClientRequest(url: options.url + "/v1/events")
    request.method = .POST
    request.headers.add(name: "authorization", value: "Bearer \(options.key)")
    request.headers.add(name: "content-type", value: "application/json")
    request.body = .bytes(ByteBuffer(string: body(n)))
    var version: Int?
    do {
        let response = try await client.execute(request, timeout: .seconds(30))
        let data = try await response.body.collect(upTo: 1 << 20)
        if response.status == .ok, let answer = try? JSONSerialization.jsonObject(with: Data(buffer: data)) as? [String: Any] {
            version = answer["data_version"] as? Int
        }
    } catch {}
    let latency = micros(since: intended)
    results.state.withLock { state in
        _ = state.latency.record(latency)
        guard let version else { state.errors += 1; return }
        state.events += options.batch
        if version > state.lastVersion { state.lastVersion = version; state.lastAcknowledged = .now }
    }
}

/// Every 250 ms: the latest acknowledged write's version, and how long until /metrics reports
/// an analysis that includes it.
func probeVisibility() async {
    while !done.load(ordering: .relaxed) {
        try? await Task.sleep(for: .milliseconds(250))
        guard let (version, acknowledged) = results.state.withLock({ s in s.lastAcknowledged.map { (s.lastVersion, $0) } }) else { continue }
        while !done.load(ordering: .relaxed) {
            var request = HTTPClientRequest(url: options.url + "/metrics")
            request.method = .GET
            if let response = try? await probeClient.execute(request, timeout: .seconds(10)),
               let text = try? await response.body.collect(upTo: 1 << 20),
               let line = String(buffer: text).split(separator: "\n").first(where: { $0.hasPrefix("strata_analysis_data_version ") }),
               let served = Int(line.split(separator: " ")[1]), served >= version {
                results.state.withLock { _ = $0.visible.record(micros(since: acknowledged)) }
                break
            }
            try? await Task.sleep(for: .milliseconds(5))
        }
    }
}

/// The server's own histograms (cumulative bucket counts by upper bound): request duration of
/// `/v1/events`, and commit to served.
func serverHistograms() async -> (requests: [Double: Int], visible: [Double: Int]) {
    var request = HTTPClientRequest(url: options.url + "/metrics")
    request.method = .GET
    guard let response = try? await probeClient.execute(request, timeout: .seconds(10)),
          let body = try? await response.body.collect(upTo: 1 << 22) else { return ([:], [:]) }
    var requests: [Double: Int] = [:], visible: [Double: Int] = [:]
    for line in String(buffer: body).split(separator: "\n") {
        let isRequest = line.hasPrefix("strata_http_request_duration_seconds_bucket{route=\"/v1/events\"")
        guard isRequest || line.hasPrefix("strata_write_visible_seconds_bucket") else { continue }
        guard let le = line.split(separator: "le=\"").last?.split(separator: "\"").first, let count = line.split(separator: " ").last.flatMap({ Int($0) }) else { continue }
        let bound = le == "+Inf" ? Double.infinity : Double(le) ?? .infinity
        if isRequest { requests[bound] = count } else { visible[bound] = count }
    }
    return (requests, visible)
}

/// The bucket bound under which a share `q` of the counts added between two scrapes fall, in ms.
func bound(_ before: [Double: Int], _ after: [Double: Int], _ q: Double) -> String {
    let bounds = after.keys.sorted()
    guard let total = bounds.last.map({ after[$0]! - (before[$0] ?? 0) }), total > 0 else { return "-" }
    for b in bounds where Double(after[b]! - (before[b] ?? 0)) >= q * Double(total) { return b.isFinite ? "≤ \(b * 1000)" : "> 10000" }
    return "-"
}

let serverBefore = await serverHistograms()
let start = ContinuousClock.now
let elapsed: Double = await withTaskGroup(of: Void.self) { group in
    group.addTask { await probeVisibility() }
    await withTaskGroup(of: Void.self) { senders in
        // Each request is started at its time (or at once when the schedule is behind).
        for n in 0..<total {
            let intended = start + .seconds(Double(n) * interval)
            try? await Task.sleep(until: intended, clock: .continuous)
            senders.addTask { await send(n, intended: intended) }
        }
    }
    let d = ContinuousClock.now - start
    done.store(true, ordering: .relaxed)
    await group.waitForAll()
    return Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
}
let serverAfter = await serverHistograms()
try await client.shutdown()
try await probeClient.shutdown()

let s = results.state.withLock { $0 }
func ms(_ h: Histogram<UInt64>, _ p: Double) -> String { h.totalCount == 0 ? "-" : String(format: "%.1f", Double(h.valueAtPercentile(p)) / 1000) }
print(String(format: "requests %d (%@, %d a request), %d errors, %.1f s", total, options.batch == 1 ? "single events" : "batches", options.batch, s.errors, elapsed))
print(String(format: "sustained %.0f events/s (offered %.0f)", Double(s.events) / elapsed, options.rate * Double(options.batch)))
print("latency from the scheduled start, ms: p50 \(ms(s.latency, 50)), p99 \(ms(s.latency, 99)), p99.9 \(ms(s.latency, 99.9)), max \(ms(s.latency, 100))")
print("write to visible in the analysis, ms: p50 \(ms(s.visible, 50)), p99 \(ms(s.visible, 99)), max \(ms(s.visible, 100)) (\(s.visible.totalCount) probes)")
print("in the server, ms (histogram buckets): request p50 \(bound(serverBefore.requests, serverAfter.requests, 0.5)), p99 \(bound(serverBefore.requests, serverAfter.requests, 0.99)); commit to visible p50 \(bound(serverBefore.visible, serverAfter.visible, 0.5)), p99 \(bound(serverBefore.visible, serverAfter.visible, 0.99))")
