// NotebookCommands: the `cajal lesson` and `cajal export` commands, so the executable only
// adds their rows. Exit codes: 0 ok, 1 drift from recorded outputs, 64 usage, 65 a malformed
// lesson, 70 a runtime error, 74 a file that cannot be written.
import Foundation
import Interpreter
import Plot
#if canImport(Glibc)
@preconcurrency import Glibc
#endif

public enum NotebookCommands {
    public static let lessonUsage = "cajal lesson [N [--restart] | --check N|FILE [--seed S] | --record N|FILE | --check-all]"
    public static let exportUsage = "cajal export FILE (--html OUT | --ipynb OUT) [--seed S]"

    static func writeOut(_ s: String) {
        FileHandle.standardOutput.write(Data(s.utf8))
    }

    static func writeErr(_ s: String) {
        FileHandle.standardError.write(Data(s.utf8))
    }

    static func usage(_ message: String) -> Int32 {
        writeErr("cajal: \(message)\nusage: \(lessonUsage)\n       \(exportUsage)\n")
        return 64
    }

    /// `cajal lesson ...`. `openREPL` starts the REPL on a lesson's session (from the REPL room,
    /// passed in by the executable, since Notebook does not import REPL).
    public static func lesson(_ args: [String], openREPL: ((Interpreter) -> Void)?) -> Int32 {
        let env = ProcessInfo.processInfo.environment
        let catalog = LessonCatalog.standard(environment: env)
        var mode: LessonRunner.Mode? = nil
        var seed: UInt64? = nil
        var all = false
        var restart = false
        var name: String? = nil
        var i = 0
        while i < args.count {
            switch args[i] {
            case "--check": mode = .run
            case "--record": mode = .record
            case "--check-all": mode = .run; all = true
            case "--restart": restart = true
            case "--seed":
                guard i + 1 < args.count, let s = UInt64(args[i + 1]) else { return usage("--seed needs a non-negative whole number") }
                seed = s
                i += 1
            default:
                if args[i].hasPrefix("-") { return usage("unknown option '\(args[i])' for 'lesson'") }
                if name != nil { return usage("'lesson' takes one lesson") }
                name = args[i]
            }
            i += 1
        }
        if all { return checkAll(catalog, seed: seed) }
        guard let name else {
            if mode != nil { return usage("which lesson? give its number or file") }
            writeOut(catalog.listing(progress: ProgressFile(path: ProgressFile.standardPath(environment: env))))
            return 0
        }
        guard let entry = catalog.find(name) else {
            writeErr("cajal: no lesson '\(name)' (run 'cajal lesson' for the list)\n")
            return 64
        }
        if let mode {
            var runner = LessonRunner(out: writeOut, err: writeErr)
            runner.showFigure = { $0.terminal(.detect()) + "\n" }
            runner.reportsSuccess = true
            return runner.run(path: entry.path, seed: seed, mode: mode)
        }
        return play(entry, seed: seed, restart: restart, openREPL: openREPL, environment: env)
    }

    static func play(_ entry: LessonEntry, seed: UInt64?, restart: Bool, openREPL: ((Interpreter) -> Void)?,
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

    /// Checks every lesson in the catalog; the worst status wins.
    static func checkAll(_ catalog: LessonCatalog, seed: UInt64?) -> Int32 {
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

    /// The arguments of `cajal export`.
    struct ExportArguments {
        var file: String?
        var html: String?
        var ipynb: String?
        var seed: UInt64?

        /// Parses `args`; the message of a usage error otherwise.
        static func parse(_ args: [String]) -> Result<ExportArguments, UsageMessage> {
            var a = ExportArguments()
            var i = 0
            while i < args.count {
                let arg = args[i]
                if ["--html", "--ipynb", "--seed"].contains(arg) {
                    guard i + 1 < args.count else { return .failure(UsageMessage(text: "\(arg) needs a value")) }
                    let value = args[i + 1]
                    switch arg {
                    case "--html": a.html = value
                    case "--ipynb": a.ipynb = value
                    default:
                        guard let s = UInt64(value) else { return .failure(UsageMessage(text: "--seed needs a non-negative whole number")) }
                        a.seed = s
                    }
                    i += 2
                    continue
                }
                if arg.hasPrefix("-") { return .failure(UsageMessage(text: "unknown option '\(arg)' for 'export'")) }
                if a.file != nil { return .failure(UsageMessage(text: "'export' takes one file")) }
                a.file = arg
                i += 1
            }
            if a.file == nil { return .failure(UsageMessage(text: "'export' needs a lesson file")) }
            if a.html == nil && a.ipynb == nil { return .failure(UsageMessage(text: "'export' needs --html OUT or --ipynb OUT")) }
            return .success(a)
        }
    }

    struct UsageMessage: Error {
        var text: String
    }

    /// `cajal export FILE --html OUT | --ipynb OUT`: runs the lesson with its recorded seed
    /// (or `--seed S`) and writes the page or notebook atomically. A failing cell is kept as an
    /// error output; the status is then 70 (the file is still written).
    public static func export(_ args: [String]) -> Int32 {
        let a: ExportArguments
        switch ExportArguments.parse(args) {
        case .success(let parsed): a = parsed
        case .failure(let m): return usage(m.text)
        }
        let file = a.file!
        guard let text = try? String(contentsOfFile: file, encoding: .utf8) else {
            writeErr("cajal: cannot read '\(file)'\n")
            return 65
        }
        let lesson: Lesson
        do { lesson = try Lesson.parse(text) } catch {
            writeErr(((error as? LessonFormatError)?.located(in: file) ?? "\(file): \(error)") + "\n")
            return 65
        }
        let executed = ExecutedLesson.execute(lesson, seed: a.seed, name: LessonRunner.displayName(of: file))
        for (path, content) in [(a.html, { executed.html() }), (a.ipynb, { executed.ipynb() })] {
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
