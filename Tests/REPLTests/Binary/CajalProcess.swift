// CajalProcess: runs the built `cajal` binary as a user would, with stdin from a string
// (the plain path) or inside tmux (the terminal path). The binary sits in the build products
// directory beside the test bundle: `Bundle.main.bundleURL` under SwiftPM on Linux.
import Foundation
import TestSupport

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

/// Runs `executable` and waits for it (TestSupport's Spawn: posix_spawn and waitpid, since
/// Foundation's Process waited forever for some children here). Returns the exit status, or
/// 128 + signal.
func spawnAndWait(
    _ executable: String, _ arguments: [String], environment: [String: String],
    stdin: String, stdout: String, stderr: String
) throws -> Int32 {
    try Spawn.run(executable, arguments, environment: environment, stdin: stdin, stdout: stdout, stderr: stderr).status
}

struct ProcessFailure: Error, CustomStringConvertible {
    var description: String
}
