// NotebookCommands: what `cajal lesson` and `cajal export` do once the executable has parsed
// their arguments (Sources/cajal/LessonCommands.swift). Exit codes: 0 ok, 1 drift from
// recorded outputs, 64 usage, 65 a malformed lesson, 70 a runtime error, 74 a file that
// cannot be written.
import Foundation
import Interpreter
import Plot
#if canImport(Glibc)
@preconcurrency import Glibc
#endif

public enum NotebookCommands {
    static func writeOut(_ s: String) {
        FileHandle.standardOutput.write(Data(s.utf8))
    }

    static func writeErr(_ s: String) {
        FileHandle.standardError.write(Data(s.utf8))
    }

    /// `cajal lesson`: the lessons and examples of `catalog` with the learner's progress.
    public static func list(_ catalog: LessonCatalog, environment env: [String: String]) -> Int32 {
        writeOut(catalog.listing(progress: ProgressFile(path: ProgressFile.standardPath(environment: env))))
        return 0
    }

    /// `cajal lesson --check N` and `--record N`: the lesson straight through, compared with
    /// (or rewriting) its recorded outputs.
    public static func check(_ entry: LessonEntry, seed: UInt64?, mode: LessonRunner.Mode) -> Int32 {
        var runner = LessonRunner(out: writeOut, err: writeErr)
        runner.showFigure = { $0.terminal(.detect()) + "\n" }
        runner.reportsSuccess = true
        return runner.run(path: entry.path, seed: seed, mode: mode)
    }

    /// `cajal lesson N`: the lesson cell by cell. `openREPL` starts the REPL on a lesson's
    /// session (from the REPL room, passed in by the executable, since Notebook does not
    /// import REPL).
    public static func play(_ entry: LessonEntry, seed: UInt64?, restart: Bool, openREPL: ((Interpreter) -> Void)?,
                            environment env: [String: String]) -> Int32 {
        guard let text = try? String(contentsOfFile: entry.path, encoding: .utf8) else {
            writeErr("cajal: cannot read lesson '\(entry.path)'\n")
            return 65
        }
        let lesson: Lesson
        do { lesson = try Lesson.parse(text) } catch {
            writeErr(((error as? LessonFormatError)?.located(in: entry.path) ?? "\(entry.path): \(error)") + "\n")
            return 65
        }
        let tty = isatty(STDOUT_FILENO) != 0
        let figureOptions = TerminalOptions.detect()
        let color = figureOptions.colorMode != .none
        let width = tty ? min(100, TerminalSize.fittingWindow().columns) : 80
        let progress = ProgressFile(path: ProgressFile.standardPath(environment: env))
        let saved = progress.lessons[entry.slug]
        let resume = restart || saved?.finished != false || saved?.total != lesson.codeCells.count ? 0 : saved!.done
        var player = LessonPlayer(lesson: lesson, slug: entry.slug, fileName: LessonRunner.displayName(of: entry.path),
                                  style: TerminalStyle(width: width, color: color), figureOptions: figureOptions,
                                  write: writeOut, openREPL: openREPL,
                                  progress: progress)
        if tty {
            player.liveFigures = env["TERM"] != "dumb"
            player.liveFiguresFitWindow = true
            player.showsRunning = env["TERM"] != "dumb"
            player.windowRows = TerminalKeys.windowRows()
            player.fitFigure = { f in
                var f = f
                if f.terminalSize == TerminalSize() { f.terminalSize = .fittingWindow() }
                return f
            }
        }
        if isatty(STDIN_FILENO) != 0 {
            Interpreter.installInterruptHandler()
            var keys = TerminalKeys()
            return player.play(keys: &keys, seed: seed, resumeAfter: resume)
        }
        var keys = LineKeys()
        return player.play(keys: &keys, seed: seed, resumeAfter: resume)
    }

    /// `cajal lesson --check-all`: every lesson in the catalog; the worst status wins.
    public static func checkAll(_ catalog: LessonCatalog, seed: UInt64?) -> Int32 {
        var worst: Int32 = 0
        let runner = LessonRunner(out: { _ in }, err: writeErr)
        for e in catalog.entries {
            let started = Date()
            let status = runner.run(path: e.path, seed: seed)
            writeOut("\(status == 0 ? "ok  " : "FAIL") \(e.slug) (\(String(format: "%.1f", Date().timeIntervalSince(started))) s)\n")
            if status != 0 && (worst == 0 || status > worst) { worst = status }
        }
        return worst
    }

    /// `cajal export FILE --html OUT --ipynb OUT` (either or both): runs the lesson with its
    /// recorded seed (or `seed`) and writes the page or notebook atomically. A failing cell is
    /// kept as an error output; the status is then 70 (the file is still written).
    public static func export(_ file: String, html: String?, ipynb: String?, seed: UInt64?) -> Int32 {
        guard let text = try? String(contentsOfFile: file, encoding: .utf8) else {
            writeErr("cajal: cannot read '\(file)'\n")
            return 65
        }
        let lesson: Lesson
        do { lesson = try Lesson.parse(text) } catch {
            writeErr(((error as? LessonFormatError)?.located(in: file) ?? "\(file): \(error)") + "\n")
            return 65
        }
        let executed = ExecutedLesson.execute(lesson, seed: seed, name: LessonRunner.displayName(of: file))
        for (path, content) in [(html, { executed.html() }), (ipynb, { executed.ipynb() })] {
            guard let path else { continue }
            do {
                try Data(content().utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
            } catch {
                writeErr("cajal: cannot write '\(path)': \(error.localizedDescription)\n")
                return 74
            }
            writeOut("wrote \(path) (\(lesson.codeCells.count) code cells run)\n")
        }
        let failures = executed.unexpectedFailures
        if failures > 0 {
            writeErr("note: \(failures) cell(s) failed; their errors are in the export\n")
            return 70
        }
        return 0
    }
}
