// The commands as a learner types them, through the built `cajal` binary: `lesson --check`
// (0 clean, 1 drift), `lesson` with keys piped in, `export` writing both files, usage errors;
// and every lesson in lessons/ checked against its recorded outputs.
import Foundation
import Testing
import TestSupport
@testable import Notebook

enum Cajal {
    /// The `cajal` executable of this build, or nil when it was not built.
    static let path: String? = [
        Bundle.main.bundleURL.appendingPathComponent("cajal"),
        Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("cajal"),
    ].map(\.path).first { FileManager.default.isExecutableFile(atPath: $0) }

    /// Runs cajal with `args` and `input` on stdin (not a terminal), no colour; status and output.
    static func run(_ args: [String], input: String = "", environment extra: [String: String] = [:]) throws -> (Int32, String, String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: path!)
        p.arguments = args
        p.currentDirectoryURL = repositoryRoot
        var env = ProcessInfo.processInfo.environment
        env["NO_COLOR"] = "1"
        env["CAJAL_PROGRESS"] = temporaryFile("progress")
        for (k, v) in extra { env[k] = v }
        p.environment = env
        let inputFile = temporaryFile("stdin")
        try input.write(toFile: inputFile, atomically: true, encoding: .utf8)
        p.standardInput = FileHandle(forReadingAtPath: inputFile)
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: o, as: UTF8.self), String(decoding: e, as: UTF8.self))
    }
}

let tourPath = "lessons/00-examples/tour/lesson.cajal"

@Suite(.enabled(if: Cajal.path != nil, "the cajal binary is not in the build products directory"))
struct CommandLineTests {
    @Test func checkPassesThenFailsOnDrift() throws {
        let (passed, _, said) = try Cajal.run(["lesson", "--check", tourPath])
        #expect(passed == 0)
        #expect(said.contains("checked \(tourPath): the outputs of 4 code cells match their #> lines (seed "), "a pass says what it checked: \(said)")
        let drifted = try temporaryLesson("# cajal: seed=0\n# %%\nprint(2 + 2)\n#> 5\n")
        let (status, _, err) = try Cajal.run(["lesson", "--check", drifted])
        #expect(status == 1)
        #expect(err.contains("- 5\n+ 4\n"))
        #expect(try Cajal.run(["lesson", "--check", drifted, "--seed", "9"]).0 == 0)
    }

    @Test func pipedKeysWalkTheLessonAndSaveProgress() throws {
        let progress = temporaryFile("progress")
        let (status, out, _) = try Cajal.run(["lesson", tourPath], input: "\n\nq\n", environment: ["CAJAL_PROGRESS": progress])
        #expect(status == 0)
        #expect(out.contains("[[ 7, 10],\n [15, 22]]"))
        #expect(out.contains("progress saved: 2 of 4 cells"))
        #expect(try String(contentsOfFile: progress, encoding: .utf8).contains("\ntour 2/4\n"))
    }

    @Test func exportWritesAPageAndANotebook() throws {
        let html = temporaryFile("tour.html"), ipynb = temporaryFile("tour.ipynb")
        let (status, out, err) = try Cajal.run(["export", tourPath, "--html", html, "--ipynb", ipynb])
        #expect(status == 0, "\(err)")
        #expect(out == "wrote \(html) (4 code cells run)\nwrote \(ipynb) (4 code cells run)\n", "export says what it wrote")
        #expect(try String(contentsOfFile: html, encoding: .utf8).contains("<figure role=\"img\" aria-label=\"loss\"><svg"))
        #expect(try String(contentsOfFile: ipynb, encoding: .utf8).contains("\"image/svg+xml\""))
    }

    @Test func theListingShowsTheExamples() throws {
        let (status, out, _) = try Cajal.run(["lesson"])
        #expect(status == 0)
        #expect(out.contains("examples (cajal lesson NAME):\n      tour                not started\n"))
        #expect(try Cajal.run(["lesson", "--check", "tour"]).0 == 0)
    }

    @Test func usageErrors() throws {
        #expect(try Cajal.run(["export", tourPath]).0 == 64)
        #expect(try Cajal.run(["lesson", "--check"]).0 == 64)
        #expect(try Cajal.run(["lesson", "no-such-lesson"]).0 == 64)
    }
}

/// Every lesson (lessons/NN-slug/lesson.cajal and lessons/00-examples/*/lesson.cajal) runs
/// with its recorded seed and prints its recorded outputs.
@Test func everyLessonMatchesItsRecordedOutputs() throws {
    let root = repositoryRoot.appendingPathComponent("lessons").path
    var paths = LessonCatalog(root: root).entries.map(\.path)
    let examples = root + "/00-examples"
    for name in (try? FileManager.default.contentsOfDirectory(atPath: examples))?.sorted() ?? [] {
        let p = examples + "/" + name + "/lesson.cajal"
        if FileManager.default.fileExists(atPath: p) { paths.append(p) }
    }
    #expect(!paths.isEmpty)
    // Through the binary, as a learner runs them: `cajal` may restart itself with a faster
    // OpenBLAS kernel (TensorCore/BLASKernel.swift), and a lesson that trains for long (09, 12)
    // rounds differently under OpenBLAS's generic kernel, which this test process would keep.
    for path in paths {
        let (status, _, err) = try Cajal.run(["lesson", "--check", path])
        #expect(status == 0, "\(path):\n\(err)")
    }
}
