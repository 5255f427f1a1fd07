// CajalProcess: runs the built `cajal` binary as a user would, with stdin from a string
// (the plain path) or inside tmux (the terminal path). The binary sits in the build products
// directory beside the test bundle: `Bundle.main.bundleURL` under SwiftPM on Linux.
import Foundation

enum CajalBinary {
    /// The `cajal` executable of this build, or nil when it was not built.
    static let path: String? = {
        let candidates = [
            Bundle.main.bundleURL.appendingPathComponent("cajal"),
            Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("cajal"),
        ]
        return candidates.map(\.path).first { FileManager.default.isExecutableFile(atPath: $0) }
    }()

    static var isBuilt: Bool { path != nil }
}

/// What one run of `cajal` printed and how it ended.
struct Transcript {
    var stdout: String
    var stderr: String
    var status: Int32

    /// The three parts in one string, for a snapshot.
    var rendered: String { "status: \(status)\n--- stdout\n\(stdout)--- stderr\n\(stderr)" }
}

enum PlainRun {
    /// Runs `cajal` with `input` on stdin (a file, so not a terminal) and no colour.
    static func run(_ input: String, arguments: [String] = [], environment extra: [String: String] = [:]) throws -> Transcript {
        guard let binary = CajalBinary.path else { throw ProcessFailure(description: "cajal binary not built") }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("cajal-plain-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let inURL = dir.appendingPathComponent("in"), outURL = dir.appendingPathComponent("out"),
            errURL = dir.appendingPathComponent("err")
        try input.write(to: inURL, atomically: true, encoding: .utf8)
        FileManager.default.createFile(atPath: outURL.path, contents: nil)
        FileManager.default.createFile(atPath: errURL.path, contents: nil)
        var env = ProcessInfo.processInfo.environment
        env["NO_COLOR"] = "1"
        env["CAJAL_HISTORY"] = ""
        env.removeValue(forKey: "FORCE_COLOR")
        for (k, v) in extra { env[k] = v }
        let status = try spawnAndWait(
            binary, arguments, environment: env, stdin: inURL.path, stdout: outURL.path, stderr: errURL.path)
        return Transcript(
            stdout: try String(contentsOf: outURL, encoding: .utf8),
            stderr: try String(contentsOf: errURL, encoding: .utf8),
            status: status)
    }
}

/// Runs `executable` with posix_spawn and waits with waitpid (Foundation's Process waited
/// forever for some children here). Returns the exit status, or 128 + signal.
func spawnAndWait(
    _ executable: String, _ arguments: [String], environment: [String: String],
    stdin: String, stdout: String, stderr: String
) throws -> Int32 {
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 0, stdin, O_RDONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 1, stdout, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    posix_spawn_file_actions_addopen(&actions, 2, stderr, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    let argv = ([executable] + arguments).map { strdup($0) } + [nil]
    let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
    defer { (argv + envp).forEach { free($0) } }
    // The test runner may block SIGINT, and a blocked mask is inherited: start the child (and so
    // tmux and the cajal inside it) with every signal unblocked and SIGINT at its default.
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
    guard posix_spawnp(&pid, executable, &actions, &attributes, argv, envp) == 0 else {
        throw ProcessFailure(description: "cannot start \(executable)")
    }
    var status: Int32 = 0
    while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
    let signal = status & 0x7F
    return signal == 0 ? (status >> 8) & 0xFF : 128 + signal
}

struct ProcessFailure: Error, CustomStringConvertible {
    var description: String
}
