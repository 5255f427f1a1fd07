// ScriptedEngine: a test double for REPLEngine, so the loop, commands and completion are
// tested without the interpreter. Its answers are fixed and obvious; every call is recorded.
import Diagnostics
@testable import REPL

@MainActor
final class ScriptedEngine: REPLEngine {
    /// Every call, in order: `run <cell 1>: 1 + 2`, `seed 7`, …
    var calls: [String] = []
    var variables: [GlobalInfo] = []
    var entries: [HelpEntry] = [
        HelpEntry(name: "print", signature: "print(values...)", doc: "writes the values to stdout", example: "print(\"hi\")", category: "core"),
        HelpEntry(name: "prod", signature: "prod(x)", doc: "the product of all elements", example: "prod([1, 2, 3])", category: "math"),
        HelpEntry(name: "softmax", signature: "softmax(x, axis: -1)", doc: "exp(x) / sum(exp(x)) along axis", example: "softmax([1, 2, 3])", category: "nn"),
        HelpEntry(name: "Dense", signature: "Dense(inputs, outputs)", doc: "a fully connected layer", example: "let layer = Dense(2, 3)", isPrelude: true),
    ]
    var fields: [[String]: [String]] = [["net"]: ["layers", "loss", "lr"], ["net", "layers"]: ["count"]]

    /// Open brackets make a cell incomplete, a stray closer makes it invalid (the real answer
    /// comes from the language's Completeness; this double only counts).
    func status(of source: String) -> InputStatus {
        var depth = 0
        for c in source {
            if "([{".contains(c) { depth += 1 }
            if ")]}".contains(c) { depth -= 1; if depth < 0 { return .invalid } }
        }
        return depth > 0 ? .incomplete : .complete
    }

    /// `x` fails statically, `boom` fails at run time, `spin` reports an interruption, `let n`
    /// defines a variable, `nothing` has no value; anything else shows as `value of <text>`.
    func run(_ source: String, name: String) -> EngineReply {
        calls.append("run \(name): \(source)")
        let file = SourceFile(name: name, text: source)
        switch source {
        case "x":
            return .failed([Diagnostic(id: .undeclaredVariable, message: "undeclared variable 'x'", file: file,
                                       span: SourceSpan(start: 0, end: 1), hint: "declare it first: `var x = ...`")], .static)
        case "boom":
            return .failed([Diagnostic(id: .divisionByZero, message: "division by zero", file: file,
                                       span: SourceSpan(start: 0, end: 4))], .runtime)
        case "spin": return .interrupted
        case "nothing": return .text(nil)
        default:
            if source.hasPrefix("let ") {
                let name = String(source.dropFirst(4).prefix(while: { $0 != " " }))
                variables.append(GlobalInfo(name: name, typeName: "number", summary: "1"))
                return .text(nil)
            }
            return .text("value of " + source)
        }
    }

    func load(path: String) -> EngineReply { calls.append("load \(path)"); return .text(nil) }
    func inspect(_ expression: String, _ what: Inspection) -> EngineReply {
        calls.append("inspect \(what) \(expression)")
        return .text("\(what) of \(expression)")
    }
    func gradcheck(function: String, at point: String) -> EngineReply {
        calls.append("gradcheck \(function) | \(point)")
        return .text("ok")
    }
    func globals() -> [GlobalInfo] { variables }
    func helpEntries() -> [HelpEntry] { entries }
    func members(ofPath path: [String]) -> [String]? { fields[path] }
    func preludeSource(of name: String) -> String? { name == "Dense" ? "fn Dense(inputs, outputs) {\n  return {}\n}\n" : nil }
    func reset() { calls.append("reset"); variables = [] }
    func seed(_ value: UInt64) { calls.append("seed \(value)") }
}

/// Lines handed to the loop one by one, as a terminal or a pipe would.
@MainActor
final class ScriptedLines: LineSource {
    var reads: [LineRead]
    var prompts: [String] = []
    var remembered: [String] = []
    init(_ reads: [LineRead]) { self.reads = reads }
    func read(prompt: String) -> LineRead {
        prompts.append(prompt)
        return reads.isEmpty ? .eof : reads.removeFirst()
    }
    func remember(_ cell: String) { remembered.append(cell) }
}

/// A loop over a scripted engine that writes into two strings, without colour.
@MainActor
func makeLoop(interactive: Bool = false) -> (REPLLoop, ScriptedEngine, () -> (out: String, err: String)) {
    final class Box { var out = "", err = "" }
    let box = Box()
    let console = Console(outColor: ColorPolicy(enabled: false), errColor: ColorPolicy(enabled: false),
                          writeOut: { box.out += $0 }, writeErr: { box.err += $0 })
    let engine = ScriptedEngine()
    return (REPLLoop(engine: engine, console: console, interactive: interactive), engine, { (box.out, box.err) })
}
