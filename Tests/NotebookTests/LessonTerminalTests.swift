// `cajal lesson` in a real terminal (tmux, 100×40): a cell whose live curve is redrawn in place
// leaves one plot on the screen, not one per frame. Skipped without tmux (required under CI).
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
        let screen = try t.waitFor("EXITED 0")
        #expect(screen.contains("curve 4") && screen.contains("trained"))
        #expect(!screen.contains("curve 1") && !screen.contains("curve 3"), "earlier frames are drawn over:\n\(screen)")
        #expect(screen.components(separatedBy: "┌").count - 1 == 1, "one plot on the screen:\n\(screen)")
    }
}
