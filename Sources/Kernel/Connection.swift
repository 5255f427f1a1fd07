// Connection: the connection file Jupyter writes before starting a kernel (`{connection_file}`
// in the kernelspec's argv): transport, address, five ports, the signing key and scheme.
import Foundation

/// What a connection file says.
public struct Connection: Sendable, Equatable {
    public var transport: String
    public var ip: String
    public var shellPort: Int
    public var controlPort: Int
    public var stdinPort: Int
    public var iopubPort: Int
    public var heartbeatPort: Int
    public var key: String
    public var signatureScheme: String

    /// Why a connection file could not be used.
    public struct Problem: Error, CustomStringConvertible {
        public var description: String
    }

    /// Reads the connection file at `path`.
    public init(path: String) throws {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw Problem(description: "cannot read the connection file '\(path)'")
        }
        guard let json = (try? JSONSerialization.jsonObject(with: data)) as? JSONObject else {
            throw Problem(description: "the connection file '\(path)' is not a JSON object")
        }
        func port(_ name: String) throws -> Int {
            guard let n = json[name] as? Int else { throw Problem(description: "the connection file has no '\(name)'") }
            return n
        }
        transport = json["transport"] as? String ?? "tcp"
        ip = json["ip"] as? String ?? "127.0.0.1"
        shellPort = try port("shell_port")
        controlPort = try port("control_port")
        stdinPort = try port("stdin_port")
        iopubPort = try port("iopub_port")
        heartbeatPort = try port("hb_port")
        key = json["key"] as? String ?? ""
        signatureScheme = json["signature_scheme"] as? String ?? "hmac-sha256"
        if !key.isEmpty && signatureScheme != "hmac-sha256" {
            throw Problem(description: "signature scheme '\(signatureScheme)' is not supported (only hmac-sha256)")
        }
    }

    /// The ZeroMQ endpoint of a port: `tcp://127.0.0.1:5555` or `ipc://path-5555`.
    public func endpoint(_ port: Int) -> String {
        transport == "ipc" ? "ipc://\(ip)-\(port)" : "\(transport)://\(ip):\(port)"
    }
}
