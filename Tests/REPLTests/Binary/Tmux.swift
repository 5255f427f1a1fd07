// Tmux: drives `cajal` in a real terminal. Each test gets its own tmux server (`-L`), so tests
// never touch a user's sessions; screens are read with capture-pane and waited for by polling
// with a timeout, never by fixed sleeps.
import Foundation

final class Tmux {
    static let available: Bool = FileManager.default.isExecutableFile(atPath: "/usr/bin/tmux")
        || FileManager.default.isExecutableFile(atPath: "/usr/local/bin/tmux")

    let socket: String
    private static let counter = Counter()

    /// Starts `cajal` (with `arguments`) in an 100×30 terminal. When it exits the pane shows
    /// `EXITED <status>` and stays open so the exit can be read.
    init(arguments: String = "", environment: [String: String] = [:]) throws {
        guard let binary = CajalBinary.path else { throw ProcessFailure(description: "cajal binary not built") }
        socket = "cajal-test-\(getpid())-\(Tmux.counter.next())"
        var env = "TERM=xterm-256color NO_COLOR=1 "
        for (k, v) in environment.sorted(by: { $0.key < $1.key }) { env += "\(k)='\(v)' " }
        let command = "env \(env)\(binary) \(arguments); echo EXITED $?; sleep 120"
        try tmux(["new-session", "-d", "-x", "100", "-y", "30", command], capture: false)
    }

    deinit {
        _ = try? tmux(["kill-server"])
        // The server leaves its socket behind; tmux keeps sockets in $TMUX_TMPDIR or /tmp.
        let dir = ProcessInfo.processInfo.environment["TMUX_TMPDIR"] ?? "/tmp"
        unlink("\(dir)/tmux-\(getuid())/\(socket)")
    }

    /// Sends tmux key names (`Enter`, `Tab`, `C-c`, `Up`).
    func keys(_ names: String...) throws { try tmux(["send-keys"] + names) }

    /// Types `text` literally.
    func type(_ text: String) throws { try tmux(["send-keys", "-l", text]) }

    /// Pastes `text` as a terminal paste (bracketed when the application asked for it).
    func paste(_ text: String) throws {
        try tmux(["set-buffer", "--", text])
        try tmux(["paste-buffer", "-p"])
    }

    /// The visible screen, trailing blank lines dropped.
    func screen() throws -> String {
        let text = try tmux(["capture-pane", "-p"])
        return text.split(separator: "\n", omittingEmptySubsequences: false)
            .map { String($0.reversed().drop(while: { $0 == " " }).reversed()) }
            .reversed().drop(while: \.isEmpty).reversed().joined(separator: "\n")
    }

    /// Polls the screen until `predicate` holds; throws with the last screen after `timeout`.
    @discardableResult
    func waitFor(_ what: String, timeout: Double = 10, _ predicate: (String) -> Bool) throws -> String {
        let deadline = Date().addingTimeInterval(timeout)
        var last = ""
        while Date() < deadline {
            last = try screen()
            if predicate(last) { return last }
            usleep(50_000)
        }
        throw ProcessFailure(description: "timed out after \(timeout) s waiting for \(what); screen:\n\(last)")
    }

    /// Waits until the screen contains `text` `count` times (trailing spaces of `text` are not
    /// compared: the captured screen has none).
    @discardableResult
    func waitFor(_ text: String, count: Int = 1, timeout: Double = 10) throws -> String {
        let needle = String(text.reversed().drop(while: { $0 == " " }).reversed())
        return try waitFor("'\(needle)' ×\(count)", timeout: timeout) { $0.components(separatedBy: needle).count - 1 >= count }
    }

    /// Runs one tmux command. Output goes through a file: the server that new-session starts
    /// inherits the client's descriptors, so a pipe would never reach its end.
    @discardableResult
    private func tmux(_ arguments: [String], capture: Bool = true) throws -> String {
        let outPath = FileManager.default.temporaryDirectory.appendingPathComponent("\(socket)-\(UUID().uuidString)").path
        defer { unlink(outPath) }
        let status = try spawnAndWait(
            "tmux", ["-L", socket] + arguments, environment: ProcessInfo.processInfo.environment,
            stdin: "/dev/null", stdout: capture ? outPath : "/dev/null", stderr: "/dev/null")
        guard status == 0 else {
            throw ProcessFailure(description: "tmux \(arguments.joined(separator: " ")) failed (status \(status))")
        }
        return capture ? ((try? String(contentsOfFile: outPath, encoding: .utf8)) ?? "") : ""
    }
}

private final class Counter: @unchecked Sendable {
    private var value = 0
    private let lock = NSLock()
    func next() -> Int { lock.lock(); defer { lock.unlock() }; value += 1; return value }
}
