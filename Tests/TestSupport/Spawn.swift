// Spawn: the one way tests start a program and wait for it. posix_spawn and waitpid, not
// Foundation's Process: in CI's parallel run Process once never reaped a child that had exited
// (a zombie), and waitUntilExit waited for ever.
import Foundation

/// How a spawned program ended.
public struct SpawnExit: Sendable, Equatable {
    /// The exit status, or 128 + N when signal N ended it (SIGKILL from the deadline included).
    public var status: Int32
    /// True when the deadline passed and the program was killed.
    public var timedOut: Bool
}

public enum Spawn {
    /// Runs `executable` (looked up in PATH when it has no slash) with `arguments`, its standard
    /// input read from the file `stdin` and its outputs written to the files `stdout` and
    /// `stderr` (created or truncated), and waits for it. With `seconds`, a program still
    /// running after that long is killed (SIGKILL) and the result says so; without, it waits
    /// as long as the program runs.
    ///
    /// The child starts with every signal unblocked and SIGINT at its default: the test runner
    /// may block SIGINT, and a blocked mask is inherited (by tmux and the cajal inside it too).
    public static func run(
        _ executable: String, _ arguments: [String] = [],
        environment: [String: String] = ProcessInfo.processInfo.environment,
        stdin: String = "/dev/null", stdout: String = "/dev/null", stderr: String = "/dev/null",
        seconds: Double? = nil
    ) throws -> SpawnExit {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, stdin, O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, stdout, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, stderr, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        let argv: [UnsafeMutablePointer<CChar>?] = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp: [UnsafeMutablePointer<CChar>?] = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { (argv + envp).forEach { free($0) } }
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var empty = sigset_t(), interrupt = sigset_t()
        sigemptyset(&empty)
        sigemptyset(&interrupt)
        sigaddset(&interrupt, SIGINT)
        posix_spawnattr_setsigmask(&attributes, &empty)
        posix_spawnattr_setsigdefault(&attributes, &interrupt)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        var pid: pid_t = 0
        // ETXTBSY: the file is still open for writing somewhere, most often in a child another
        // test forked while this file was being copied, which holds the descriptor until it
        // calls exec. That passes within milliseconds; wait for it, up to two seconds.
        var started = posix_spawnp(&pid, executable, &actions, &attributes, argv, envp)
        for _ in 0..<100 where started == ETXTBSY {
            usleep(20_000)
            started = posix_spawnp(&pid, executable, &actions, &attributes, argv, envp)
        }
        guard started == 0 else {
            throw SpawnFailure(description: "cannot start \(executable): \(String(cString: strerror(started)))")
        }
        var raw: Int32 = 0
        var killed = false
        if let seconds {
            // Poll: waitpid has no timeout. Short naps first (most test programs end within
            // milliseconds), up to 20 ms.
            let deadline = Date().addingTimeInterval(seconds)
            var nap: useconds_t = 1_000
            while true {
                let r = waitpid(pid, &raw, WNOHANG)
                if r == pid || (r < 0 && errno != EINTR) { break }
                if !killed && Date() > deadline {
                    kill(pid, SIGKILL)
                    killed = true
                }
                usleep(nap)
                nap = min(nap * 2, 20_000)
            }
        } else {
            while waitpid(pid, &raw, 0) < 0 && errno == EINTR {}
        }
        let signal = raw & 0x7F
        return SpawnExit(status: signal == 0 ? (raw >> 8) & 0xFF : 128 + signal, timedOut: killed)
    }

    /// Runs `script` with `/bin/sh -c` (so it may set a `ulimit` or redirect first), as `run`.
    public static func shell(
        _ script: String,
        environment: [String: String] = ProcessInfo.processInfo.environment,
        stdin: String = "/dev/null", stdout: String = "/dev/null", stderr: String = "/dev/null",
        seconds: Double? = nil
    ) throws -> SpawnExit {
        try run("/bin/sh", ["-c", script], environment: environment, stdin: stdin, stdout: stdout, stderr: stderr, seconds: seconds)
    }
}

extension Spawn {
    /// Copies the program at `source` to `destination`, executable, writing through a
    /// descriptor closed on exec: FileManager's copy leaves its descriptor open across a fork,
    /// so a program another test starts meanwhile (a tmux server lives on) would keep the copy
    /// open for writing, and starting it would fail with ETXTBSY.
    public static func copyProgram(_ source: String, to destination: String) throws {
        let bytes = try Data(contentsOf: URL(fileURLWithPath: source))
        let fd = open(destination, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o755)
        guard fd >= 0 else { throw SpawnFailure(description: "cannot create \(destination): \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        try bytes.withUnsafeBytes { raw in
            var done = 0
            while done < raw.count {
                let n = write(fd, raw.baseAddress! + done, raw.count - done)
                if n < 0 && errno == EINTR { continue }
                guard n > 0 else { throw SpawnFailure(description: "cannot write \(destination): \(String(cString: strerror(errno)))") }
                done += n
            }
        }
    }
}

public struct SpawnFailure: Error, CustomStringConvertible {
    public var description: String
}
