// ScriptRunner: runs the built `cajal` binary on a script and checks it against the script's
// expect comments (Crafting Interpreters' test conventions, with `#` comments):
//
//   print(1 + 2)          # expect: 3
//       Each `# expect: text` is one line of standard output, in order (the comment may sit on
//       its own line or after the statement that prints).
//   let x = y             # error: undeclared variable 'y'
//       A static error at this line: exit code 65, and standard error has
//       `file:LINE:COL: error: message`.
//   print(1 / 0)          # expect runtime error: division by zero
//       A runtime error at this line: exit code 70, standard error has `:LINE:COL: error: message`.
//   # expect exit: 64     Overrides the expected exit code.
//   # args: --seed 3      Extra arguments for `cajal run` (before the file).
//   # expect stderr: text Standard error contains this text (for hints and stack traces).
//   # collector stress: N  The script's CAJAL_GC_STRESS under collector stress (ScriptTests.swift):
//                         a collection after every Nth allocation, for scripts that run long.
//
// The same conventions apply to ```cajal fenced examples in docs/*.md: each block is run as a
// file of its own and its `# expect:` lines are checked (agreed with the Language helper).
import Foundation

struct ScriptExpectations {
    var output: [String] = []
    var errors: [(line: Int, message: String)] = []
    var runtimeError: (line: Int, message: String)?
    var exitCode: Int32?
    var args: [String] = []
    var stderrContains: [String] = []
    var collectorStress: Int?

    init(source: String) {
        for (i, raw) in source.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = String(raw)
            let number = i + 1
            if let text = Self.after("# expect: ", in: line) { output.append(text) }
            if let text = Self.after("# error: ", in: line) { errors.append((number, text)) }
            if let text = Self.after("# expect runtime error: ", in: line) { runtimeError = (number, text) }
            if let text = Self.after("# expect exit: ", in: line) { exitCode = Int32(text) }
            if let text = Self.after("# expect stderr: ", in: line) { stderrContains.append(text) }
            if let text = Self.after("# args: ", in: line) { args += text.split(separator: " ").map(String.init) }
            if let text = Self.after("# collector stress: ", in: line) { collectorStress = Int(text) }
        }
    }

    static func after(_ marker: String, in line: String) -> String? {
        guard let r = line.range(of: marker) else { return nil }
        return String(line[r.upperBound...])
    }

    var expectedExit: Int32 {
        if let exitCode { return exitCode }
        if !errors.isEmpty { return 65 }
        if runtimeError != nil { return 70 }
        return 0
    }
}

struct RunResult {
    var stdout: String
    var stderr: String
    var status: Int32
}

enum CajalBinary {
    /// The `cajal` executable built beside this test bundle (swift test builds every product).
    static var url: URL {
        let exe = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        var dir = exe.deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = dir.appendingPathComponent("cajal")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            dir = dir.deletingLastPathComponent()
        }
        return exe.deletingLastPathComponent().appendingPathComponent("cajal")
    }

    static func run(_ arguments: [String], cwd: URL? = nil, environment extra: [String: String] = [:]) throws -> RunResult {
        let p = Process()
        p.executableURL = url
        p.arguments = arguments
        if let cwd { p.currentDirectoryURL = cwd }
        var env = ProcessInfo.processInfo.environment
        env["NO_COLOR"] = "1"
        env.merge(extra) { $1 }
        p.environment = env
        let out = Pipe()
        let errURL = FileManager.default.temporaryDirectory.appendingPathComponent("cajal-stderr-\(UUID().uuidString)")
        FileManager.default.createFile(atPath: errURL.path, contents: nil)
        let err = try FileHandle(forWritingTo: errURL)
        defer { try? FileManager.default.removeItem(at: errURL) }
        p.standardInput = FileHandle.nullDevice
        p.standardOutput = out
        p.standardError = err
        try p.run()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        try err.close()
        let errData = (try? Data(contentsOf: errURL)) ?? Data()
        return RunResult(stdout: String(decoding: outData, as: UTF8.self),
                         stderr: String(decoding: errData, as: UTF8.self), status: p.terminationStatus)
    }
}

/// Checks one script's run against its expectations; returns the problems found.
func check(_ result: RunResult, against e: ScriptExpectations, fileName: String) -> [String] {
    var problems: [String] = []
    var lines = result.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    if lines.last == "" { lines.removeLast() }
    if lines != e.output {
        problems.append("output differs:\n" + lineDiffText(e.output, lines))
    }
    if result.status != e.expectedExit {
        problems.append("exit code \(result.status), expected \(e.expectedExit)")
    }
    // Only diagnostic headlines count (`file:LINE:COL: error: message`), not the echoed source
    // line, which holds the expect comment itself.
    let headlines = result.stderr.split(separator: "\n").map(String.init).filter { $0.hasPrefix(fileName + ":") }
    func hasHeadline(_ line: Int, _ message: String) -> Bool {
        headlines.contains { $0.hasPrefix("\(fileName):\(line):") && $0.contains(": error: \(message)") }
    }
    for (line, message) in e.errors where !hasHeadline(line, message) {
        problems.append("missing static error at line \(line): \(message)")
    }
    if let (line, message) = e.runtimeError, !hasHeadline(line, message) {
        problems.append("missing runtime error at line \(line): \(message)")
    }
    for text in e.stderrContains where !result.stderr.contains(text) {
        problems.append("standard error lacks: \(text)")
    }
    if !problems.isEmpty { problems.append("standard error was:\n" + result.stderr) }
    return problems
}

func lineDiffText(_ expected: [String], _ actual: [String]) -> String {
    var out: [String] = []
    for i in 0..<max(expected.count, actual.count) where out.count < 10 {
        let l = i < expected.count ? expected[i] : "<none>"
        let r = i < actual.count ? actual[i] : "<none>"
        if l != r { out.append("  line \(i + 1): expected \(l)\n          actual   \(r)") }
    }
    return out.joined(separator: "\n")
}
