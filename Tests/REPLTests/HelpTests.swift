// HelpTests: `:help`, `:help name`, `:vars` and `:source` as the learner reads them.
import Foundation
import Testing
import TestSupport
@testable import REPL

@MainActor
struct HelpTests {
    func transcript(_ lines: [String]) -> (out: String, err: String) {
        let (loop, _, output) = makeLoop()
        _ = loop.run(ScriptedLines(lines.map { .line($0) }))
        return output()
    }

    @Test func helpListsCommandsBuiltinsPreludeAndKeys() throws {
        try assertSnapshot(transcript([":help"]).out, named: "help-overview", in: "REPLTests")
    }

    @Test func helpOnANameShowsSignatureDocAndExample() throws {
        let t = transcript([":help softmax", ":help Dense", ":help :time", ":help time", ":help while", ":help sofmax"])
        try assertSnapshot(t.out + "--- stderr\n" + t.err, named: "help-names", in: "REPLTests")
    }

    @Test func helpOnLetSaysItFixesTheNameNotTheContents() {
        let t = transcript([":help let", ":help var"])
        let text = t.out.replacingOccurrences(of: "\n", with: " ")   // wrapped to the terminal's width
        #expect(text.hasPrefix("'let' is a keyword of the language: `let x = ...` fixes what the name x refers to"), "\(t.out)")
        #expect(text.contains("It fixes the name, not the contents"), "\(t.out)")
        #expect(!text.contains("will not change"))
        #expect(text.contains("'var' is a keyword of the language: `var x = ...` declares a variable you can assign again"), "\(t.out)")
    }

    @Test func varsListsNamesTypesAndSummaries() {
        #expect(transcript([":vars"]).out == "no variables yet: try `let x = 2`\n")
        #expect(transcript(["let rate = 1", "let n = 1", ":vars"]).out == "rate  number  1\nn     number  1\n")
    }

    @Test func sourceShowsPreludeCodeAndExplainsBuiltins() {
        let t = transcript([":source Dense", ":source print", ":source Dnese"])
        #expect(t.out == "fn Dense(inputs, outputs) {\n  return {}\n}\n")
        #expect(t.err == """
            error: 'print' is a builtin written in Swift, so it has no Cajal source
            hint: :help print describes it
            error: no prelude function named 'Dnese'
            hint: did you mean 'Dense'?

            """)
    }

    @Test func bannerSaysHowToGetHelpAndStartLessonOne() {
        let (loop, _, _) = makeLoop(interactive: true)
        let banner = loop.banner()
        #expect(banner.contains(":help"))
        #expect(banner.contains("cajal lesson 1"))
        #expect(banner.contains("Ctrl-D"))
    }
}
