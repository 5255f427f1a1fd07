// Cell by cell: keys from a script of lines, prose rendered, code shown before it runs,
// the REPL hand-off on the lesson's live session, quitting with progress saved, the listing.
import Foundation
import Interpreter
import Testing
import TestSupport
@testable import Notebook

/// Keys from a fixed list of lines, then the end of input.
func scriptedKeys(_ lines: [String]) -> LineKeys {
    var queue = lines[...]
    return LineKeys(readLine: { queue.popFirst() })
}

let playerLesson = """
    # cajal: seed=0
    # %% [markdown]
    # # Two cells
    #
    # The first makes **x**.
    # %%
    let x = [1, 2, 3]
    print(sum(x))
    #> 6
    # %%
    plot(x * 2, title: "doubled", size: [20, 6])
    #> [plot: doubled]
    """

@Suite struct LessonPlayerTests {
    func player(progress: String, openREPL: ((Interpreter) -> Void)?) throws -> (LessonPlayer, () -> String) {
        final class Box { var text = "" }
        let box = Box()
        let player = LessonPlayer(lesson: try Lesson.parse(playerLesson), slug: "01-demo", fileName: "01-demo/lesson.cajal",
                                  style: TerminalStyle(width: 60, color: false), figureOptions: .init(),
                                  write: { box.text += $0 }, openREPL: openREPL, progress: ProgressFile(path: progress))
        return (player, { box.text })
    }

    @Test func enterRunsEachCellAndTheLessonEnds() throws {
        let progress = temporaryFile("progress")
        var (p, output) = try player(progress: progress, openREPL: nil)
        var keys = scriptedKeys(["", ""])
        #expect(p.play(keys: &keys) == 0)
        let text = output()
        #expect(text.hasPrefix("Two cells\n═════════\n\nThe first makes x.\n\n"))
        #expect(text.contains("In [1]\n│ let x = [1, 2, 3]\n│ print(sum(x))\n[1/2] Enter: run · s: skip · b: back · g: section · r: REPL · ?: help · q: quit\n6\n"))
        #expect(text.contains("       doubled"), "the figure is drawn inline")
        #expect(text.hasSuffix("end of the lesson — 2 code cells run\n[end] Enter: leave · b: back · g: section · r: REPL · ?: help\n"))
        #expect(try String(contentsOfFile: progress, encoding: .utf8).contains("\n01-demo 2/2 done\n"))
    }

    @Test func replSeesTheLessonsVariablesAndTheLessonGoesOn() throws {
        var seen: [String] = []
        var (p, output) = try player(progress: temporaryFile("progress")) { interpreter in
            // What the REPL does with the session: evaluate cells in it.
            seen.append(interpreter.evaluate("x * 10").display ?? "nil")
            _ = interpreter.evaluate("print(\"from the repl\")")
        }
        var keys = scriptedKeys(["", "r", ""])
        #expect(p.play(keys: &keys) == 0)
        #expect(seen == ["[10, 20, 30]"])
        let text = output()
        // Back from the REPL, the current cell is shown again above its key bar.
        #expect(text.contains("from the repl\nback in the lesson\nIn [2]\n│ plot(x * 2"))
        #expect(text.contains("end of the lesson"))
    }

    @Test func quitSavesProgress() throws {
        let progress = temporaryFile("progress")
        var (p, output) = try player(progress: progress, openREPL: nil)
        var keys = scriptedKeys(["", "q"])
        #expect(p.play(keys: &keys) == 0)
        #expect(output().contains("progress saved: 1 of 2 cells"))
        #expect(!output().contains("┌"), "the plot cell did not run")
        #expect(try String(contentsOfFile: progress, encoding: .utf8).hasSuffix("\n01-demo 1/2\n"))
    }

    @Test func resumingRunsEarlierCellsQuietlyWithTheirVariables() throws {
        var (p, output) = try player(progress: temporaryFile("progress"), openREPL: nil)
        var keys = scriptedKeys([""])
        #expect(p.play(keys: &keys, resumeAfter: 1) == 0)
        let text = output()
        #expect(text.hasPrefix("resuming at cell 2 of 2: the first 1 ran again quietly (cajal lesson 01-demo --restart starts over)\n\nIn [2]\n"))
        #expect(!text.contains("Two cells"), "prose before the resume point is not shown again")
        #expect(!text.contains("6\n"), "output of the quiet cell is not shown")
        #expect(text.contains("       doubled"), "x from the quiet cell is defined")
    }

    @Test func endOfPipedInputRunsTheRest() throws {
        var (p, output) = try player(progress: temporaryFile("progress"), openREPL: nil)
        var keys = scriptedKeys([])
        #expect(p.play(keys: &keys) == 0)
        // The first prompt is shown before the end of input is known; no prompt after it.
        #expect(output().components(separatedBy: "Enter: run").count == 2)
        #expect(output().contains("6\n"))
    }

    func player(_ source: String, progress: String, openREPL: ((Interpreter) -> Void)? = nil) throws -> (LessonPlayer, () -> String) {
        final class Box { var text = "" }
        let box = Box()
        let player = LessonPlayer(lesson: try Lesson.parse(source), slug: "01-demo", fileName: "01-demo/lesson.cajal",
                                  style: TerminalStyle(width: 60, color: false), figureOptions: .init(),
                                  write: { box.text += $0 }, openREPL: openREPL, progress: ProgressFile(path: progress))
        return (player, { box.text })
    }

    static let sectioned = """
        # cajal: seed=0
        # %% [markdown]
        # # Sections
        # ## First part
        # %%
        var n = 1
        print("one {n}")
        # %%
        n = n + 1
        print("two {n}")
        # %% [markdown]
        # ## Second part
        # %%
        print("three {n}")
        """

    @Test func aFailingCellStaysToRunAgainOrSkipAndTheLessonIsNotDone() throws {
        let progress = temporaryFile("progress")
        var (p, output) = try player("""
            # cajal: seed=0
            # %%
            let x = 1
            # %%
            print(x + missing_name)
            """, progress: progress)
        var keys = scriptedKeys(["", "", "", "s"])
        #expect(p.play(keys: &keys) == 0)
        let text = output()
        // The failing cell is offered again (twice it failed), then skipped.
        #expect(text.components(separatedBy: "cell 2 failed: Enter runs it again, s skips it").count == 3, "\(text)")
        #expect(text.contains("[2/2] Enter: run again · s: skip"))
        #expect(text.contains("skipped cell 2"))
        #expect(text.contains("end of the lesson — 1 of 2 code cells ran cleanly; not yet: 2"))
        #expect(try String(contentsOfFile: progress, encoding: .utf8).hasSuffix("\n01-demo 2/2\n"), "not 'done'")
    }

    @Test func backSkipSectionsAndHelpGetAround() throws {
        let progress = temporaryFile("progress")
        var (p, output) = try player(Self.sectioned, progress: progress)
        // help, run 1, run 2, back, run 2 again, jump to section 1, skip 1, then the rest.
        var keys = scriptedKeys(["?", "", "", "b", "", "g 1", "s", "", "", ""])
        #expect(p.play(keys: &keys) == 0)
        let text = output()
        #expect(text.contains("b       back to the previous cell"), "help")
        #expect(text.contains("one 1\n"))
        #expect(text.contains("two 2\n") && text.contains("two 3\n"), "cell 2 ran twice (back):\n\(text)")
        #expect(text.contains("sections:\n  1. First part (cell 1)\n  2. Second part (cell 3)\n"))
        #expect(text.contains("skipped cell 1\n"))
        #expect(text.contains("two 4\n") && text.contains("three 4\n"))
        #expect(text.contains("end of the lesson — 3 code cells run\n"), "every cell ran cleanly at least once:\n\(text)")
        #expect(try String(contentsOfFile: progress, encoding: .utf8).hasSuffix("\n01-demo 3/3 done\n"))
    }

    @Test func theEndOffersTheREPLAndBack() throws {
        var visits = 0
        var (p, output) = try player(Self.sectioned, progress: temporaryFile("progress")) { _ in visits += 1 }
        var keys = scriptedKeys(["", "", "", "r", "b", "q"])
        #expect(p.play(keys: &keys) == 0)
        #expect(visits == 1)
        let text = output()
        #expect(text.contains("back in the lesson\nend of the lesson — 3 code cells run\n[end] Enter: leave"))
        #expect(text.hasSuffix("In [3]\n│ print(\"three {n}\")\n[3/3] Enter: run · s: skip · b: back · g: section · r: REPL · ?: help · q: quit\n"
                                + "progress saved: 2 of 3 cells; run 'cajal lesson 01-demo' to come back\n"))
    }

    @Test func aRunningCellSaysSoUntilItPrints() throws {
        var (p, output) = try player(Self.sectioned, progress: temporaryFile("progress"))
        p.showsRunning = true
        var keys = scriptedKeys(["", "q"])
        _ = p.play(keys: &keys)
        #expect(output().contains("running cell 1… Ctrl-C stops it\r\u{1B}[Kone 1\n"))
    }

    @Test func theTitleIsShownAgainWhenTheFirstScreenIsTallerThanTheWindow() throws {
        var (short, shortOutput) = try player(Self.sectioned, progress: temporaryFile("progress"))
        short.windowRows = 40
        var keys = scriptedKeys(["q"])
        _ = short.play(keys: &keys)
        #expect(!shortOutput().contains("lesson: Sections"))
        var (tall, tallOutput) = try player(Self.sectioned, progress: temporaryFile("progress"))
        tall.windowRows = 6
        keys = scriptedKeys(["q"])
        _ = tall.play(keys: &keys)
        #expect(tallOutput().contains("print(\"one {n}\")\nlesson: Sections\n[1/3] Enter: run"))
    }

    @Test func theSessionCapturesFiguresAsItems() throws {
        let lesson = try Lesson.parse(playerLesson)
        let session = LessonSession(seed: 0, fileName: "demo")
        _ = session.run(lesson.codeCells[0])
        let run = session.run(lesson.codeCells[1])
        guard case .figure(let f)? = run.items.first else { Issue.record("no figure: \(run.items)"); return }
        #expect(f.title == "doubled")
        #expect(run.checkedLines == ["[plot: doubled]"])
    }

    @Test func listingShowsTitlesAndProgress() throws {
        let lesson = try temporaryLesson(playerLesson)
        let root = URL(fileURLWithPath: lesson).deletingLastPathComponent().deletingLastPathComponent().path
        let progressPath = temporaryFile("progress")
        var progress = ProgressFile(path: progressPath)
        try progress.update("01-demo", LessonProgress(done: 1, total: 2, finished: false))
        let catalog = LessonCatalog(root: root)
        #expect(catalog.find("1")?.slug == "01-demo")
        #expect(catalog.find("demo")?.slug == "01-demo")
        #expect(catalog.find("2") == nil)
        let listing = catalog.listing(progress: ProgressFile(path: progressPath))
        #expect(listing.contains("   1  01-demo  1/2 cells  Two cells\n"))
    }

    @Test func theRepositorysListingKeepsItsColumns() throws {
        let catalog = LessonCatalog(root: repositoryRoot.appendingPathComponent("lessons").path)
        var progress = ProgressFile(path: temporaryFile("progress"))
        try progress.update("04-backprop", LessonProgress(done: 3, total: 12, finished: false))
        let rows = catalog.listing(progress: progress).split(separator: "\n").filter { $0.hasPrefix("   ") || $0.hasPrefix("  1") }
        #expect(rows.count >= 10)
        // Every row's progress starts in the same column, whatever the title's length.
        let columns = Set(rows.map { row in row.range(of: "not started").map { row.distance(from: row.startIndex, to: $0.lowerBound) } ?? row.range(of: "3/12 cells").map { row.distance(from: row.startIndex, to: $0.lowerBound) } ?? -1 })
        #expect(columns.count == 1 && !columns.contains(-1), "\(rows)")
    }

    @Test func aDamagedProgressFileLoadsWhatItCan() throws {
        let path = temporaryFile("progress")
        try "junk\n01-a 3/4\n02-b x/y\n03-c 5/5 done\n".write(toFile: path, atomically: true, encoding: .utf8)
        let p = ProgressFile(path: path)
        #expect(p.lessons == ["01-a": LessonProgress(done: 3, total: 4, finished: false),
                              "03-c": LessonProgress(done: 5, total: 5, finished: true)])
    }
}
