// Message: one Jupyter message and its wire form. On a ROUTER socket a message arrives as
//   [identities…, "<IDS|MSG>", signature, header, parent_header, metadata, content, buffers…]
// with JSON frames; a reply goes back with the request's identities and the request's header as
// its parent header. Messages with a bad signature are dropped (decode returns nil).
import Foundation

/// A JSON object as Foundation's JSONSerialization reads and writes it.
public typealias JSONObject = [String: Any]

/// One message of the Jupyter messaging protocol (version 5.3).
public struct Message {
    /// The ROUTER identities (or, on iopub, the topic).
    public var identities: [Data]
    public var header: JSONObject
    public var parentHeader: JSONObject
    public var metadata: JSONObject
    public var content: JSONObject
    public var buffers: [Data] = []

    public var type: String { header["msg_type"] as? String ?? "" }
    public var id: String { header["msg_id"] as? String ?? "" }

    public static let delimiter = Data("<IDS|MSG>".utf8)
    public static let protocolVersion = "5.3"

    public init(identities: [Data], header: JSONObject, parentHeader: JSONObject = [:],
                metadata: JSONObject = [:], content: JSONObject = [:]) {
        self.identities = identities
        self.header = header
        self.parentHeader = parentHeader
        self.metadata = metadata
        self.content = content
    }

    /// A fresh header for a message of `type` in `session`.
    public static func header(type: String, session: String, date: Date = Date()) -> JSONObject {
        ["msg_id": UUID().uuidString.lowercased(), "session": session, "username": "cajal",
         "date": timestamp(date), "msg_type": type, "version": protocolVersion]
    }

    /// ISO 8601 with microseconds and a `Z`, as Jupyter writes dates.
    static func timestamp(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.string(from: date)
    }

    /// The frames to send, signed.
    public func frames(signer: Signer) -> [Data] {
        let parts = [header, parentHeader, metadata, content].map(Self.encode)
        return identities + [Self.delimiter, Data(signer.signature(parts).utf8)] + parts + buffers
    }

    /// The message in `frames`, or nil when they are malformed or the signature is wrong.
    public static func decode(_ frames: [Data], signer: Signer) -> Message? {
        guard let split = frames.firstIndex(of: delimiter), frames.count >= split + 6 else { return nil }
        let parts = Array(frames[(split + 2)..<(split + 6)])
        let signature = String(decoding: frames[split + 1], as: UTF8.self)
        guard signer.verifies(parts, signature: signature) else { return nil }
        let objects = parts.map { (try? JSONSerialization.jsonObject(with: $0)) as? JSONObject }
        guard let header = objects[0], let parent = objects[1], let metadata = objects[2], let content = objects[3] else {
            return nil
        }
        var message = Message(identities: Array(frames[..<split]), header: header, parentHeader: parent,
                              metadata: metadata, content: content)
        message.buffers = Array(frames[(split + 6)...])
        return message
    }

    /// Compact JSON with sorted keys (deterministic bytes, so signatures are reproducible).
    static func encode(_ object: JSONObject) -> Data {
        (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data("{}".utf8)
    }
}
