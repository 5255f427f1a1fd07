// InterpreterEngine+Commands: what the commands and completion ask of the session, answered
// with the Interpreter's builtins (`type`, `shape`, `fields`, `str`, `seed`) run as small
// snippets whose printed output is captured rather than shown.
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
        let outcome = interpreter.runFile(path)
        if outcome != .staticError, let text = try? String(contentsOfFile: path, encoding: .utf8) { remember(text) }
        return reply(outcome)
    }

    func inspect(_ expression: String, _ what: Inspection) -> EngineReply {
        switch what {
        case .type:
            let describe = "print((fn(v) { if type(v) == \"tensor\" { return \"tensor \" + str(shape(v)) }; return type(v) })("
            return runAround(expression, prefix: describe, suffix: "))", name: "<type>")
        case .shape:
            return runAround(expression, prefix: "print(shape(", suffix: "))", name: "<shape>")
        case .graph:
            guard interpreter.help("graph") != nil else {
                return .unavailable(":graph needs the interpreter to record the autograd graph of tensor values "
                    + "and expose Autograd's graph printer (a `graph` builtin); it does not yet")
            }
            return runAround(expression, prefix: "print(graph(", suffix: "))", name: "<graph>")
        }
    }

    func gradcheck(function: String, at point: String) -> EngineReply {
        guard interpreter.help("gradcheck") != nil else {
            return .unavailable(":gradcheck needs a `gradcheck` builtin in the interpreter (Autograd has the check; "
                + "the interpreter does not expose it yet)")
        }
        return runAround("(" + function + "), (" + point + ")", prefix: "print(gradcheck(", suffix: "))", name: "<gradcheck>")
    }

    func globals() -> [GlobalInfo] {
        declared.compactMap { name in
            guard let type = capture("print(type(\(name)))")?.trimmingCharacters(in: .whitespacesAndNewlines) else { return nil }
            var typeName = type
            if type == "tensor", let shape = capture("print(shape(\(name)))") {
                typeName = "tensor " + shape.trimmingCharacters(in: .whitespacesAndNewlines)
            }
            let text = capture("print(str(\(name)))") ?? ""
            let firstLine = text.split(separator: "\n", omittingEmptySubsequences: false).first.map(String.init) ?? ""
            let more = text.trimmingCharacters(in: .newlines).contains("\n")
            // A big tensor's first line repeats its type and shape before the statistics.
            var summary = firstLine
            if summary.hasPrefix(typeName) { summary = String(summary.dropFirst(typeName.count)).trimmingCharacters(in: .whitespaces) }
            return GlobalInfo(name: name, typeName: typeName, summary: summary + (more ? " …" : ""))
        }
    }

    func helpEntries() -> [HelpEntry] {
        Interpreter.builtinExamples.compactMap { row in
            guard let text = interpreter.help(row.name) else { return nil }
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            let doc = lines.count > 1 ? lines[1].trimmingCharacters(in: .whitespaces) : ""
            let example = lines.dropFirst(3).map { $0.hasPrefix("  ") ? String($0.dropFirst(2)) : $0 }.joined(separator: "\n")
            return HelpEntry(name: row.name, signature: lines.first ?? row.name, doc: doc, example: example)
        }
    }

    /// Tensor properties (language-spec.md). After a tensor or a list every builtin is offered
    /// too (`x.f(a)` calls `f(x, a)`); after a record only its fields.
    static let tensorProperties = ["shape", "T", "ndim", "size", "grad"]

    func members(ofPath path: [String]) -> [String]? {
        let expression = path.joined(separator: ".")
        guard let type = capture("print(type(\(expression)))")?.trimmingCharacters(in: .whitespacesAndNewlines) else {
            return nil
        }
        let builtins = Interpreter.builtinExamples.map(\.name)
        switch type {
        case "record":
            let fields = capture("for f in fields(\(expression)) { print(f) }") ?? ""
            return fields.split(separator: "\n").map(String.init)
        case "tensor": return Self.tensorProperties + builtins
        default: return builtins
        }
    }

    /// The prelude (functions written in Cajal) is not exposed by the Interpreter yet.
    func preludeSource(of name: String) -> String? { nil }

    func reset() {
        interpreter = makeInterpreter(seed: 0)
        declared = []
    }

    func seed(_ value: UInt64) {
        _ = capture("seed(\(value))")
    }
}
