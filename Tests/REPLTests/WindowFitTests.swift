// WindowFitTests: the REPL's own text on the real interpreter, as a learner on an 80×35 (or
// other) window reads it: `:help` fits the screen, `:help NAME` wraps between words, `:vars`
// previews use the window's width, `:gradcheck` shows its report, Tab after a tensor's `.`
// offers its properties and methods, not every global.
import Diagnostics
import Testing
@testable import REPL

@MainActor
struct WindowFitTests {
    func transcript(_ lines: [String], columns: Int = 80) -> (out: String, err: String) {
        final class Box { var out = "", err = "" }
        let box = Box()
        let console = Console(outColor: ColorPolicy(enabled: false), errColor: ColorPolicy(enabled: false),
                              writeOut: { box.out += $0 }, writeErr: { box.err += $0 }, columns: { columns })
        let loop = REPLLoop(engine: InterpreterEngine(writeOut: { box.out += $0 }), console: console, interactive: false)
        _ = loop.run(ScriptedLines(lines.map { .line($0) }))
        return (box.out, box.err)
    }

    @Test func helpFitsAThirtyFiveRowScreenAndListsATopic() {
        let lines = transcript([":help"]).out.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        #expect(lines.count <= 35, "\(lines.count) lines:\n\(lines.joined(separator: "\n"))")
        #expect(lines.allSatisfy { $0.count <= 80 }, "\(lines.filter { $0.count > 80 })")
        #expect(lines.contains { $0.hasPrefix("  tensor ") }, "one line per topic")
        let math = transcript([":help math"]).out
        #expect(math.hasPrefix("math (:help NAME for the signature and an example)\n"))
        #expect(math.contains("\n  exp "), "\(math)")
        #expect(!math.contains("\n  print "))
        // The builtin `tensor` shares its name with its topic: both are shown.
        let tensor = transcript([":help tensor"]).out
        #expect(tensor.hasPrefix("tensor(xs)\n"))
        #expect(tensor.contains("\n\ntensor (:help NAME for the signature and an example)\n"))
        #expect(tensor.contains("\n  reshape "), "\(tensor)")
    }

    @Test func helpOnANameWrapsBetweenWords() throws {
        let doc = try #require(InterpreterEngine(writeOut: { _ in }).helpEntries().first { $0.name == "plot" }).doc
        #expect(doc.count > 50)
        let out = transcript([":help plot"], columns: 50).out
        let docLines = out.split(separator: "\n").dropFirst().prefix { !$0.hasPrefix("  example:") }
        #expect(docLines.allSatisfy { $0.count <= 50 && $0.hasPrefix("  ") }, "\(docLines)")
        #expect(docLines.map { $0.dropFirst(2) }.joined(separator: " ") == doc, "the words are whole:\n\(out)")
    }

    @Test func varsPreviewsUseTheWindowsWidth() {
        let long = "let v = \"" + (1...60).map(String.init).joined(separator: " ") + "\""
        let wide = transcript([long, ":vars"], columns: 160).out
        let narrow = transcript([long, ":vars"], columns: 60).out
        let wideLine = wide.split(separator: "\n").last { $0.hasPrefix("v ") }!, narrowLine = narrow.split(separator: "\n").last { $0.hasPrefix("v ") }!
        #expect(wideLine.count > 100 && wideLine.count <= 160, "\(wideLine)")
        #expect(narrowLine.count <= 60 && narrowLine.hasSuffix("…"), "\(narrowLine)")
    }

    @Test func gradcheckShowsItsReportNotTheRecord() {
        let t = transcript([":gradcheck fn(v) = sum(relu(v)) [0, 1]", ":gradcheck fn(v) = sum(v * v) [1, 2]"])
        #expect(t.out.hasPrefix("gradcheck FAILED: 2 elements"), "\(t.out)\n\(t.err)")
        #expect(t.out.contains("\n  input "), "one failing element per line")
        #expect(t.out.contains("\ngradcheck passed: 2 elements"))
        #expect(!t.out.contains("\\n") && !t.out.contains("{"), "no raw record:\n\(t.out)")
    }

    @Test func tabAfterATensorsDotOffersItsPropertiesAndMethods() {
        let engine = InterpreterEngine(writeOut: { _ in })
        _ = engine.run("let A = [[1, 2], [3, 4]]\nlet r = {rate: 1, steps: 2}", name: "<cell 1>")
        let completer = Completer(engine: engine, commands: REPLLoop.commandNames)
        let offered = completer.candidates(word: "A.", before: "")
        for name in ["A.shape", "A.size", "A.T", "A.reshape", "A.sum", "A.mean", "A.exp"] {
            #expect(offered.contains(name), "\(name) in \(offered)")
        }
        for name in ["A.print", "A.load_csv", "A.plot", "A.Dense", "A.r"] {
            #expect(!offered.contains(name), "\(name) is no method of a tensor")
        }
        #expect(offered.count < 60, "\(offered.count) offered")
        #expect(completer.candidates(word: "r.", before: "") == ["r.rate", "r.steps"])
    }
}
