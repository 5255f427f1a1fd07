// LessonREPLKeyTests: in `cajal lesson`, the `r` key opens the REPL on the lesson's own session
// (docs/notebooks.md once said it answered "the REPL is not available here"): the lesson's
// variables are there, and leaving the REPL comes back to the lesson. Runs the binary in tmux;
// skipped without tmux (required under CI).
import Foundation
import Testing
import TestSupport

@Suite(.serialized, .enabled(if: OutsideTools.runs(TmuxSession.available), "tmux is not installed"),
       .enabled(if: Cajal.path != nil, "the cajal binary is not built"))
struct LessonREPLKeyTests {
    @Test func rOpensTheREPLOnTheLessonsSession() throws {
        let path = try temporaryLesson("""
            # cajal: seed=0
            # %% [markdown]
            # # Hand-off
            # %%
            let answer = 6 * 7
            # %%
            print("second cell")
            """)
        let t = try TmuxSession("env TERM=xterm-256color NO_COLOR=1 CAJAL_PROGRESS=\(temporaryFile("progress")) \(Cajal.path!) lesson \(path)")
        try t.waitFor("[1/2] Enter: run")
        try t.keys("Enter")
        try t.waitFor("[2/2] Enter: run")
        try t.keys("r")
        let repl = try t.waitFor("cajal>")
        #expect(!repl.contains("not available"), "\(repl)")
        try t.type("answer + 1")
        try t.keys("Enter")
        try t.waitFor("43")
        try t.keys("C-d")
        try t.waitFor("[2/2] Enter: run")
        try t.keys("Enter")
        try t.waitFor("second cell")
        try t.waitFor("[end] Enter: leave")
        try t.keys("Enter")
        try t.waitFor("EXITED 0")
    }

    @Test func theNotebookDocSaysWhatRDoes() throws {
        let doc = try String(contentsOf: repositoryRoot.appendingPathComponent("docs/notebooks.md"), encoding: .utf8)
        #expect(!doc.contains("until then `r` says \"the REPL is not available here\""))
        #expect(doc.contains("`r` opens the REPL on the lesson's own session"))
    }
}
