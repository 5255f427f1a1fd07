// REPL: the interactive prompt. `runREPL` picks the terminal path (readline, banner, prompts,
// history, completion, Ctrl-C) or the plain path (stdin not a terminal: no prompt, no echo)
// and runs the loop over an engine. The only room that imports CReadline (in LineEditor.swift).
import CInterrupt
import Foundation
#if canImport(Glibc)
@preconcurrency import Glibc
#endif

/// Starts the REPL on the process's stdin/stdout/stderr and returns the exit status
/// (see `REPLLoop.run`). `makeEngine` builds the session the REPL drives.
@MainActor
public func runREPL(engine: REPLEngine, environment: [String: String] = ProcessInfo.processInfo.environment) -> Int32 {
    let console = Console.standard(environment: environment)
    let interactive = isatty(STDIN_FILENO) != 0
    let loop = REPLLoop(engine: engine, console: console, interactive: interactive)
    guard interactive else {
        let status = loop.run(PlainLines())
        console.flush()
        return status
    }
    cajal_install_sigint_handler()
    let completer = Completer(engine: engine, commands: REPLLoop.commandNames)
    let history = HistoryFile(path: HistoryFile.defaultPath(environment: environment))
    let editor = ReadlineEditor(history: history, completer: completer) { notice in
        console.errorLine(console.errColor.paint("note:", Palette.notice) + " " + notice)
    }
    console.line(loop.banner())
    console.flush()
    let status = loop.run(editor)
    console.flush()
    return status
}
