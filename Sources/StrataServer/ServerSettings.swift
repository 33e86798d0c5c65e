import Logging
import StrataCore
import StrataPipeline

/// How `strata serve` listens and what one client may send (docs/server.md).
public struct ServerSettings: Sendable {
    public var host = "127.0.0.1"
    /// 0: any free port (tests).
    public var port = 8080
    public var limits = APIBatch.Limits()
    /// How far past the service's clock a written time may be (a sender's clock running fast);
    /// later times, and times before 1970, are rejected (`time_out_of_range`).
    public var futureSlackSeconds: Int64 = 86_400
    /// Requests per second each API key may make on average, and how many it may make at once.
    public var requestsPerSecond = 1_000.0
    public var burst = 2_000.0
    /// The analysis behind membership: its settings; `asOf` nil means "now" at each run.
    public var analysis = Analysis.Settings()
    /// Seconds between analyses of the whole store (time windows close on this beat; models are refitted).
    public var refreshSeconds = 30.0
    /// How long a `?consistent=true` read or `POST /v1/analysis/refresh` waits for the analysis
    /// it needs before answering 503 with `Retry-After` (or 202); the analysis goes on. 0: no
    /// wait (a consistent read answers only when the state served already includes every write).
    public var consistentWaitSeconds = 10.0
    /// Hosts webhooks may deliver to although they resolve to loopback or private addresses.
    public var webhookTarget = WebhookTarget()
    /// Seconds before each retry of a failed delivery; after the last, the message is a dead letter.
    public var retryDelays: [Double] = [5, 300, 1_800, 7_200, 18_000, 36_000, 36_000]
    /// Seconds between looks at the outbox.
    public var deliveryPollSeconds = 0.5
    /// On a graceful shutdown, how long the messages already due may take to go out.
    public var shutdownDrainSeconds = 10.0
    /// Whether the first analysis of the whole store each day (UTC, by its as-of time) is kept
    /// as a snapshot, as `strata snapshot` keeps one: the size history and the movement the
    /// dashboard shows. About 80 bytes a customer a day.
    public var dailySnapshots = true
    /// The least severe log messages written (structured, swift-log): `info` shows requests'
    /// problems, delivery failures and failed analyses; `debug` every analysis run as well.
    public var logLevel = Logger.Level.info

    public init() {}
}
