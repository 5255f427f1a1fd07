// Signature: every Jupyter message is signed with HMAC-SHA256 over its four JSON frames
// (header, parent header, metadata, content), keyed by the connection file's `key`, and sent as
// lower-case hex. An empty key means no signing (the signature frame is empty). The one file
// that imports libcrypto.
import CCrypto
import Foundation

/// Signs and checks message frames with the connection's key.
public struct Signer: Sendable {
    let key: [UInt8]

    public init(key: String) {
        self.key = Array(key.utf8)
    }

    /// The hex HMAC-SHA256 of the frames, concatenated; "" when the key is empty.
    public func signature(_ frames: [Data]) -> String {
        guard !key.isEmpty else { return "" }
        let message = [UInt8](frames.reduce(Data(), +))
        var digest = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        _ = HMAC(EVP_sha256(), key, Int32(key.count), message, message.count, &digest, &length)
        return digest[..<Int(length)].map { String(format: "%02x", $0) }.joined()
    }

    /// True when `signature` is the frames' signature (compared in constant time).
    public func verifies(_ frames: [Data], signature: String) -> Bool {
        let expected = Array(self.signature(frames).utf8)
        let given = Array(signature.utf8)
        guard expected.count == given.count else { return false }
        return zip(expected, given).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
    }
}
