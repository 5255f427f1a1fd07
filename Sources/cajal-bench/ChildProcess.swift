// ChildProcess: the bench's two ways of running another program, both on posix_spawn and
// waitpid/wait4 (Foundation's Process once never reaped an exited child and waited for ever):
// `Coprocess`, a long-lived child spoken to by lines (PyTorch's side of `cajal-bench train`,
// Lua's and CPython's of `cajal-bench scalar`, each a `ServeScript`), and `runMeasured`, one child run to its end with its wall time, CPU time and peak memory
// (`cajal-bench lessons`).
import Foundation

/// Builds the C argument and environment arrays, calls `body`, frees them.
private func withCStrings<R>(_ arguments: [String], _ environment: [String: String],
                             _ body: ([UnsafeMutablePointer<CChar>?], [UnsafeMutablePointer<CChar>?]) -> R) -> R {
    let argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
    let envp: [UnsafeMutablePointer<CChar>?] = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
    defer { (argv + envp).forEach { free($0) } }
    return body(argv, envp)
}

/// A child process spoken to by lines: one command on its standard input, one reply line on
/// its standard output. Its standard error goes to /dev/null.
final class Coprocess {
    let pid: pid_t
    private let toChild: Int32
    private let fromChild: Int32
    private var pending: [UInt8] = []
    private var ended = false

    /// Starts `arguments[0]` (looked up in PATH) with the rest as its arguments. Nil when it
    /// cannot start.
    init?(_ arguments: [String]) {
        signal(SIGPIPE, SIG_IGN)   // a child that died: writing to it is an error, not our death
        var input: [Int32] = [0, 0], output: [Int32] = [0, 0]
        guard pipe(&input) == 0 else { return nil }
        guard pipe(&output) == 0 else {
            Glibc.close(input[0]); Glibc.close(input[1])
            return nil
        }
        // Our ends must not leak into other children (the child's copies are dup2'ed to 0/1).
        for fd in [input[1], output[0]] { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, input[0], 0)
        posix_spawn_file_actions_adddup2(&actions, output[1], 1)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addclose(&actions, input[0])
        posix_spawn_file_actions_addclose(&actions, output[1])
        var child: pid_t = 0
        let started = withCStrings(arguments, ProcessInfo.processInfo.environment) { argv, envp in
            posix_spawnp(&child, arguments[0], &actions, nil, argv, envp)
        }
        Glibc.close(input[0])
        Glibc.close(output[1])
        guard started == 0 else {
            Glibc.close(input[1]); Glibc.close(output[0])
            return nil
        }
        (pid, toChild, fromChild) = (child, input[1], output[0])
    }

    /// The next line the child wrote, without its newline; nil at end of output.
    func readLine() -> String? {
        while true {
            if let newline = pending.firstIndex(of: UInt8(ascii: "\n")) {
                let line = String(decoding: pending[..<newline], as: UTF8.self)
                pending.removeSubrange(...newline)
                return line
            }
            var chunk = [UInt8](repeating: 0, count: 4096)
            let n = chunk.withUnsafeMutableBytes { read(fromChild, $0.baseAddress, 4096) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { return nil }
            pending += chunk[..<n]
        }
    }

    /// Sends one command and returns the child's reply line (nil if it has gone).
    func send(_ command: String) -> String? {
        let bytes = Array((command + "\n").utf8)
        var sent = 0
        while sent < bytes.count {
            let n = bytes[sent...].withUnsafeBytes { write(toChild, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { return nil }
            sent += n
        }
        return readLine()
    }

    /// Closes the child's input (its end of commands) and waits for it; returns its status.
    @discardableResult
    func finish() -> Int32 {
        guard !ended else { return 0 }
        ended = true
        Glibc.close(toChild)
        Glibc.close(fromChild)
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        return status
    }

    deinit { finish() }
}

/// The `key=value` words of a line (`workload=fib27 median_ms=12.1` → two fields).
func fields(_ line: some StringProtocol) -> [String: String] {
    var out: [String: String] = [:]
    for part in line.split(separator: " ") {
        let kv = part.split(separator: "=", maxSplits: 1)
        if kv.count == 2 { out[String(kv[0])] = String(kv[1]) }
    }
    return out
}

/// A reference script in its serve mode (train_torch.py, scalar.py, scalar.lua with --serve):
/// a coprocess whose first line is `ready …` and which answers each command with one line,
/// the command's verb then `key=value` fields, or `error …`.
final class ServeScript {
    let process: Coprocess
    /// The first line without its `ready `: what the script says of itself (versions, clock).
    let banner: String
    private let name: String

    /// Starts `arguments` (the tool, the script, its options); nil when the tool or the script's
    /// own dependencies are missing (it exits before `ready`).
    init?(_ arguments: [String]) {
        guard let process = Coprocess(arguments) else { return nil }
        guard let first = process.readLine(), first.hasPrefix("ready ") else {
            process.finish()
            return nil
        }
        (self.process, banner) = (process, String(first.dropFirst("ready ".count)))
        name = URL(fileURLWithPath: arguments.count > 1 ? arguments[1] : arguments[0]).lastPathComponent
    }

    /// Sends `command`; the fields of a reply that must start with `expected`.
    func ask(_ command: String, expecting expected: String) throws -> [String: String] {
        guard let reply = process.send(command) else {
            throw TrainBenchError(description: "\(name) --serve ended at `\(command)`")
        }
        guard reply == expected || reply.hasPrefix(expected + " ") else {
            throw TrainBenchError(description: "\(name) --serve: `\(command)` answered `\(reply)`")
        }
        return fields(reply)
    }

    /// The number in field `key` of the reply to `command`.
    func number(_ command: String, expecting expected: String, _ key: String) throws -> Double {
        guard let value = try ask(command, expecting: expected)[key].flatMap(Double.init) else {
            throw TrainBenchError(description: "\(name) --serve: `\(command)` answered without \(key)=")
        }
        return value
    }

    deinit { process.finish() }
}

/// What one child run cost: wall seconds, CPU seconds (user + system, from wait4's rusage),
/// peak resident memory in MiB, and its exit status (128 + N for signal N).
struct ChildCost {
    var wall: Double
    var cpu: Double
    var peakMiB: Double
    var status: Int32
}

/// Runs `executable` with `arguments` to its end, standard input from /dev/null, standard
/// output to /dev/null, standard error to `stderrPath`; measures it with wait4.
func runMeasured(_ executable: String, _ arguments: [String], stderrPath: String) throws -> ChildCost {
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 2, stderrPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    var pid: pid_t = 0
    let start = DispatchTime.now().uptimeNanoseconds
    let started = withCStrings([executable] + arguments, ProcessInfo.processInfo.environment) { argv, envp in
        posix_spawn(&pid, executable, &actions, nil, argv, envp)
    }
    guard started == 0 else { throw TrainBenchError(description: "cannot start \(executable): \(String(cString: strerror(started)))") }
    var status: Int32 = 0
    var usage = rusage()
    while wait4(pid, &status, 0, &usage) < 0 && errno == EINTR {}
    let wall = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    func seconds(_ t: timeval) -> Double { Double(t.tv_sec) + Double(t.tv_usec) / 1e6 }
    let signal = status & 0x7F
    return ChildCost(wall: wall, cpu: seconds(usage.ru_utime) + seconds(usage.ru_stime),
                     peakMiB: Double(usage.ru_maxrss) / 1024,   // Linux: ru_maxrss in KiB
                     status: signal == 0 ? (status >> 8) & 0xFF : 128 + signal)
}
