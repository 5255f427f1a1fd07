// InterpreterEngine: the Interpreter's session behind the REPLEngine protocol.
//
// Cells go through the session API (`evaluate`: the final expression's value shown and bound to
// `_`); `:vars`, help rows, members after `.` and reseeding too. `:type` and `:shape` run the
// builtins `type` and `shape` around the expression and capture what they print. Completeness
// comes from the language's `Completeness.check`.
import Diagnostics
import Interpreter
import Language

@MainActor
final class InterpreterEngine: REPLEngine {
    var interpreter: Interpreter!
    var collected: [Diagnostic] = []
    /// Output of helper snippets (`type(x)`) goes here instead of to stdout.
    var captured: String?
    private let writeOut: (String) -> Void

    init(seed: UInt64 = 0, writeOut: @escaping (String) -> Void) {
        self.writeOut = writeOut
        interpreter = makeInterpreter(seed: seed)
    }

    /// The REPL over an existing session (a lesson's): its print output, diagnostics and figures
    /// come here while the REPL runs. The caller restores them afterwards (`startREPL(session:)`).
    init(session: Interpreter, writeOut: @escaping (String) -> Void) {
        self.writeOut = writeOut
        interpreter = session
        attach(session)
    }

    /// An engine that only looks at `session` (completion for another host): its output,
    /// diagnostics and figures stay where the host put them.
    init(inspecting session: Interpreter) {
        writeOut = { _ in }
        interpreter = session
    }

    func makeInterpreter(seed: UInt64) -> Interpreter {
        let session = Interpreter(seed: seed)
        attach(session)
        return session
    }

    /// Points `session`'s output and diagnostics at this engine and draws its figures in the
    /// terminal (colour by Plot's policy, sized to the window).
    private func attach(_ session: Interpreter) {
        session.output = { [unowned self] text in
            if self.captured != nil { self.captured! += text } else { self.writeOut(text) }
        }
        session.onDiagnostic = { [unowned self] d in self.collected.append(d) }
        session.onFigure = nil
        session.drawFiguresForTerminal()
    }

    func status(of source: String) -> InputStatus {
        switch Completeness.check(source) {
        case .complete: return .complete
        case .incomplete: return .incomplete
        case .invalid: return .invalid
        }
    }

    /// Runs a cell through the session API: a final expression's value is shown and bound to `_`.
    func run(_ source: String, name: String) -> EngineReply {
        let result = interpreter.evaluate(source, name: name)
        collected = result.diagnostics
        // `_` is the REPL's own name; a learner's typo `y` should not be steered to it.
        for i in collected.indices where collected[i].hint == "did you mean '_'?" { collected[i].hint = nil }
        if result.outcome == .success { return .text(result.display) }
        return reply(result.outcome)
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
}
