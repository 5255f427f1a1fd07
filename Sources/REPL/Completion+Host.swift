// Completion+Host: the REPL's Tab completion for another host of a session (the Jupyter
// kernel): the same candidates for the same text, computed over a session the host owns.
// Completion runs no code, so the session's output and figure display are left as they are.
import Interpreter

/// Completions for the end of `line` (the text before the cursor on its line) in `session`:
/// the full replacements, and how many code points of `line`'s end they replace.
@MainActor
public func completions(in session: Interpreter, line: String) -> (matches: [String], wordLength: Int) {
    let engine = InterpreterEngine(inspecting: session)
    let word = String(line.reversed().prefix { !Completer.wordBreaks.contains($0) }.reversed())
    let before = String(line.dropLast(word.count))
    let matches = Completer(engine: engine, commands: REPLLoop.commandNames).candidates(word: word, before: before)
    return (matches, word.unicodeScalars.count)
}
