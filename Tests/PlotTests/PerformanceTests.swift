// Speed budget: an 80 × 24 terminal plot of 10,000 points renders well under 50 ms of CPU even
// in a debug build. The thread's CPU time is measured, not the wall clock, so a loaded machine
// does not fail the test (the median of 5 runs is checked).
import Foundation
import Testing
@testable import Plot

@Suite struct PerformanceTests {
    /// The median CPU time of this thread in `body`, in milliseconds.
    func medianMilliseconds(_ runs: Int = 5, _ body: () -> Void) -> Double {
        var times: [Double] = []
        for _ in 0..<runs {
            var start = timespec(), end = timespec()
            clock_gettime(CLOCK_THREAD_CPUTIME_ID, &start)
            body()
            clock_gettime(CLOCK_THREAD_CPUTIME_ID, &end)
            times.append(Double(end.tv_sec - start.tv_sec) * 1e3 + Double(end.tv_nsec - start.tv_nsec) / 1e6)
        }
        return times.sorted()[runs / 2]
    }

    @Test func tenThousandPointsRenderIn80x24WellUnder50ms() throws {
        let y: [Double] = (0..<10_000).map { (i: Int) -> Double in
            let t = Double(i)
            return 2 * exp(-t / 2000) + 0.1 * sin(t / 7)
        }
        let figure = Figure(.lines([try Series("loss", y: y)]), title: "loss", xLabel: "step",
                            terminalSize: TerminalSize(columns: 80, rows: 24))
        var text = ""
        let ms = medianMilliseconds { text = figure.terminal(TerminalOptions(colorMode: .truecolor)) }
        print("terminal 80x24, 10,000 points, truecolor: \(NumberFormat.fixed(ms, 2)) ms of CPU (median of 5)")
        #expect(text.split(separator: "\n").count == 24)
        #expect(ms < 50)
        let scatter = Figure(.scatter(try Scatter(x: y, y: Array(y.reversed()), labels: (0..<10_000).map { $0 % 3 })),
                             terminalSize: TerminalSize(columns: 80, rows: 24))
        let scatterMs = medianMilliseconds { _ = scatter.terminal(TerminalOptions(colorMode: .ansi256)) }
        print("terminal 80x24, 10,000 scatter points, 256 colours: \(NumberFormat.fixed(scatterMs, 2)) ms of CPU")
        #expect(scatterMs < 50)
    }
}
