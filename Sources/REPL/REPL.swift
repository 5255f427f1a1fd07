// REPL: the interactive prompt. `runREPL` picks the terminal path (readline, banner, prompts,
// history, completion, Ctrl-C) or the plain path (stdin not a terminal: no prompt, no echo)
// and runs the loop over an engine. The only room that imports CReadline (in LineEditor.swift).
import Foundation
import Interpreter
#if canImport(Glibc)
@preconcurrency import Glibc
#endif

/// `cajal` with no arguments: the REPL over a fresh interpreter session, on the process's
/// stdin/stdout/stderr. Returns the exit status (see `REPLLoop.run`). Call from the main thread.
public func startREPL() -> Int32 {
    MainActor.assumeIsolated {
        runREPL(engine: InterpreterEngine(writeOut: Console.writeStandardOutput))
    }
}

/// The REPL over an existing session (a lesson's, from `cajal lesson`'s `r` key): every variable
/// is live; `:quit` or Ctrl-D returns. The session's output, diagnostics and figure display are
/// given back as they were. Call from the main thread.
public func startREPL(session borrowed: Interpreter) -> Int32 {
    // The session is used on this (the main) thread only, before and after; nothing runs concurrently.
    nonisolated(unsafe) let session = borrowed
    return MainActor.assumeIsolated {
        let saved = (session.output, session.onDiagnostic, session.onFigure, session.figureOptions)
        defer {
            (session.output, session.onDiagnostic, session.onFigure, session.figureOptions) = saved
        }
        return runREPL(engine: InterpreterEngine(session: session, writeOut: Console.writeStandardOutput), banner: false)
    }
}

/// Runs the REPL over `engine` and returns the exit status (see `REPLLoop.run`).
@MainActor
public func runREPL(engine: REPLEngine, environment: [String: String] = ProcessInfo.processInfo.environment,
                    banner: Bool = true) -> Int32 {
    let console = Console.standard(environment: environment)
    let interactive = isatty(STDIN_FILENO) != 0
    let loop = REPLLoop(engine: engine, console: console, interactive: interactive)
    guard interactive else {
        let status = loop.run(PlainLines())
        console.flush()
        return status
    }
    // Installs the SIGINT flag handler and unblocks SIGINT (a parent may have blocked it).
    Interpreter.installInterruptHandler()
    let completer = Completer(engine: engine, commands: REPLLoop.commandNames)
    let history = HistoryFile(path: HistoryFile.defaultPath(environment: environment))
    let editor = ReadlineEditor(history: history, completer: completer) { notice in
        console.errorLine(console.errColor.paint("note:", Palette.notice) + " " + notice)
    }
    if banner {
        console.line(loop.banner())
        console.flush()
    }
    let status = loop.run(editor)
    console.flush()
    return status
}
