// Support: helpers for the grader tests — the repository's exercises, temporary folders with
// hand-written submissions, and the built `cajal` binary for runs graded as `cajal grade`
// grades them (time and memory limits, in a worker process of their own).
import Foundation
@testable import Grader
import TestSupport

enum Fixtures {
    static let lessons = repositoryRoot.appendingPathComponent("lessons")
    static let leakyRelu = lessons.appendingPathComponent("00-examples/exercises/leaky-relu")

    static func exercise(_ dir: URL = leakyRelu) throws -> Exercise {
        try Exercise(directory: dir)
    }

    /// Writes `files` (name → text) into a fresh temporary folder and returns it.
    static func folder(_ files: [String: String]) throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("cajal-grader-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        for (name, text) in files {
            let url = dir.appendingPathComponent(name)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try text.write(to: url, atomically: true, encoding: .utf8)
        }
        return dir
    }

    /// Grades `source` (written as `name` in a fresh folder) against `exercise`, all checks.
    static func grade(_ source: String, name: String = "submission.cajal", exercise: Exercise) throws -> GradeReport {
        let dir = try folder([name: source])
        defer { try? FileManager.default.removeItem(at: dir) }
        return Grader(exercise: exercise, includeHidden: true).grade(submissionPath: dir.appendingPathComponent(name).path)
    }

    /// Timing fields replaced by fixed text, so reports can be snapshotted.
    static func normalised(_ text: String) -> String {
        var t = text
        for pattern in [#"("seconds" ?: )[0-9.]+"#, #"(time=")[0-9.]+"#, #"("execution_time" ?: )[0-9.]+"#] {
            t = t.replacingOccurrences(of: pattern, with: "$1T", options: .regularExpression)
        }
        return t
    }
}

struct ProcessResult {
    var stdout: String
    var stderr: String
    var status: Int32
}

enum CajalBinary {
    /// The `cajal` executable built beside this test bundle (swift test builds every product).
    static var url: URL {
        var dir = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = dir.appendingPathComponent("cajal")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            dir = dir.deletingLastPathComponent()
        }
        return dir.appendingPathComponent("cajal")
    }

    static func run(_ arguments: [String], cwd: URL? = nil) throws -> ProcessResult {
        let p = Process()
        p.executableURL = url
        p.arguments = arguments
        if let cwd { p.currentDirectoryURL = cwd }
        var env = ProcessInfo.processInfo.environment
        env["NO_COLOR"] = "1"
        p.environment = env
        let outURL = FileManager.default.temporaryDirectory.appendingPathComponent("cajal-out-\(UUID().uuidString)")
        let errURL = FileManager.default.temporaryDirectory.appendingPathComponent("cajal-err-\(UUID().uuidString)")
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        defer {
            try? FileManager.default.removeItem(at: outURL)
            try? FileManager.default.removeItem(at: errURL)
        }
        let out = try FileHandle(forWritingTo: outURL), err = try FileHandle(forWritingTo: errURL)
        p.standardInput = FileHandle.nullDevice
        p.standardOutput = out
        p.standardError = err
        try p.run()
        p.waitUntilExit()
        try out.close()
        try err.close()
        return ProcessResult(stdout: String(decoding: (try? Data(contentsOf: outURL)) ?? Data(), as: UTF8.self),
                             stderr: String(decoding: (try? Data(contentsOf: errURL)) ?? Data(), as: UTF8.self),
                             status: p.terminationStatus)
    }

    /// Whether the binary has the grader's commands yet (they are rows in Sources/cajal/main.swift).
    static var hasGrade: Bool {
        (try? run(["--help"]).stdout.contains("grade")) ?? false
    }
}
