import Foundation
@testable import StrataCore
@testable import StrataServer
import Testing

/// The parts of a write's path that are written by hand for speed answer what the general
/// versions answered.
@Suite struct IngestAnswerTests {
    @Test func theIngestAnswerIsWhatTheAPIEncoderWrites() throws {
        let rejections = [
            APIBatch.Rejection(index: 3, field: "ts", reason: "invalid_date", value: #"yester"day\ / ünï"#, expected: "a date such as 2024-05-17"),
            APIBatch.Rejection(index: 7, field: "customer_id", reason: "missing_value", value: "line\nbreak\ttab", expected: ""),
        ]
        for rejected in [[], rejections] {
            let answer = IngestResponse(items: 9, stored: 5, alreadyPresent: 1, duplicates: 1, rejected: rejected, dataVersion: 42)
            let encoded = String(decoding: try JSONEncoder.api.encode(answer), as: UTF8.self)
            #expect(answer.json == encoded)
        }
    }

    @Test func aBearerTokenIsReadInAnyCaseWithoutTheBlanksAroundIt() {
        #expect(KeyAuthenticator.bearerToken("Bearer sk_abc") == "sk_abc")
        #expect(KeyAuthenticator.bearerToken("bEaReR \t sk_abc \t") == "sk_abc")
        #expect(KeyAuthenticator.bearerToken("Bearer ") == "")
        #expect(KeyAuthenticator.bearerToken("Basic dXNlcjpwYXNz") == nil)
        #expect(KeyAuthenticator.bearerToken("Bearer") == nil)
        #expect(KeyAuthenticator.bearerToken("Bearerx sk_abc") == nil)
    }
}
