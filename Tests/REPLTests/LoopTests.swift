// LoopTests: the read–run–show loop over a scripted engine: cells, continuation lines,
// commands, Ctrl-C and Ctrl-D, and the exit status of a piped session.
import Testing
import TestSupport
@testable import REPL

@MainActor
struct LoopTests {
    @Test func pipedSessionShowsValuesOnStdoutAndErrorsOnStderrThenExits70() throws {
        let (loop, engine, output) = makeLoop()
        let lines = ScriptedLines(["1 + 2", "x", "fn f(v) {", "  v", "}", "", "nothing", "boom", "let n = 1", ":vars"].map { .line($0) })
        let status = loop.run(lines)
        let (out, err) = output()
        try assertSnapshot("status: \(status)\n--- stdout\n\(out)--- stderr\n\(err)", named: "piped-session", in: "REPLTests")
        #expect(engine.calls.first == "run <cell 1>: 1 + 2")
        #expect(engine.calls.contains("run <cell 3>: fn f(v) {\n  v\n}"))
    }

    @Test(arguments: [
        (["1"], 0), (["x"], 65), (["boom", "x"], 70), ([":nope"], 64), ([":nope", "x"], 65),
    ] as [([String], Int32)])
    func pipedExitStatusIsTheWorstFailure(cells: [String], expected: Int32) {
        let (loop, _, _) = makeLoop()
        #expect(loop.run(ScriptedLines(cells.map { .line($0) })) == expected)
    }

    @Test func terminalSessionExitsZeroEvenAfterErrors() {
        let (loop, _, _) = makeLoop(interactive: true)
        #expect(loop.run(ScriptedLines([.line("boom"), .line("x"), .eof])) == 0)
    }

    @Test func openBracketsAskForMoreWithTheContinuationPrompt() {
        let (loop, engine, _) = makeLoop(interactive: true)
        let lines = ScriptedLines([.line("[1,"), .line(" 2"), .line("]"), .line("3")])
        _ = loop.run(lines)
        #expect(lines.prompts == ["cajal> ", "  ...> ", "  ...> ", "cajal> ", "cajal> "])
        #expect(engine.calls == ["run <cell 1>: [1,\n 2\n]", "run <cell 2>: 3"])
        #expect(lines.remembered == ["[1,\n 2\n]", "3"])
    }

    @Test func ctrlCInAContinuationLineDropsTheWholeCell() {
        let (loop, engine, _) = makeLoop(interactive: true)
        _ = loop.run(ScriptedLines([.line("fn f() {"), .interrupted, .line("2")]))
        #expect(engine.calls == ["run <cell 1>: 2"])
    }

    @Test func twoBlankLinesSubmitAnOpenCellSoTheErrorShows() {
        let (loop, engine, _) = makeLoop()
        _ = loop.run(ScriptedLines([.line("(1 +"), .line(""), .line("")]))
        #expect(engine.calls == ["run <cell 1>: (1 +\n\n"])
    }

    @Test func endOfInputInsideACellRunsWhatIsThere() {
        let (loop, engine, _) = makeLoop()
        #expect(loop.run(ScriptedLines([.line("[1, 2")])) == 0)
        #expect(engine.calls == ["run <cell 1>: [1, 2"])
    }

    @Test func aStrayCloserRunsAtOnce() {
        let (loop, engine, _) = makeLoop()
        _ = loop.run(ScriptedLines([.line("}"), .line("1")]))
        #expect(engine.calls == ["run <cell 1>: }", "run <cell 2>: 1"])
    }

    @Test func quitStopsReadingAndBlankLinesAreSkipped() {
        let (loop, engine, _) = makeLoop()
        let lines = ScriptedLines([.line(""), .line("1"), .line("  :q"), .line("2")])
        #expect(loop.run(lines) == 0)
        #expect(engine.calls == ["run <cell 1>: 1"])
        #expect(lines.reads == [.line("2")])
    }

    @Test func interruptedComputationKeepsTheSessionGoing() {
        let (loop, engine, output) = makeLoop(interactive: true)
        _ = loop.run(ScriptedLines([.line("spin"), .line("1")]))
        #expect(engine.calls == ["run <cell 1>: spin", "run <cell 2>: 1"])
        #expect(output().err == "\ninterrupted: computation abandoned; your variables are kept\n")
        #expect(output().out == "value of 1\n")
    }

    @Test func commandsReachTheEngineWithTheirArguments() {
        let (loop, engine, output) = makeLoop()
        let commands = [":seed 7", ":reset", ":load \"net.cajal\"", ":type A @ B", ":shape  A ", ":gradcheck f [1, 2]",
                        ":gradcheck fn(v) = sum(v * v) [1, 2]", ":graph y"]
        _ = loop.run(ScriptedLines(commands.map { .line($0) }))
        #expect(engine.calls == ["seed 7", "reset", "load net.cajal", "inspect type A @ B", "inspect shape A",
                                 "gradcheck f | [1, 2]", "gradcheck fn(v) = sum(v * v) | [1, 2]", "inspect graph y"])
        #expect(output().err == "")
    }

    @Test func badCommandArgumentsSayWhatIsExpected() throws {
        let (loop, engine, output) = makeLoop()
        let status = loop.run(ScriptedLines([":seed -1", ":type", ":load", ":gradcheck f", ":time", ":hepl", ":s", ":source"].map { .line($0) }))
        #expect(engine.calls.isEmpty)
        #expect(status == 64)
        try assertSnapshot(output().err, named: "command-errors", in: "REPLTests")
    }

    @Test func timeShowsTheValueAndADuration() {
        let (loop, engine, output) = makeLoop()
        _ = loop.run(ScriptedLines([.line(":time 1 + 2")]))
        #expect(engine.calls == ["run <time>: 1 + 2"])
        let lines = output().out.split(separator: "\n")
        #expect(lines.first == "value of 1 + 2")
        #expect(lines.count == 2 && lines[1].hasPrefix("time: ") && (lines[1].hasSuffix(" µs") || lines[1].hasSuffix(" ms")))
    }
}
