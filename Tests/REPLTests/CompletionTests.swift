// CompletionTests: what Tab offers for the word before the cursor, in each context.
import Foundation
import Testing
@testable import REPL

@MainActor
struct CompletionTests {
    let engine = ScriptedEngine()
    var completer: Completer { Completer(engine: engine, commands: REPLLoop.commandNames) }

    @Test func namesComeFromKeywordsGlobalsBuiltinsAndPrelude() {
        engine.variables = [GlobalInfo(name: "price", typeName: "number", summary: "3")]
        #expect(completer.candidates(word: "pr", before: "") == ["price", "print", "prod"])
        #expect(completer.candidates(word: "wh", before: "x = 1; ") == ["while"])
        #expect(completer.candidates(word: "De", before: "let d = ") == ["Dense"])
    }

    @Test func textBeforeTheNameIsKept() {
        #expect(completer.candidates(word: "2/pro", before: "") == ["2/prod"])
    }

    @Test func fieldsFollowADotOnAPathOfNames() {
        #expect(completer.candidates(word: "net.l", before: "") == ["net.layers", "net.loss", "net.lr"])
        #expect(completer.candidates(word: "net.layers.c", before: "print(") == ["net.layers.count"])
        #expect(completer.candidates(word: "nope.x", before: "").isEmpty)
        #expect(completer.candidates(word: "1.5", before: "").isEmpty)
    }

    @Test func commandsCompleteAtTheStartOfALine() {
        #expect(completer.candidates(word: ":s", before: "") == [":seed", ":shape", ":source"])
        #expect(!completer.candidates(word: ":s", before: "x ").contains(":seed"))
    }

    @Test func commandArgumentsCompleteByCommand() {
        #expect(completer.candidates(word: "so", before: ":help ") == ["softmax"])
        #expect(completer.candidates(word: ":ti", before: ":help ") == [":time"])
        #expect(completer.candidates(word: "D", before: ":source ") == ["Dense"])
        #expect(completer.candidates(word: "pri", before: ":type ") == ["print"])
    }

    @Test func pathsCompleteInsideStringsAndAfterLoad() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("cajal-completion-\(getpid())")
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("data"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        FileManager.default.createFile(atPath: dir.path + "/data/digits.csv", contents: Data())
        FileManager.default.createFile(atPath: dir.path + "/data/.hidden", contents: Data())
        let base = dir.path + "/"
        #expect(completer.candidates(word: base + "da", before: "load(\"") == [base + "data/"])
        #expect(completer.candidates(word: base + "data/", before: "load(\"") == [base + "data/digits.csv"])
        #expect(completer.candidates(word: base + "data/.", before: ":load ") == [base + "data/.hidden"])
        #expect(completer.candidates(word: base + "da", before: "x = ").isEmpty)
    }

    @Test(arguments: [
        ("print(\"", true), ("print(\"a\" + ", false), ("\"say \\\"", true), ("\"\" + \"x", true), ("x", false),
    ])
    func insideStringCountsUnescapedQuotes(before: String, inside: Bool) {
        #expect(Completer.insideString(before) == inside)
    }
}
