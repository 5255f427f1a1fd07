// TrainingDisplayTests: the terminal side of a training loop, in-process with a fake clock and
// a captured terminal: the progress line's text (plain, colour, ASCII, narrow windows), its
// rate limit and final newline, erasing it before other output, live frames redrawn in place
// (the escape sequences as a snapshot), and that nothing of it reaches print output when the
// session is not drawing on a terminal (only the last live figure, once).
import Foundation
@testable import Interpreter
import Plot
import Testing
import TestSupport

/// A session whose progress line goes to `terminal` (as if standard error were a terminal),
/// with a clock the test moves.
final class FakeTerminal {
    var stderr = ""
    var stdout = ""
    var time = 0.0
    let session: Interpreter

    init(liveInPlace: Bool = false, style: ProgressStyle = ProgressStyle(), columns: Int = 80) {
        session = Interpreter(output: { _ in })
        session.output = { [unowned self] in self.stdout += $0 }
        let t = session.vm.figures.terminal
        t.statusWriter = { [unowned self] in self.stderr += $0 }
        t.now = { [unowned self] in self.time }
        t.columns = { columns }
        t.style = style
        t.liveInPlace = liveInPlace
    }

    func run(_ source: String) -> RunOutcome { session.run(source: source, name: "train.cajal") }
}

@Test func progressLineTextInEveryStyle() throws {
    func line(_ style: ProgressStyle, columns: Int = 80, done: Int = 7) -> String {
        ProgressLine.render(done: done, total: 20, label: "epoch 3/20", text: "loss 0.2310 acc 0.940",
                            time: "4s left", columns: columns, style: style)
    }
    let rendered = [
        line(ProgressStyle()),
        line(ProgressStyle(), done: 20),
        line(ProgressStyle(), done: 0),
        line(ProgressStyle(ascii: true)),
        line(ProgressStyle(color: true)),
        line(ProgressStyle(color: true), done: 20),
        line(ProgressStyle(), columns: 60),
        line(ProgressStyle(), columns: 40),
    ].joined(separator: "\n")
    try assertSnapshot(rendered, named: "progress-line-styles", in: "InterpreterTests")
}

@Test func progressLineNeverReachesTheLastColumn() {
    for columns in [20, 30, 45, 60, 79, 80, 120] {
        let s = ProgressLine.render(done: 3, total: 9, label: "epoch 1/3", text: "loss 0.1234 acc 0.987 val_loss 0.2345 val_acc 0.950",
                                    time: "1m05s left", columns: columns, style: ProgressStyle())
        #expect(s.count <= max(columns - 1, 20), "\(columns) columns: \(s.count) characters")
    }
}

@Test func durationsReadLikeAClock() {
    #expect(ProgressLine.duration(0.4) == "0s")
    #expect(ProgressLine.duration(42) == "42s")
    #expect(ProgressLine.duration(185) == "3m05s")
    #expect(ProgressLine.duration(3720) == "1h02m")
    #expect(ProgressLine.time(done: 5, total: 10, firstDone: 0, elapsed: 2) == "2s left")
    #expect(ProgressLine.time(done: 0, total: 10, firstDone: 0, elapsed: 0) == "")
    #expect(ProgressLine.time(done: 10, total: 10, firstDone: 0, elapsed: 12.2) == "12s")
}

@Test func progressRedrawsAtMostTenTimesASecondAndEndsWithANewline() {
    let term = FakeTerminal()
    let t = term.session.vm.figures.terminal
    for (time, done) in [(0.0, 0), (0.05, 1), (0.08, 2), (0.2, 3), (0.25, 4), (0.26, 5)] {
        term.time = time
        t.progress(done: done, total: 5, label: "e", text: "")
    }
    let draws = term.stderr.replacingOccurrences(of: "\u{1b}[K", with: "").components(separatedBy: "\r").filter { !$0.isEmpty }
    // Drawn at 0 (first), 0.2 (0.1 s after), and 0.26 (the last, always).
    #expect(draws.count == 3, "\(draws)")
    #expect(term.stderr.hasSuffix("\n"))
    #expect(draws.last!.hasPrefix("e ━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━"))
    #expect(!t.statusVisible)
    #expect(term.stdout.isEmpty, "the progress line never goes to print output")
}

@Test func printErasesTheProgressLineWhichComesBackBelow() {
    let term = FakeTerminal()
    #expect(term.run("progress(1, 4, label: \"a\")\nprint(\"hello\")\nprogress(2, 4, label: \"a\")") == .success)
    // The first draw, then the erase before "hello" (on stdout), then a fresh draw.
    #expect(term.stderr.hasPrefix("\ra ━━━━━━━"))
    #expect(term.stderr.contains("\r\u{1b}[K"))
    #expect(term.stderr.components(separatedBy: "\ra ").count - 1 == 2)
    #expect(term.stdout == "hello\n")
}

@Test func dumbTerminalsGetTheLineClearedWithSpaces() {
    let term = FakeTerminal(style: ProgressStyle(clearsLine: false))
    let t = term.session.vm.figures.terminal
    t.progress(done: 1, total: 3, label: "ab", text: "")
    term.time = 1
    t.progress(done: 2, total: 3, label: "ab", text: "")
    #expect(!term.stderr.contains("\u{1b}"))
    #expect(term.stderr.contains("\r" + String(repeating: " ", count: 33) + "\r"))
}

@Test func liveFramesRedrawInPlaceOnATerminal() throws {
    let term = FakeTerminal(liveInPlace: true)
    let source = """
        live_display(fn() {
          var losses = []
          for i in 1...3 {
            losses.append(1 / i)
            plot(losses, size: [24, 6], live: true)
            progress(i, 3, label: "epoch {i}/3")
          }
        })
        print("after")
        """
    #expect(term.run(source) == .success)
    // Each frame after the first starts by going up over the previous one (6 lines).
    #expect(term.stdout.components(separatedBy: "\u{1b}[6F\u{1b}[J").count - 1 == 2)
    #expect(term.stdout.hasSuffix("after\n"))
    try assertSnapshot("--- stdout\n" + term.stdout + "--- stderr\n" + term.stderr,
                       named: "live-frames-in-place", in: "InterpreterTests")
}

@Test func somethingPrintedBetweenFramesStartsTheNextFrameBelow() {
    let term = FakeTerminal(liveInPlace: true)
    let source = """
        live_display(fn() {
          plot([1, 2], size: [24, 6], live: true)
          print("note")
          plot([1, 2, 3], size: [24, 6], live: true)
        })
        """
    #expect(term.run(source) == .success)
    #expect(!term.stdout.contains("\u{1b}[6F"), "the second frame must not climb over the printed line")
    #expect(term.stdout.contains("note\n"))
}

@Test func offTheTerminalOnlyTheLastLiveFigureIsShownOnce() {
    var out = ""
    let s = Interpreter(output: { out += $0 })
    let source = """
        let r = live_display(fn() {
          for i in 1...5 {
            plot([5, 4, i], size: [24, 6], title: "frame {i}", live: true)
            progress(i, 5, label: "epoch {i}/5")
          }
          return 7
        })
        print(r)
        """
    #expect(s.run(source: source) == .success)
    #expect(!out.contains("frame 4"))
    #expect(out.components(separatedBy: "frame 5").count - 1 == 1)
    #expect(!out.contains("epoch"), "no progress text in print output")
    #expect(!out.contains("\u{1b}"), "no escape sequences in print output")
    #expect(out.hasSuffix("7\n"))
}

@Test func aListenerGetsTheLastLiveFigureOnce() {
    let s = Interpreter(output: { _ in })
    var titles: [String] = []
    s.onFigure = { titles.append($0.title) }
    let source = """
        live_display(fn() { for i in 1...3 { plot([1, i], title: "f{i}", live: true) } })
        plot([1, 2], title: "after")
        """
    #expect(s.run(source: source) == .success)
    #expect(titles == ["f3", "after"])
}

@Test func anErrorInsideTheLiveDisplayStillEndsTheProgressLine() {
    let term = FakeTerminal(liveInPlace: true)
    let source = """
        live_display(fn() {
          progress(1, 10, label: "epoch 1/10")
          let bad = [1, 2] @ [1, 2, 3]
        })
        """
    #expect(term.run(source) == .runtimeError)
    #expect(term.stderr.hasSuffix("\n"), "the line is finished before the error is reported")
    #expect(!term.session.vm.figures.terminal.statusVisible)
    // The next bar starts fresh.
    #expect(term.run("progress(1, 2)") == .success)
}

@Test func progressChecksItsArguments() {
    let r = runCajal("progress(5, 3)")
    #expect(r.outcome == .runtimeError)
    #expect(r.errors.contains { $0.contains("bad argument #1 to 'progress' (step between 0 and total (3) expected, got 5)") })
    let z = runCajal("progress(0, 0)")
    #expect(z.errors.contains { $0.contains("bad argument #2 to 'progress' (total of at least 1 step expected, got 0)") })
}

@Test func endingTheLiveDisplayAfterARunShowsALooseLiveFigureOnce() {
    var out = ""
    let s = Interpreter(output: { out += $0 })
    // The run ends its live display: the last frame is shown when the program ends.
    #expect(s.run(source: "for i in 1...3 { plot([1, i], title: \"loose {i}\", size: [24, 6], live: true) }") == .success)
    #expect(out.components(separatedBy: "loose").count - 1 == 1 && out.contains("loose 3"))
    s.endLiveDisplay()
    #expect(out.components(separatedBy: "loose").count - 1 == 1, "shown once")
    // The same for a cell (evaluate), and for a run that fails: the figure before the error.
    out = ""
    #expect(s.evaluate("plot([1, 2], title: \"cell\", size: [24, 6], live: true)").outcome == .success)
    #expect(out.components(separatedBy: "cell").count - 1 == 1)
    var order: [String] = []
    s.onDiagnostic = { _ in order.append("error") }
    s.output = { text in if text.contains("failing") { order.append("figure") } }
    #expect(s.run(source: "plot([1, 2], title: \"failing\", size: [24, 6], live: true)\nlet bad = [1, 2] @ [1, 2, 3]") == .runtimeError)
    #expect(order == ["figure", "error"])
}

@Test func aNewRunsFirstFrameDoesNotClimbOverWhatCameBetween() {
    let term = FakeTerminal(liveInPlace: true)
    #expect(term.run("plot([1, 2], size: [24, 6], live: true)") == .success)
    term.session.endLiveDisplay()
    #expect(term.run("plot([1, 3], size: [24, 6], live: true)") == .success)
    #expect(!term.stdout.contains("\u{1b}[6F"))
}

@Test func theProgressLineStaysOneLine() {
    let s = ProgressLine.render(done: 1, total: 2, label: "a\nb", text: "c\td\u{1b}[31m", time: "", columns: 80,
                                style: ProgressStyle())
    #expect(!s.contains("\n") && !s.contains("\t") && !s.contains("\u{1b}"))
}

@Test func aSessionWithProgressTurnedOffDrawsNoProgressLine() {
    // What the grader's sessions do: a submission's `fit` or `progress` must not draw on the terminal.
    let term = FakeTerminal()
    term.session.showsProgress = false
    #expect(term.run("for i in 1...3 { progress(i, 3, label: \"epoch {i}/3\") }\nprint(\"done\")") == .success)
    #expect(term.stderr.isEmpty)
    #expect(term.stdout == "done\n")
}
