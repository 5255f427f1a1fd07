// TerminalTests: `cajal` in a real terminal (tmux): the banner, completion, history across
// sessions, multi-line input, Ctrl-C during a loop and at the prompt, Ctrl-D. Skipped, with a
// message, when tmux or the binary is missing.
import Foundation
import Testing
import TestSupport

@Suite(.serialized, .enabled(if: OutsideTools.runs(Tmux.available), "tmux is not installed"),
       .enabled(if: CajalBinary.isBuilt, "the cajal binary is not in the build products directory"))
struct TerminalTests {
    let historyPath = FileManager.default.temporaryDirectory
        .appendingPathComponent("cajal-tmux-history-\(getpid())-\(UUID().uuidString)").path

    func start() throws -> Tmux {
        let t = try Tmux(environment: ["CAJAL_HISTORY": historyPath])
        try t.waitFor("cajal> ")
        return t
    }

    @Test func bannerSaysHowToGetHelpThenPrompts() throws {
        let t = try start()
        let screen = try t.screen()
        #expect(screen.contains(":help"))
        #expect(screen.contains("cajal lesson 1"))
        #expect(screen.hasSuffix("cajal>"))
    }

    @Test func tabCompletesBuiltinsCommandsAndFields() throws {
        let t = try start()
        try t.type("pri")
        try t.keys("Tab")
        try t.waitFor("cajal> print")
        try t.type("(\"ok\")")
        try t.keys("Enter")
        try t.waitFor("\nok")
        try t.type(":hel")
        try t.keys("Tab")
        try t.waitFor("cajal> :help")
        try t.keys("C-u")
        try t.type("let settings = {alpha: 1, beta: 2}")
        try t.keys("Enter")
        try t.waitFor("cajal>", count: 3)  // type only at a fresh prompt, as a person does
        try t.type("settings.al")
        try t.keys("Tab")
        try t.waitFor("cajal> settings.alpha")
        try t.keys("Enter")
        try t.waitFor("\n1\n")
    }

    @Test func historyComesBackInTheNextSession() throws {
        do {
            let t = try start()
            try t.type("let remembered = 41")
            try t.keys("Enter")
            try t.waitFor("cajal>", count: 2)
            try t.type("remembered + 1")
            try t.keys("Enter")
            try t.waitFor("\n42")
            try t.waitFor("cajal>", count: 3)
            try t.keys("C-d")
            try t.waitFor("EXITED 0")
        }
        let t = try start()
        try t.keys("Up", "Up")
        try t.waitFor("cajal> let remembered = 41")
        try t.keys("Enter", "Up", "Up")
        try t.waitFor("cajal> remembered + 1")
        try t.keys("Enter")
        try t.waitFor("\n42\n", count: 1)
        let saved = try String(contentsOfFile: historyPath, encoding: .utf8)
        #expect(saved.hasPrefix("let remembered = 41\nremembered + 1\n"))
    }

    @Test func openBlocksContinueOnTheNextLine() throws {
        let t = try start()
        try t.type("fn square(v) {")
        try t.keys("Enter")
        try t.waitFor("  ...> ")
        try t.type("return v * v")
        try t.keys("Enter")
        try t.type("}")
        try t.keys("Enter")
        try t.type("square(7)")
        try t.keys("Enter")
        try t.waitFor("\n49")
    }

    @Test func ctrlCStopsAnEndlessLoopAndKeepsTheSession() throws {
        let t = try start()
        try t.type("var kept = 5")
        try t.keys("Enter")
        try t.waitFor("cajal>", count: 2)
        try t.type("while true { }")
        try t.keys("Enter")
        try t.waitFor("cajal> while true { }")
        // A Ctrl-C that lands before the cell starts is dropped as stale; press again until the
        // loop reports it (at most three presses, the third would end the process).
        var stopped = false
        for _ in 0..<2 where !stopped {
            usleep(300_000)
            try t.keys("C-c")
            stopped = (try? t.waitFor("interrupted", timeout: 4)) != nil
        }
        #expect(stopped)
        try t.waitFor("cajal>", count: 3)
        try t.type("kept * 2")
        try t.keys("Enter")
        try t.waitFor("\n10")
    }

    @Test func ctrlCAtThePromptClearsTheLine() throws {
        let t = try start()
        try t.type("half typed")
        try t.waitFor("cajal> half typed")
        try t.keys("C-c")
        try t.waitFor("cajal> ", count: 2)
        try t.type("3 * 3")
        try t.keys("Enter")
        let screen = try t.waitFor("\n9")
        #expect(!screen.contains("error"))
    }

    @Test func ctrlDOnAnEmptyLineExitsWithStatusZero() throws {
        let t = try start()
        try t.type("1 / 0")
        try t.keys("Enter")
        try t.waitFor("error")
        try t.waitFor("cajal>", count: 2)
        try t.keys("C-d")
        try t.waitFor("EXITED 0")
    }

    @Test func aPastedBlockRunsAsOneCell() throws {
        let t = try start()
        // tmux's paste-buffer sends bracketed-paste markers when the application asked for them.
        try t.paste("fn cube(v) {\n  return v * v * v\n}\ncube(3)\n")
        try t.keys("Enter")
        try t.waitFor("\n27")
    }
}
