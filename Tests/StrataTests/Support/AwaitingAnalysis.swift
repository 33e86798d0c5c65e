import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore

extension TestClientProtocol {
    /// Sends a read again while the service answers 503 with `Retry-After` — the analysis it
    /// needs (the first one, or the one a `consistent=true` read waits for) is still running, as
    /// on a busy machine — for up to five minutes, then checks the last answer.
    @discardableResult func executeAwaitingAnalysis<Return>(uri: String, method: HTTPRequest.Method = .get, headers: HTTPFields = [:],
                                                          testCallback: @escaping (TestResponse) async throws -> Return = { $0 }) async throws -> Return {
        let deadline = ContinuousClock.now + .seconds(300)
        while true {
            let response = try await execute(uri: uri, method: method, headers: headers)
            guard response.status == .serviceUnavailable, let wait = response.headers[.retryAfter].flatMap(Double.init), .now < deadline else {
                return try await testCallback(response)
            }
            try await Task.sleep(for: .seconds(min(wait, 1)))
        }
    }
}
