import StrataPipeline

extension LiveAnalysis {
    /// The state served now, or 503 with why there is none yet (and `Retry-After`).
    func served() throws -> Snapshot {
        guard let current else {
            throw APIError(.serviceUnavailable, "no analysis yet: \(problem ?? "the first one is running")", headers: [.retryAfter: "1"])
        }
        return current
    }
}
