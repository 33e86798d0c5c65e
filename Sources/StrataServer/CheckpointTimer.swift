import Dispatch
import Logging
import ServiceLifecycle
import StrataStore

/// Copies the store's write-ahead log into its database file every half second, beside the
/// writer rather than in one of its commits (``StrataStore/checkpointElsewhere()``).
struct CheckpointTimer: Service {
    let store: StrataStore
    let logger: Logger

    func run() async throws {
        try store.checkpointElsewhere()
        let queue = DispatchQueue(label: "strata.checkpoint")
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                // Cancelled at a graceful shutdown: the loop ends without an error.
                guard (try? await Task.sleep(for: .milliseconds(500))) != nil else { break }
                await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
                    queue.async {
                        do { try store.checkpoint() } catch { logger.warning("checkpoint failed", metadata: ["error": "\(error)"]) }
                        done.resume()
                    }
                }
            }
        }
        try? store.checkpoint()
    }
}
