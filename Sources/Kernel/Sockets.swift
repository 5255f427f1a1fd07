// Sockets: ZeroMQ through its C library, as the kernel needs it — bind, send and receive
// multipart messages, poll, and the heartbeat echo. The one file that imports CZMQ.
@preconcurrency import CZMQ
import Foundation

/// A ZeroMQ context (one per kernel).
final class SocketContext: @unchecked Sendable {
    let raw: UnsafeMutableRawPointer

    init() {
        raw = zmq_ctx_new()!
    }

    /// Waits for every socket to be closed and pending messages to be sent (up to each
    /// socket's linger time), then frees the context. Blocking calls in other threads return.
    func terminate() {
        _ = zmq_ctx_term(raw)
    }

    /// Makes blocking calls on every socket of this context return (ETERM).
    func shutdown() {
        _ = zmq_ctx_shutdown(raw)
    }
}

/// The socket types the kernel binds.
enum SocketKind {
    case router, publisher, reply, pair

    var raw: Int32 {
        switch self {
        case .router: return ZMQ_ROUTER
        case .publisher: return ZMQ_PUB
        case .reply: return ZMQ_REP
        case .pair: return ZMQ_PAIR
        }
    }
}

/// One ZeroMQ socket. Not thread-safe: each is used by one thread at a time.
final class Socket: @unchecked Sendable {
    let raw: UnsafeMutableRawPointer
    private(set) var closed = false

    /// A socket of `kind` bound to `endpoint`; nil (with errno's text) when binding fails.
    init(_ context: SocketContext, _ kind: SocketKind, bind endpoint: String) throws {
        raw = zmq_socket(context.raw, kind.raw)!
        var linger: Int32 = 1000
        zmq_setsockopt(raw, ZMQ_LINGER, &linger, MemoryLayout<Int32>.size)
        if zmq_bind(raw, endpoint) != 0 {
            let reason = String(cString: zmq_strerror(zmq_errno()))
            zmq_close(raw)
            throw Connection.Problem(description: "cannot listen on \(endpoint): \(reason)")
        }
    }

    /// A socket of `kind` connected to `endpoint` (the kernel's internal wake-up pair).
    init(_ context: SocketContext, _ kind: SocketKind, connect endpoint: String) {
        raw = zmq_socket(context.raw, kind.raw)!
        var linger: Int32 = 0
        zmq_setsockopt(raw, ZMQ_LINGER, &linger, MemoryLayout<Int32>.size)
        zmq_connect(raw, endpoint)
    }

    /// The next multipart message; nil when interrupted by a signal or the context ends.
    func receive() -> [Data]? {
        var frames: [Data] = []
        while true {
            var message = zmq_msg_t()
            zmq_msg_init(&message)
            defer { zmq_msg_close(&message) }
            if zmq_msg_recv(&message, raw, 0) < 0 {
                if frames.isEmpty { return nil }
                if zmq_errno() == EINTR { continue }
                return nil
            }
            frames.append(Data(bytes: zmq_msg_data(&message), count: zmq_msg_size(&message)))
            if zmq_msg_more(&message) == 0 { return frames }
        }
    }

    /// Sends the frames as one multipart message.
    func send(_ frames: [Data]) {
        for (i, frame) in frames.enumerated() {
            let flags: Int32 = i < frames.count - 1 ? ZMQ_SNDMORE : 0
            frame.withUnsafeBytes { bytes in
                var rc: Int32
                repeat {
                    rc = zmq_send(raw, bytes.baseAddress, frame.count, flags)
                } while rc < 0 && zmq_errno() == EINTR
            }
        }
    }

    func close() {
        guard !closed else { return }
        closed = true
        zmq_close(raw)
    }

    /// Which of `sockets` have a message waiting, after at most `timeout` milliseconds (-1:
    /// forever). Empty when the wait was interrupted by a signal or timed out.
    static func poll(_ sockets: [Socket], timeout: Int) -> [Bool] {
        var items = sockets.map { zmq_pollitem_t(socket: $0.raw, fd: 0, events: Int16(ZMQ_POLLIN), revents: 0) }
        let n = zmq_poll(&items, Int32(items.count), timeout)
        if n <= 0 { return sockets.map { _ in false } }
        return items.map { $0.revents & Int16(ZMQ_POLLIN) != 0 }
    }

    /// Echoes every message on this (REP) socket until the context ends: the heartbeat, on the
    /// calling thread. Closes the socket when done.
    func echoForever() {
        while true {
            let rc = zmq_proxy(raw, raw, nil)
            if rc < 0 && zmq_errno() == EINTR { continue }
            break
        }
        close()
    }
}
