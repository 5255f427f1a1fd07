// `cajal lesson` in a real terminal (tmux, 100×40): a cell whose live curve is redrawn in place
// leaves one plot on the screen, not one per frame; Ctrl-C stops a running cell, which stays to
// be run again or skipped; the keys of the key bar (help, skip, back) work as single presses.
// Skipped without tmux (required under CI).
import Foundation
import Testing
import TestSupport

@Suite(.serialized, .enabled(if: OutsideTools.runs(TmuxSession.available), "tmux is not installed"),
       .enabled(if: Cajal.path != nil, "the cajal binary is not built"))
struct LessonTerminalTests {
    @Test func aLiveCurveIsRedrawnInPlaceInTheTerminal() throws {
        let path = try temporaryLesson("""
            # cajal: seed=0
            # %% [markdown]
            # # Live
            # %%
            for i in 1...4 { plot([4, 3, 4 - i], size: [30, 8], title: "curve {i}", live: true) }
            print("trained")
            """)
        let t = try TmuxSession("env TERM=xterm-256color NO_COLOR=1 CAJAL_PROGRESS=\(temporaryFile("progress")) \(Cajal.path!) lesson \(path)")
        try t.waitFor("Enter: run")
        try t.keys("Enter")
        try t.waitFor("[end] Enter: leave")
        try t.keys("Enter")
        let screen = try t.waitFor("EXITED 0")
        #expect(screen.contains("curve 4") && screen.contains("trained"))
        #expect(!screen.contains("curve 1") && !screen.contains("curve 3"), "earlier frames are drawn over:\n\(screen)")
        #expect(screen.components(separatedBy: "┌").count - 1 == 1, "one plot on the screen:\n\(screen)")
    }

    @Test func ctrlCStopsAGuidedCellWhichStaysToRunAgainOrSkip() throws {
        let path = try temporaryLesson("""
            # cajal: seed=0
            # %% [markdown]
            # # Spin
            # %%
            var n = 0
            while true { n = n + 1 }
            # %%
            print("after the loop")
            """)
        let progress = temporaryFile("progress")
        let t = try TmuxSession("env TERM=xterm-256color NO_COLOR=1 CAJAL_PROGRESS=\(progress) \(Cajal.path!) lesson \(path)")
        try t.waitFor("[1/2] Enter: run · s: skip · b: back · g: section · r: REPL · ?: help · q: quit")
        try t.keys("Enter")
        try t.waitFor("running cell 1… Ctrl-C stops it")
        usleep(300_000)
        try t.keys("C-c")
        try t.waitFor("cell 1 stopped by Ctrl-C: Enter runs it again, s skips it")
        try t.waitFor("[1/2] Enter: run again")
        // Enter runs it again (and Ctrl-C stops it again); `?` explains the keys.
        try t.keys("Enter")
        try t.waitFor("running cell 1")
        usleep(300_000)
        try t.keys("C-c")
        // The first stop's prompt is still on the screen: wait for the second stop itself.
        try t.waitFor("stopped by Ctrl-C", times: 2)
        let twice = try t.waitFor("[1/2] Enter: run again", times: 2)
        #expect(twice.components(separatedBy: "stopped by Ctrl-C").count - 1 == 2, "\(twice)")
        try t.keys("?")
        try t.waitFor("skip this cell and go on")
        // s skips to cell 2, which runs; the lesson is not done: cell 1 never finished.
        try t.keys("s")
        try t.waitFor("[2/2] Enter: run")
        try t.keys("Enter")
        try t.waitFor("not yet: 1")
        #expect(try t.screen().contains("after the loop"))
        #expect(try String(contentsOfFile: progress, encoding: .utf8).contains("01-demo 2/2\n"))
        // b at the end goes back to cell 2; q quits there, exit status 0.
        try t.keys("b")
        try t.waitFor("[2/2] Enter: run", timeout: 10)
        try t.keys("q")
        let end = try t.waitFor("EXITED")
        #expect(end.contains("progress saved: 1 of 2 cells"))
        #expect(end.contains("EXITED 0"))
        #expect(try String(contentsOfFile: progress, encoding: .utf8).hasSuffix("\n01-demo 1/2\n"), "saved, not done")
    }
}
