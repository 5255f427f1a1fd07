// InterpreterEngine: the Interpreter's session behind the REPLEngine protocol.
//
// It uses only the Interpreter's public API (run source text, builtin help) plus builtins
// (`type`, `shape`, `fields`, `seed`), capturing their printed output. A cell ending in an
// expression has that expression bound to `_` and shown (see `run`). Completeness comes from
// the language's `Completeness.check`, statements from its parser.
import Diagnostics
import Interpreter
import Language

@MainActor
final class InterpreterEngine: REPLEngine {
    var interpreter: Interpreter!
    var collected: [Diagnostic] = []
    /// Output of helper snippets (`type(x)`) goes here instead of to stdout.
    var captured: String?
    /// Top-level names the user declared, in order of first declaration.
    var declared: [String] = []
    private let writeOut: (String) -> Void

    init(seed: UInt64 = 0, writeOut: @escaping (String) -> Void) {
        self.writeOut = writeOut
        interpreter = makeInterpreter(seed: seed)
    }

    func makeInterpreter(seed: UInt64) -> Interpreter {
        Interpreter(
            seed: seed,
            output: { [unowned self] text in
                if self.captured != nil { self.captured! += text } else { self.writeOut(text) }
            },
            onDiagnostic: { [unowned self] d in self.collected.append(d) })
    }

    func status(of source: String) -> InputStatus {
        switch Completeness.check(source) {
        case .complete: return .complete
        case .incomplete: return .incomplete
        case .invalid: return .invalid
        }
    }

    static let bind = "let _ = ("
    static let show = "\nif type(_) != \"nil\" { print(_) }"

    /// Runs a cell. When its last statement is an expression, that expression is rewritten in
    /// place as `let _ = (expr)` and followed by a line printing `_` unless it is nil; the
    /// diagnostics are then mapped back onto the cell as typed.
    func run(_ source: String, name: String) -> EngineReply {
        let original = SourceFile(name: name, text: source)
        collected = []
        let (program, problems) = Parser.parse(original)
        guard !problems.contains(where: { $0.severity == .error }), let last = program.statements.last,
              case .expression(let expression) = last.kind else {
            let outcome = interpreter.run(original)
            return finish(outcome, source)
        }
        let (start, end) = (expression.span.start, expression.span.end)
        let bytes = original.bytes
        let text = String(decoding: bytes[..<start], as: UTF8.self) + Self.bind
            + String(decoding: bytes[start..<end], as: UTF8.self) + ")"
            + String(decoding: bytes[end...], as: UTF8.self) + Self.show
        let wrapped = SourceFile(name: name, text: text)
        let outcome = interpreter.run(wrapped)
        let mapping = OffsetMapping(start: start, end: end, inserted: Self.bind.utf8.count, limit: bytes.count)
        collected = collected.map { mapping.map($0, from: wrapped, to: original) }
        return finish(outcome, source)
    }

    private func finish(_ outcome: RunOutcome, _ source: String) -> EngineReply {
        if outcome != .staticError { remember(source) }
        // `_` is the REPL's own name; a learner's typo `y` should not be steered to it.
        for i in collected.indices where collected[i].hint == "did you mean '_'?" { collected[i].hint = nil }
        return reply(outcome)
    }

    func reply(_ outcome: RunOutcome) -> EngineReply {
        switch outcome {
        case .success: return .text(nil)
        case .staticError: return .failed(collected, .static)
        case .runtimeError:
            if collected.contains(where: { $0.id == .interrupted }) { return .interrupted }
            return .failed(collected, .runtime)
        }
    }

    /// Records the names a cell declares at top level (`let x`, `var y`, `fn f`).
    func remember(_ source: String) {
        let file = SourceFile(name: "<names>", text: source)
        let bytes = file.bytes
        let (tokens, _) = Lexer.tokenize(file)
        var depth = 0
        for (i, t) in tokens.enumerated() {
            switch t.kind {
            case .leftBrace, .leftParen, .leftBracket: depth += 1
            case .rightBrace, .rightParen, .rightBracket: depth -= 1
            case .kwLet, .kwVar, .kwFn:
                guard depth == 0, i + 1 < tokens.count, tokens[i + 1].kind == .identifier else { continue }
                let span = tokens[i + 1].span
                let name = String(decoding: bytes[span.start..<span.end], as: UTF8.self)
                if !declared.contains(name) { declared.append(name) }
            default: break
            }
        }
    }
}
