// Live plots in the lesson player: on a terminal (`liveFigures`) a cell that trains with a live
// curve redraws it in place while it runs — each frame after the first moves the cursor up over
// the previous one — and piped, the cell shows its last live figure once when it ends.
import Foundation
import Interpreter
import Testing
@testable import Notebook

let liveLesson = """
    # cajal: seed=0
    # %%
    for i in 1...3 { plot([3, 2, 3 - i], size: [20, 6], title: "curve {i}", live: true) }
    print("trained")
    # %%
    seed(1)
    let d = blobs(60, centers: 3)
    let model = Sequential([Dense(2, 8), ReLU(), Dense(8, 3)])
    let h = fit(model, d.x, d.y, epochs: 3, batch_size: 10, live: true)
    print("fitted {len(h.loss)} epochs")
    """

/// Plays `liveLesson` to the end; what the player wrote.
func playLive(liveFigures: Bool) throws -> String {
    final class Box { var text = "" }
    let box = Box()
    var player = LessonPlayer(lesson: try Lesson.parse(liveLesson), slug: "01-live", fileName: "01-live/lesson.cajal",
                              style: TerminalStyle(width: 60, color: false), figureOptions: .init(),
                              write: { box.text += $0 }, openREPL: nil, progress: nil)
    player.liveFigures = liveFigures
    var keys = scriptedKeys([])
    #expect(player.play(keys: &keys) == 0)
    return box.text
}

/// How many times `text` moves the cursor up to redraw a frame (`ESC[nF ESC[J`).
func redraws(_ text: String) -> Int {
    text.components(separatedBy: "\u{1B}[").filter { $0.first?.isNumber == true && $0.dropFirst().drop(while: \.isNumber).hasPrefix("F") }.count
}

@Suite struct LessonPlayerLiveTests {
    @Test func onATerminalALiveCurveIsRedrawnInPlaceWhileTheCellRuns() throws {
        let text = try playLive(liveFigures: true)
        let first = text.components(separatedBy: "In [2]")[0]
        // Three frames: the first drawn, the next two over it; the last stays (not drawn again).
        #expect(["curve 1", "curve 2", "curve 3"].allSatisfy { first.components(separatedBy: $0).count - 1 == 1 }, "\(first)")
        #expect(redraws(first) == 2)
        #expect(first.contains("curve 3") && first.hasSuffix("trained\n\n"))
        // fit's loss curve: one frame per epoch, redrawn in place.
        let second = text.components(separatedBy: "In [2]")[1]
        #expect(redraws(second) == 2, "\(second)")
        #expect(second.contains("fitted 3 epochs\n"))
    }

    @Test func pipedACellShowsItsLastLiveFigureOnce() throws {
        let text = try playLive(liveFigures: false)
        #expect(!text.contains("\u{1B}"), "no cursor movement off a terminal")
        #expect(!text.contains("curve 1") && !text.contains("curve 2"))
        #expect(text.components(separatedBy: "curve 3").count - 1 == 1)
        #expect(text.contains("fitted 3 epochs\n"))
    }
}
