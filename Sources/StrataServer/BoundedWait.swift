/// A request's wait for the analysis, bounded: an HTTP client gives up on a request after some
/// seconds, so the service answers by then (503 or 202 with what to do next) rather than hold
/// the request for as long as an analysis of the whole store takes on a busy machine.
enum BoundedWait {
    /// The result of `body`, or nil when it has not finished within `seconds` (it is then
    /// cancelled; `body` must end when it is). No time (0 seconds): nil at once, `body` not run.
    static func result<T: Sendable>(within seconds: Double, _ body: @escaping @Sendable () async throws -> T) async throws -> T? {
        guard seconds > 0 else { return nil }
        return try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask { try await body() }
            group.addTask {
                try await Task.sleep(for: .seconds(seconds))
                return nil
            }
            defer { group.cancelAll() }
            return try await group.next() ?? nil
        }
    }
}
