// Live plots: each frame moves the cursor up over the last one and clears; nothing is
// drawn frame by frame when standard output is not a terminal.
import Testing
@testable import Plot

@Suite struct LiveTests {
    func figure(_ losses: [Double]) throws -> Figure {
        Figure(.lines([try Series("loss", y: losses)]), title: "loss", terminalSize: TerminalSize(columns: 40, rows: 10))
    }

    @Test func framesReplaceThePreviousDrawingOnATerminal() throws {
        var live = LivePlot(isTTY: true)
        let first = live.frame(try figure([3, 2]))
        #expect(first.hasPrefix("\u{1b}[J"))
        #expect(live.height == 10)
        let second = live.frame(try figure([3, 2, 1]))
        #expect(second.hasPrefix("\u{1b}[10F\u{1b}[J"))
        #expect(second.hasSuffix("\n"))
        #expect(live.finish(try figure([3, 2, 1])) == "")
    }

    @Test func aNoteTakesACanvasRowSoTheHeightStays() throws {
        var live = LivePlot(isTTY: true)
        _ = live.frame(try figure([3, 2]))
        let text = live.frame(try figure([3, 2, .nan]))
        #expect(text.contains("note: 1 non-finite point skipped"))
        #expect(live.height == 10)
    }

    @Test func nothingIsRedrawnWhenNotATerminal() throws {
        var live = LivePlot(isTTY: false)
        #expect(live.frame(try figure([3, 2])) == "")
        let final = live.finish(try figure([3, 2, 1]))
        #expect(final == (try figure([3, 2, 1])).terminal() + "\n")
    }

    @Test func lineFiguresFillExactlyTheirRows() throws {
        for rows in [6, 10, 24, 40] {
            let f = Figure(.lines([try Series("a", y: [1.0, 2])]), title: "t", xLabel: "x",
                           terminalSize: TerminalSize(columns: 50, rows: rows))
            #expect(f.terminal().split(separator: "\n", omittingEmptySubsequences: false).count == rows)
        }
    }
}
