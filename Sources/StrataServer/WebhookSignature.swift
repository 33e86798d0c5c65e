import Crypto
import Foundation

/// Standard Webhooks signatures (standardwebhooks.com): `v1,` and the base64 HMAC-SHA256 of
/// `id.timestamp.body` keyed with the secret's bytes (the base64 after `whsec_`), one per secret,
/// separated by spaces while a rotation is under way.
public enum WebhookSignature {
    public static func sign(secrets: [String], id: String, timestamp: Int64, body: String) -> String {
        secrets.map { secret in
            let key = SymmetricKey(data: Data(base64Encoded: String(secret.dropFirst("whsec_".count))) ?? Data(secret.utf8))
            let mac = HMAC<SHA256>.authenticationCode(for: Data("\(id).\(timestamp).\(body)".utf8), using: key)
            return "v1," + Data(mac).base64EncodedString()
        }.joined(separator: " ")
    }
}
