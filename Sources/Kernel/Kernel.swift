// Kernel: Cajal as a Jupyter kernel (messaging protocol 5.3). One process: the interpreter
// session the REPL uses is the evaluator, on the main thread. Five sockets, bound to the ports of
// the connection file:
//   shell (ROUTER)     requests and replies, served one at a time on the main thread
//   control (ROUTER)   shutdown, interrupt and kernel_info, served on its own thread so they
//                      are answered while a cell runs
//   iopub (PUB)        status busy/idle around every request, the cell's input and outputs
//   stdin (ROUTER)     bound for clients that connect to it; Cajal never reads input
//   heartbeat (REP)    echoes every message, on its own thread
// Interrupts arrive as SIGINT (kernelspec `interrupt_mode: signal`) and stop a running cell
// through the interpreter's Ctrl-C flag, exactly as in the REPL; `interrupt_request` on control
// raises the same flag.
import CInterrupt
import Foundation
import Interpreter
import Notebook

/// A running kernel. `serve()` returns when a shutdown request arrives.
public final class Kernel: @unchecked Sendable {
    let connection: Connection
    let signer: Signer
    let context = SocketContext()
    let shell, control, stdin, iopub, heartbeat: Socket
    /// The control thread wakes the main thread through this pair when a shutdown arrives.
    let wakeReceiver, wakeSender: Socket
    /// Identifies this kernel's messages.
    let session = UUID().uuidString.lowercased()
    /// iopub is written from the main and the control thread.
    let iopubLock = NSLock()
    /// Set by the control thread on `shutdown_request`.
    let stopping = Flag()

    /// The interpreter session cells run in (replaced on `:reset`).
    var interpreter: Interpreter
    let seed: UInt64
    var executionCount = 0
    /// Cells run with `store_history`, in order: (execution count, code, result text).
    var history: [(line: Int, code: String, output: String?)] = []
    /// What the running cell sends to iopub (nil between cells).
    var cell: CellOutput?

    /// Binds every socket of `connection`.
    public init(connection: Connection, seed: UInt64 = 0) throws {
        self.connection = connection
        self.seed = seed
        signer = Signer(key: connection.key)
        shell = try Socket(context, .router, bind: connection.endpoint(connection.shellPort))
        control = try Socket(context, .router, bind: connection.endpoint(connection.controlPort))
        stdin = try Socket(context, .router, bind: connection.endpoint(connection.stdinPort))
        iopub = try Socket(context, .publisher, bind: connection.endpoint(connection.iopubPort))
        heartbeat = try Socket(context, .reply, bind: connection.endpoint(connection.heartbeatPort))
        let wake = "inproc://cajal-wake-\(session)"
        wakeReceiver = try Socket(context, .pair, bind: wake)
        wakeSender = Socket(context, .pair, connect: wake)
        interpreter = Interpreter(seed: seed)
        attach(interpreter)
    }

    /// Serves requests until a shutdown request; then closes every socket (pending messages are
    /// sent first) and returns.
    public func serve() {
        Interpreter.installInterruptHandler()
        let beat = heartbeat
        Thread.detachNewThread { beat.echoForever() }
        Thread.detachNewThread { [self] in serveControl() }
        publishStatus("starting", parent: [:])
        while !stopping.isSet {
            let ready = Socket.poll([shell, wakeReceiver], timeout: -1)
            // Ctrl-C while idle (or an interrupt that came after its cell ended) stops nothing.
            _ = cajal_take_interrupt()
            guard ready.first == true, !stopping.isSet, let frames = shell.receive() else { continue }
            guard let request = Message.decode(frames, signer: signer) else {
                log("a message with a bad signature was dropped")
                continue
            }
            handleShell(request)
        }
        for socket in [shell, stdin, wakeReceiver] { socket.close() }
        iopubLock.withLock { iopub.close() }
        context.terminate()
    }

    // MARK: sending

    /// The reply to `request` on `socket`: its identities, its header as the parent.
    func reply(_ request: Message, type: String, content: JSONObject, on socket: Socket, metadata: JSONObject = [:]) {
        let message = Message(identities: request.identities, header: Message.header(type: type, session: session),
                              parentHeader: request.header, metadata: metadata, content: content)
        socket.send(message.frames(signer: signer))
    }

    /// Publishes a message on iopub (topic `kernel.<session>.<type>`).
    func publish(_ type: String, _ content: JSONObject, parent: JSONObject, metadata: JSONObject = [:]) {
        let message = Message(identities: [Data("kernel.\(session).\(type)".utf8)],
                              header: Message.header(type: type, session: session),
                              parentHeader: parent, metadata: metadata, content: content)
        let frames = message.frames(signer: signer)
        iopubLock.withLock { if !iopub.closed { iopub.send(frames) } }
    }

    func publishStatus(_ state: String, parent: JSONObject) {
        publish("status", ["execution_state": state], parent: parent)
    }

    /// A line for the Jupyter server's log (standard error).
    func log(_ text: String) {
        FileHandle.standardError.write(Data("cajal kernel: \(text)\n".utf8))
    }

    // MARK: shell

    /// One shell request, wrapped in status busy … idle.
    func handleShell(_ request: Message) {
        publishStatus("busy", parent: request.header)
        defer { publishStatus("idle", parent: request.header) }
        switch request.type {
        case "kernel_info_request": reply(request, type: "kernel_info_reply", content: kernelInfo(), on: shell)
        case "execute_request": execute(request)
        case "complete_request": reply(request, type: "complete_reply", content: complete(request.content), on: shell)
        case "is_complete_request": reply(request, type: "is_complete_reply", content: isComplete(request.content), on: shell)
        case "inspect_request": reply(request, type: "inspect_reply", content: inspect(request.content), on: shell)
        case "history_request": reply(request, type: "history_reply", content: historyReply(request.content), on: shell)
        case "comm_info_request": reply(request, type: "comm_info_reply", content: ["status": "ok", "comms": JSONObject()], on: shell)
        case "shutdown_request": shutdown(request, on: shell)
        default: log("unsupported request '\(request.type)' ignored")
        }
    }

    /// What `kernel_info_request` answers (also the language_info an exported notebook carries).
    func kernelInfo() -> JSONObject {
        [
            "status": "ok",
            "protocol_version": Message.protocolVersion,
            "implementation": "cajal",
            "implementation_version": KernelInfo.version,
            "language_info": KernelInfo.languageInfo,
            "banner": "Cajal \(KernelInfo.version): learn deep learning by running it. :help NAME shows a builtin.",
            "help_links": [JSONObject](),
        ]
    }

    // MARK: control

    /// The control thread: shutdown, interrupt and kernel_info while the shell may be busy.
    func serveControl() {
        while !stopping.isSet {
            guard let frames = control.receive() else {
                if stopping.isSet { break }
                continue
            }
            guard let request = Message.decode(frames, signer: signer) else {
                log("a message with a bad signature was dropped")
                continue
            }
            publishStatus("busy", parent: request.header)
            switch request.type {
            case "shutdown_request":
                shutdown(request, on: control)
            case "interrupt_request":
                cajal_raise_interrupt()
                reply(request, type: "interrupt_reply", content: ["status": "ok"], on: control)
            case "kernel_info_request":
                reply(request, type: "kernel_info_reply", content: kernelInfo(), on: control)
            default:
                log("unsupported control request '\(request.type)' ignored")
            }
            publishStatus("idle", parent: request.header)
        }
        control.close()
    }

    /// Replies, then stops: a running cell is interrupted and the main loop ends.
    func shutdown(_ request: Message, on socket: Socket) {
        let restart = request.content["restart"] as? Bool ?? false
        reply(request, type: "shutdown_reply", content: ["status": "ok", "restart": restart], on: socket)
        stopping.set()
        cajal_raise_interrupt()
        if socket !== shell { wakeSender.send([Data("stop".utf8)]) }
    }
}

/// A flag one thread sets and another reads.
final class Flag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false
    var isSet: Bool { lock.withLock { value } }
    func set() { lock.withLock { value = true } }
}

/// What the kernel says about itself and its language (shared with the notebook export).
public enum KernelInfo {
    public static let version = JupyterLanguage.version
    /// The kernelspec name and language name.
    public static let name = JupyterLanguage.name
    public static let displayName = JupyterLanguage.displayName
    public static var languageInfo: JSONObject { JupyterLanguage.languageInfo }
}
