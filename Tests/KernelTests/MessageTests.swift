// MessageTests: the pure parts of the Jupyter kernel — HMAC-SHA256 signatures, the wire framing
// of a message (identities, delimiter, signature, four JSON frames, buffers), dropping messages
// whose signature is wrong, the connection file, the kernelspec and the history search glob.
// The kernel over real sockets is tested by Tests/Python/test_kernel*.py with Jupyter's clients.
import Foundation
import Testing
@testable import Kernel

@Suite struct MessageTests {
    @Test func signaturesAreHMACSHA256InHex() {
        // RFC 4231, test case 2.
        let signer = Signer(key: "Jefe")
        #expect(signer.signature([Data("what do ya want ".utf8), Data("for nothing?".utf8)])
                == "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
        #expect(Signer(key: "").signature([Data("x".utf8)]) == "")
    }

    func request(session: String = "s1") -> Message {
        Message(identities: [Data([1, 2, 3])], header: Message.header(type: "execute_request", session: session),
                content: ["code": "1 + 2", "silent": false])
    }

    @Test func aMessageSurvivesItsFrames() throws {
        let signer = Signer(key: "secret")
        var message = request()
        message.buffers = [Data([9, 9])]
        let frames = message.frames(signer: signer)
        #expect(frames[0] == Data([1, 2, 3]))
        #expect(frames[1] == Message.delimiter)
        #expect(frames.count == 8)
        let decoded = try #require(Message.decode(frames, signer: signer))
        #expect(decoded.type == "execute_request")
        #expect(decoded.id == message.id)
        #expect(decoded.identities == [Data([1, 2, 3])])
        #expect(decoded.content["code"] as? String == "1 + 2")
        #expect(decoded.buffers == [Data([9, 9])])
        #expect(decoded.header["version"] as? String == "5.3")
    }

    @Test func aBadSignatureIsDropped() {
        let frames = request().frames(signer: Signer(key: "secret"))
        #expect(Message.decode(frames, signer: Signer(key: "other")) == nil)
        var tampered = frames
        tampered[6] = Data(#"{"code":"rm()"}"#.utf8)
        #expect(Message.decode(tampered, signer: Signer(key: "secret")) == nil)
        #expect(Message.decode(Array(frames.prefix(4)), signer: Signer(key: "secret")) == nil)
    }

    @Test func theConnectionFileGivesEndpoints() throws {
        let path = NSTemporaryDirectory() + "cajal-connection-\(UUID().uuidString).json"
        try #"{"transport": "tcp", "ip": "127.0.0.1", "shell_port": 5001, "control_port": 5002, "stdin_port": 5003, "iopub_port": 5004, "hb_port": 5005, "key": "k", "signature_scheme": "hmac-sha256"}"#
            .write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let c = try Connection(path: path)
        #expect(c.endpoint(c.iopubPort) == "tcp://127.0.0.1:5004")
        #expect(c.key == "k")
        #expect(throws: Connection.Problem.self) { try Connection(path: path + ".missing") }
    }

    @Test func theKernelspecNamesThisBinaryAndSignalInterrupts() throws {
        let json = KernelSpec.json(binary: "/opt/cajal/bin/cajal")
        let spec = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        #expect(spec["argv"] as? [String] == ["/opt/cajal/bin/cajal", "kernel", "--connection-file", "{connection_file}"])
        #expect(spec["interrupt_mode"] as? String == "signal")
        #expect(spec["language"] as? String == "cajal")
        let png = Logo.png()
        #expect(Array(png.prefix(4)) == [0x89, 0x50, 0x4E, 0x47])
        #expect(Array(png[16..<24]) == [0, 0, 0, 64, 0, 0, 0, 64])   // IHDR: 64 × 64
    }

    @Test func historySearchIsAGlob() {
        #expect(Kernel.glob("1*", matches: "1 + 2"))
        #expect(Kernel.glob("*+?", matches: "1 + 2") == false)
        #expect(Kernel.glob("*+ ?", matches: "1 + 2"))
        #expect(!Kernel.glob("2*", matches: "1 + 2"))
    }
}
