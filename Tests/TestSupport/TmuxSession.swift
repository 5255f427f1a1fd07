// TmuxSession: one command (a program, or a shell) in a real terminal. Each session has its own
// tmux server (`-L`), so tests never touch a user's sessions; the screen is read with
// capture-pane and waited for by polling with a timeout. Tests using it skip without tmux
// (`OutsideTools.runs(TmuxSession.available)`, required under CI).
import Foundation

public struct TmuxFailure: Error, CustomStringConvertible {
    public var description: String
}

public final class TmuxSession {
    public static let available = ["/usr/bin/tmux", "/usr/local/bin/tmux"].contains { FileManager.default.isExecutableFile(atPath: $0) }
    let socket = "cajal-test-\(getpid())-\(UUID().uuidString.prefix(8))"

    /// Starts `command` in a `columns`×`rows` terminal; when it ends the pane shows
    /// `EXITED <status>` and stays open for a minute so the end can be read.
    public init(_ command: String, columns: Int = 100, rows: Int = 40) throws {
        try tmux(["new-session", "-d", "-x", "\(columns)", "-y", "\(rows)", command + "; echo EXITED $?; sleep 60"], capture: false)
    }

    deinit { _ = try? tmux(["kill-server"], capture: false) }

    /// Sends tmux key names (`Enter`, `Tab`, `C-c`).
    public func keys(_ names: String...) throws { try tmux(["send-keys"] + names, capture: false) }

    /// Types `text` literally.
    public func type(_ text: String) throws { try tmux(["send-keys", "-l", text], capture: false) }

    public func screen() throws -> String { try tmux(["capture-pane", "-p"], capture: true) }

    /// Polls the screen until it contains `text` (at least `times` times: a line still on the
    /// screen from before is not the new one); throws with the last screen after `timeout` seconds.
    @discardableResult
    public func waitFor(_ text: String, times: Int = 1, timeout: Double = 60) throws -> String {
        let deadline = Date().addingTimeInterval(timeout)
        var last = ""
        while Date() < deadline {
            last = try screen()
            if last.components(separatedBy: text).count - 1 >= times { return last }
            usleep(100_000)
        }
        throw TmuxFailure(description: "timed out waiting for '\(text)'; screen:\n\(last)")
    }

    /// One tmux command, started with Spawn (posix_spawn, reaped with waitpid: Foundation's
    /// Process waits for descriptors that the tmux server inherits and keeps open); its output
    /// goes through a file.
    @discardableResult
    func tmux(_ arguments: [String], capture: Bool) throws -> String {
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("\(socket)-\(UUID().uuidString)").path
        defer { unlink(out) }
        let exit = try Spawn.run("tmux", ["-L", socket] + arguments, stdout: capture ? out : "/dev/null")
        guard exit.status == 0 else {
            throw TmuxFailure(description: "tmux \(arguments.joined(separator: " ")) failed (status \(exit.status))")
        }
        return capture ? ((try? String(contentsOfFile: out, encoding: .utf8)) ?? "") : ""
    }
}
