import StrataCore
import StrataPipeline

/// How `strata serve` listens and what one client may send (docs/server.md).
public struct ServerSettings: Sendable {
    public var host = "127.0.0.1"
    /// 0: any free port (tests).
    public var port = 8080
    public var limits = APIBatch.Limits()
    /// Requests per second each API key may make on average, and how many it may make at once.
    public var requestsPerSecond = 1_000.0
    public var burst = 2_000.0
    /// The analysis behind membership: its settings; `asOf` nil means "now" at each run.
    public var analysis = Analysis.Settings()
    /// Seconds between runs of the analysis when no data arrives (time windows close meanwhile).
    public var refreshSeconds = 30.0

    public init() {}
}
