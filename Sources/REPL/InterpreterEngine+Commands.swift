// InterpreterEngine+Commands: what the commands and completion ask of the session, answered
// with the Interpreter's builtins (`type`, `shape`, `fields`, `str`, `seed`) run as small
// snippets whose printed output is captured rather than shown, and the prelude's help and
// source text.
import Diagnostics
import Foundation
import Interpreter

extension InterpreterEngine {
    /// Runs `snippet` in the session and returns what it printed, or nil if it failed.
    func capture(_ snippet: String) -> String? {
        let saved = (captured, collected)
        captured = ""
        collected = []
        defer { (captured, collected) = saved }
        let outcome = interpreter.run(source: snippet, name: "<repl>")
        return outcome == .success ? captured : nil
    }

    /// Runs `prefix + expression + suffix` (on one line) and reports the errors against the
    /// expression as typed.
    func runAround(_ expression: String, prefix: String, suffix: String, name: String) -> EngineReply {
        let original = SourceFile(name: name, text: expression)
        let wrapped = SourceFile(name: name, text: prefix + expression + suffix)
        collected = []
        let outcome = interpreter.run(wrapped)
        let mapping = OffsetMapping(start: 0, end: original.bytes.count, inserted: prefix.utf8.count,
                                    appended: suffix.utf8.count, limit: original.bytes.count)
        collected = collected.map { mapping.map($0, from: wrapped, to: original) }
        return reply(outcome)
    }

    func load(path: String) -> EngineReply {
        collected = []
        return reply(interpreter.runFile(path))
    }

    func inspect(_ expression: String, _ what: Inspection) -> EngineReply {
        switch what {
        case .type:
            let describe = "print((fn(v) { if type(v) == \"tensor\" { return \"tensor \" + str(shape(v)) }; return type(v) })("
            return runAround(expression, prefix: describe, suffix: "))", name: "<type>")
        case .shape:
            return runAround(expression, prefix: "print(shape(", suffix: "))", name: "<shape>")
        case .graph:
            return runAround(expression, prefix: "print(graph(", suffix: "))", name: "<graph>")
        }
    }

    func gradcheck(function: String, at point: String) -> EngineReply {
        return runAround("(" + function + "), (" + point + ")", prefix: "print(gradcheck(", suffix: ").report)", name: "<gradcheck>")
    }

    func globals() -> [GlobalInfo] {
        interpreter.userGlobals.filter { $0.name != "_" }.map { g in
            // A big tensor's summary starts with `tensor [shape]`, which the type already says.
            var summary = g.summary
            if summary.hasPrefix("tensor ["), let close = summary.firstIndex(of: "]") {
                summary = String(summary[summary.index(after: close)...]).trimmingCharacters(in: .whitespaces)
            }
            return GlobalInfo(name: g.name, typeName: g.typeName, summary: summary)
        }
    }

    /// The builtins, then the prelude's functions (written in Cajal; `:source` shows them).
    func helpEntries() -> [HelpEntry] {
        interpreter.builtinHelp.map { HelpEntry(name: $0.name, signature: $0.signature, doc: $0.doc, example: $0.example, category: $0.category) }
            + interpreter.preludeHelp.map {
                HelpEntry(name: $0.name, signature: $0.signature, doc: $0.doc, example: $0.example, isPrelude: true)
            }
    }

    /// Record fields, or a tensor's properties plus the builtins that take a tensor first and
    /// read well as its methods (`x.f(a)` calls `f(x, a)`): the tensor, math and linear-algebra
    /// topics, not every global.
    func members(ofPath path: [String]) -> [String]? {
        guard let members = interpreter.members(ofPath: path) else { return nil }
        let isTensor = members.contains("shape") && members.contains("ndim")
        guard isTensor else { return members }
        let methods = interpreter.builtinHelp.filter { Self.methodTopics.contains($0.category) }.map(\.name)
        return members + methods.filter { !members.contains($0) }.sorted()
    }

    /// The builtin topics offered after a tensor's `.`.
    static let methodTopics: Set<String> = ["tensor", "math", "linear algebra"]

    /// The text of a prelude function (written in Cajal), doc comment included.
    func preludeSource(of name: String) -> String? { interpreter.preludeSource(of: name) }

    func reset() {
        interpreter = makeInterpreter(seed: 0)
    }

    func seed(_ value: UInt64) {
        interpreter.seed(value)
    }
}
