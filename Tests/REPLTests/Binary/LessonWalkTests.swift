// LessonWalkTests: lesson 4 (backpropagation) walked in a real terminal (tmux) as a learner
// would: `cajal lesson` on the file, Enter through the cells, `r` into the REPL to inspect the
// lesson's variables, back with `:quit` and later with Ctrl-D, on to the end of the lesson,
// and the progress file says it is done. Skipped, with a message, when tmux or the binary is
// missing. The heavy cells (20 random starts, RHW's net, the encoder) get long waits: in a
// debug build on a busy machine the whole walk took about two minutes.
import Foundation
import TestSupport
import Testing

@Suite(.serialized, .enabled(if: OutsideTools.runs(Tmux.available), "tmux is not installed"),
       .enabled(if: CajalBinary.isBuilt, "the cajal binary is not in the build products directory"))
struct LessonWalkTests {
    let lesson = repositoryRoot.appendingPathComponent("lessons/04-backprop/lesson.cajal").path
    let scratch = FileManager.default.temporaryDirectory
        .appendingPathComponent("cajal-walk-\(getpid())-\(UUID().uuidString)")

    /// The key prompt shown before code cell `n` of `total`.
    func prompt(_ n: Int, of total: Int = 9) -> String { "[\(n)/\(total)] Enter: run · s: skip · b: back · g: section · r: REPL · ?: help · q: quit" }

    @Test func lessonFourStepsIntoTheREPLAndBackAndFinishes() throws {
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let progress = scratch.appendingPathComponent("progress").path
        let t = try Tmux(arguments: "lesson --restart \(lesson)", environment: [
            "CAJAL_PROGRESS": progress, "CAJAL_HISTORY": scratch.appendingPathComponent("history").path,
        ])

        // The first cell waits; Enter runs it and the next one waits.
        try t.waitFor(prompt(1), timeout: 30)
        #expect(try t.screen().contains("let w11 = 0.3"))
        try t.keys("Enter")
        try t.waitFor(prompt(2), timeout: 30)
        #expect(try t.history().contains("h1 = 0.5987, h2 = 0.4502, o = 0.5534, E = 0.0997"))
        try t.keys("Enter")
        try t.waitFor(prompt(3), timeout: 30)
        #expect(try t.history().contains("dE/dw11 by finite differences = -0.01326"))

        // r: the REPL on the lesson's session; the hand-derived numbers are there.
        try t.keys("r")
        try t.waitFor("REPL on the lesson's session")
        try t.waitFor("cajal> ")
        try t.type("round(f.o, digits: 4)")
        try t.keys("Enter")
        try t.waitFor("\n0.5534\n")
        try t.type("round(d_o * f.h1, digits: 5) == round(g_v1, digits: 5)")
        try t.keys("Enter")
        try t.waitFor("\ntrue\n")
        try t.type(":quit")
        try t.keys("Enter")
        // Back in the lesson, the current cell is shown again above its key bar.
        try t.waitFor("back in the lesson\nIn [3]")
        try t.waitFor(prompt(3))

        // On through the training cells; the 20 starts take a while.
        for n in 3...6 {
            try t.keys("Enter")
            try t.waitFor(prompt(n + 1), timeout: 600)
        }
        #expect(try t.history().contains("20 of 20 solved"))

        // A second visit, left with Ctrl-D: the 20 runs are there to inspect. Then RHW's own
        // net, the encoder and the comparison with the paper.
        try t.keys("r")
        try t.waitFor("cajal> ")
        try t.type("len(with_momentum)")
        try t.keys("Enter")
        try t.waitFor("\n20\n")
        try t.keys("C-d")
        try t.waitFor("back in the lesson\nIn [7]")
        try t.waitFor(prompt(7))

        for n in 7...8 {
            try t.keys("Enter")
            try t.waitFor(prompt(n + 1), timeout: 600)
        }
        try t.keys("Enter")
        try t.waitFor("[end] Enter: leave", timeout: 600)
        try t.keys("Enter")
        let end = try t.waitFor("EXITED", timeout: 60)
        #expect(end.contains("end of the lesson"))
        #expect(end.contains("EXITED 0"))
        #expect(try t.history().contains("momentum: without it,"))
        let saved = try String(contentsOfFile: progress, encoding: .utf8)
        #expect(saved.contains("04-backprop 9/9 done"), "\(saved)")
    }
}

extension Tmux {
    /// Everything the pane printed, scrollback included (the lesson scrolls past one screen).
    func history() throws -> String {
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("\(socket)-\(UUID().uuidString)").path
        defer { unlink(out) }
        let status = try spawnAndWait(
            "tmux", ["-L", socket, "capture-pane", "-p", "-J", "-S", "-"],
            environment: ProcessInfo.processInfo.environment,
            stdin: "/dev/null", stdout: out, stderr: "/dev/null")
        guard status == 0 else { throw ProcessFailure(description: "tmux capture-pane failed (status \(status))") }
        return (try? String(contentsOfFile: out, encoding: .utf8)) ?? ""
    }
}
