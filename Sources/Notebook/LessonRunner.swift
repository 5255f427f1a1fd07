// LessonRunner: a lesson straight through, the way `cajal run` and `cajal lesson --check`
// and `--record` use it. Cells run in one session; each cell's output is shown as it happens
// and, with the recorded seed, compared with its `#>` lines. Exit status: 0 clean, 1 drift
// (outputs differ from the recorded ones), 65 a malformed lesson or static error, 70 a
// runtime error in a cell not marked `error=expected`.
import Diagnostics
import Foundation
import Interpreter
import Plot

public struct LessonRunner {
    public enum Mode: Equatable { case run, record }

    /// Where output goes: `out` for the cells' output, `err` for diagnostics, diffs, notes.
    public var out: (String) -> Void
    public var err: (String) -> Void
    /// How a figure shows on standard output (the terminal rendering by default).
    public var showFigure: (Figure) -> String = { $0.terminal(.detect()) + "\n" }
    /// Say on `err` what was checked when every output matched (`cajal lesson --check`).
    public var reportsSuccess = false

    public init(out: @escaping (String) -> Void, err: @escaping (String) -> Void) {
        self.out = out
        self.err = err
    }

    /// A short name for diagnostics: the lesson's folder and file (`tour/lesson.cajal`).
    public static func displayName(of path: String) -> String {
        let url = URL(fileURLWithPath: path)
        let folder = url.deletingLastPathComponent().lastPathComponent
        return folder.isEmpty || folder == "/" || folder == "." ? url.lastPathComponent : folder + "/" + url.lastPathComponent
    }

    /// Runs the lesson at `path`. `seed` nil means the recorded seed; outputs are compared
    /// only when the seed in use is the recorded one. `.record` rewrites the `#>` lines
    /// (atomically: a temporary file renamed over the lesson) instead of comparing.
    public func run(path: String, seed: UInt64? = nil, mode: Mode = .run) -> Int32 {
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            err("cajal: cannot read lesson '\(path)'\n")
            return 65
        }
        let lesson: Lesson
        do { lesson = try Lesson.parse(text) } catch {
            err(((error as? LessonFormatError)?.located(in: path) ?? "\(path): \(error)") + "\n")
            return 65
        }
        let recordedSeed = lesson.seed ?? 0
        let useSeed = seed ?? recordedSeed
        if mode == .record && useSeed != recordedSeed {
            err("cajal: --record uses the lesson's seed (\(recordedSeed)); change the '# cajal: seed=' header to record with another\n")
            return 64
        }
        let compare = mode == .run && useSeed == recordedSeed
        if mode == .run && !compare {
            err("note: seed \(useSeed) is not the recorded seed \(recordedSeed); recorded outputs are not compared\n")
        }
        var result = runCells(lesson, seed: useSeed, fileName: LessonRunner.displayName(of: path), compare: compare)
        var recordedText = text
        if mode == .record && result.status == 0 {
            // An error=expected cell records its error with its line in the lesson; rewriting
            // the #> lines above it moves that line. Such a lesson is run once more on the
            // rewritten text, so one --record leaves a lesson that --check accepts.
            recordedText = Lesson.rewriting(text, outputs: result.outputs)
            if lesson.codeCells.contains(where: \.options.expectsError), let moved = try? Lesson.parse(recordedText),
               moved.codeCells.map(\.line) != lesson.codeCells.map(\.line) {
                result = runCells(moved, seed: useSeed, fileName: LessonRunner.displayName(of: path), compare: false, quiet: true)
                recordedText = Lesson.rewriting(recordedText, outputs: result.outputs)
            }
        }
        if reportsSuccess && mode == .run && result.status == 0 {
            let cells = lesson.codeCells.count
            err(compare ? "checked \(path): the outputs of \(cells) code cells match their #> lines (seed \(useSeed))\n"
                        : "ran \(path): \(cells) code cells, no errors\n")
        }
        if mode == .record && result.status == 0 {
            do {
                try Data(recordedText.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
            } catch {
                err("cajal: cannot write '\(path)': \(error.localizedDescription)\n")
                return 74
            }
            err("recorded the outputs of \(result.outputs.count) code cells in \(path)\n")
        }
        return result.status
    }

    /// What running every code cell gave: each cell's output lines, and the exit status.
    struct CellsResult {
        var outputs: [[String]] = []
        var status: Int32 = 0
    }

    /// Runs every code cell; `quiet` keeps the cells' output off `out` and `err` (the second
    /// run of a recording).
    func runCells(_ lesson: Lesson, seed: UInt64, fileName: String, compare: Bool, quiet: Bool = false) -> CellsResult {
        let err: (String) -> Void = quiet ? { _ in } : self.err
        let out: (String) -> Void = quiet ? { _ in } : self.out
        let showFigure = self.showFigure
        let session = LessonSession(seed: seed, fileName: fileName) { item in
            switch item {
            case .stream(let s): out(s)
            case .value(let s): out(s + "\n")
            case .figure(let f): out(showFigure(f))
            case .error(let s): err(s.hasSuffix("\n") ? s : s + "\n")
            }
        }
        var result = CellsResult()
        var drifted = 0
        for cell in lesson.codeCells {
            let run = session.run(cell)
            let lines = run.checkedLines
            result.outputs.append(lines)
            let failed = run.outcome != .success
            if failed && !cell.options.expectsError {
                err("\(fileName):\(cell.line): the cell failed; the lesson stops here\n")
                result.status = run.outcome.exitCode
                return result
            }
            guard compare else { continue }
            if cell.options.expectsError && !failed {
                err("\(fileName):\(cell.line): drift: the cell is marked error=expected but ran without error\n")
                drifted += 1
            } else if cell.options.check,
                      let diff = outputDiff(recorded: cell.recorded, actual: lines, tolerance: cell.options.tolerance ?? lesson.tolerance) {
                let tol = formatTolerance(cell.options.tolerance ?? lesson.tolerance)
                err("\(fileName):\(cell.line): drift: output differs from the recorded output (- recorded, + now; numbers within \(tol)):\n\(diff)\n")
                drifted += 1
            }
        }
        if drifted > 0 {
            err("drift in \(drifted) of \(lesson.codeCells.count) code cells (rerun with --record to accept the new outputs)\n")
            result.status = 1
        }
        return result
    }
}
