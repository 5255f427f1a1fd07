// InterpreterEngine: the Interpreter's session behind the REPLEngine protocol.
//
// It uses only the Interpreter's public API (run source text, builtin help) plus builtins
// (`type`, `shape`, `fields`, `seed`), capturing their printed output. The value of a cell is
// found by running it first as `let _ = (\n<cell>\n)`: when that compiles, the cell is one
// expression and `_` holds its value; when it does not, nothing ran (static errors stop before
// running) and the cell runs as written. Diagnostics from the wrapped run are moved back onto
// the cell's own text. Completeness comes from the language's `Completeness.check`.
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

    static let valuePrefix = "let _ = (\n"
    static let valueSuffix = "\n)\nif type(_) != \"nil\" { print(_) }"

    func run(_ source: String, name: String) -> EngineReply {
        let wrapped = SourceFile(name: name, text: Self.valuePrefix + source + Self.valueSuffix)
        collected = []
        var outcome = interpreter.run(wrapped)
        if outcome == .staticError {
            collected = []
            outcome = interpreter.run(SourceFile(name: name, text: source))
        } else {
            let original = SourceFile(name: name, text: source)
            collected = collected.map { Self.shift($0, by: Self.valuePrefix.utf8.count, from: wrapped, to: original) }
        }
        if outcome != .staticError { remember(source) }
        return reply(outcome)
    }

    /// Moves a diagnostic from a wrapped text (one prefix line of `shift` bytes) onto the text
    /// as typed.
    static func shift(_ d: Diagnostic, by shift: Int, from wrapped: SourceFile, to original: SourceFile) -> Diagnostic {
        var d = d
        if d.file === wrapped, let span = d.span {
            d.file = original
            let limit = original.bytes.count
            d.span = SourceSpan(start: min(limit, max(0, span.start - shift)), end: min(limit, max(0, span.end - shift)))
        }
        d.stackTrace = d.stackTrace.map { frame in
            var frame = frame
            guard frame.fileName == original.name else { return frame }
            // The wrapper's own line maps to the start of the cell.
            frame.location = frame.location.line > 1
                ? SourceLocation(line: frame.location.line - 1, column: frame.location.column)
                : SourceLocation(line: 1, column: 1)
            return frame
        }
        return d
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
