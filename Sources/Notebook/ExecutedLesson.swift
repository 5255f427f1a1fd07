// ExecutedLesson: a lesson run once for export, every cell's output kept (figures too).
// Unlike the checker, a failing cell does not stop the run: its error is an output, as in a
// notebook, and the later cells still run.
import Interpreter

public struct ExecutedLesson {
    public var lesson: Lesson
    /// One entry per cell: the run of a code cell, nil for a Markdown cell.
    public var runs: [CellRun?]
    public var seed: UInt64
    /// A name for the page title when the lesson has no heading.
    public var name: String

    /// Runs every code cell of `lesson` in one session with `seed` (the recorded one by default).
    public static func execute(_ lesson: Lesson, seed: UInt64? = nil, name: String) -> ExecutedLesson {
        let useSeed = seed ?? lesson.seed ?? 0
        let session = LessonSession(seed: useSeed, fileName: name)
        let runs = lesson.cells.map { $0.kind == .code ? session.run($0) : nil }
        return ExecutedLesson(lesson: lesson, runs: runs, seed: useSeed, name: name)
    }

    /// How many code cells failed (outside those marked `error=expected`).
    public var unexpectedFailures: Int {
        zip(lesson.cells, runs).filter { cell, run in
            guard let run else { return false }
            return run.outcome != .success && !cell.options.expectsError
        }.count
    }
}
