// Grade: the teacher's `cajal grade`, one submission or a whole class, handed to the Grader
// room (GradeCommand).
import ArgumentParser
import Grader

extension ReportFormat: ExpressibleByArgument {}

extension Cajal {
    struct Grade: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "grade",
            abstract: "Grade a submission with every check, hidden ones too (for teachers).",
            usage: """
                cajal grade --exercise <dir> [--format <format>] [--output <file>] <submission>
                cajal grade --exercise <dir> [--format <format>] --output-dir <dir> [--roster <csv>] <submission> ...
                """,
            discussion: """
                One submission: its report goes to standard output, or to --output FILE. A class: \
                with --output-dir OUT, each submission file or folder (a folder's .cajal files, and \
                its subfolders' answer.cajal) gets a report in OUT, named after the student, plus \
                summary.csv (student, id, email, submission, score, max_score, passed, failed, \
                status: ok, static-error, limit, error or missing); standard output gets a table \
                and the mean score. Files and folders it cannot grade are skipped with a warning. \
                With --roster, every student on it gets a row (0 and status missing when nothing \
                was submitted); Gradescope's submission_metadata.yml is read when present.

                Examples (EX is an exercise folder, lessons/04-backprop/exercises/backprop-221):
                  cajal grade --exercise EX answer.cajal
                  cajal grade --exercise EX --format tap --output report.tap answer.cajal
                  cajal grade --exercise EX --format json --output-dir reports submissions/
                  cajal grade --exercise EX --roster roster.csv --output-dir out submissions/
                  cajal grade --exercise EX --visible-only --fail-under 100 answer.cajal

                Exit codes: 0 graded (whatever the score), 1 a score below --fail-under, 64 usage, \
                66 the exercise folder or the roster is broken, 73 a report that cannot be written.
                """
        )

        @Option(help: ArgumentHelp("The exercise folder (its checks.cajal holds the checks), or its name under the current folder.", valueName: "dir"),
                completion: .directory)
        var exercise: String

        @Option(help: "The report's format.")
        var format: ReportFormat = .human

        @Option(help: ArgumentHelp("Write the report to this file instead of standard output.", valueName: "file"),
                completion: .file())
        var output: String?

        @Option(help: ArgumentHelp("Grade many: one report per submission and summary.csv in this folder.",
                                   valueName: "dir"),
                completion: .directory)
        var outputDir: String?

        @Option(help: ArgumentHelp("A CSV of the class (name, id, email columns): a gradebook row per student.",
                                   valueName: "csv"),
                completion: .file(extensions: ["csv"]))
        var roster: String?

        @Flag(help: "Run only the visible checks: no hidden check's name or message in any report.")
        var visibleOnly = false

        @Option(help: ArgumentHelp("Exit with status 1 when a score is below this percentage of the maximum.",
                                   valueName: "percent"))
        var failUnder: Double?

        @Argument(help: ArgumentHelp("The submission: a .cajal file, or a folder holding one (with --output-dir: any number of files and folders).",
                                     valueName: "submission"),
                  completion: .file(extensions: ["cajal"]))
        var submissions: [String]

        func validate() throws {
            if output != nil && outputDir != nil {
                throw ValidationError("use --output for one submission or --output-dir for many, not both")
            }
            if outputDir == nil && submissions.count > 1 {
                throw ValidationError("several submissions need --output-dir OUT (one report per submission)")
            }
            if roster != nil && outputDir == nil {
                throw ValidationError("--roster makes a gradebook of a class: give --output-dir OUT too")
            }
            if let failUnder, !(0...100).contains(failUnder) {
                throw ValidationError("--fail-under takes a percentage from 0 to 100, not \(formatted(failUnder))")
            }
            if outputDir != nil, let problem = GradeCommand.batchProblem(submissions) { throw ValidationError(problem) }
        }

        private func formatted(_ x: Double) -> String {
            x == x.rounded() && abs(x) < 1e15 ? String(Int(x)) : String(x)
        }

        func run() throws {
            let (exercise, output, outputDir, submissions, roster) = (exercise, output, outputDir, submissions, roster)
            let options = GradeOptions(format: format, visibleOnly: visibleOnly, failUnder: failUnder)
            try finish(onBigStack {
                guard let outputDir else {
                    return GradeCommand.grade(exercise: exercise, submission: submissions[0], options: options, output: output)
                }
                return GradeCommand.gradeBatch(exercise: exercise, submissions: submissions, options: options,
                                               roster: roster, outputDir: outputDir)
            })
        }
    }
}

extension Cajal {
    /// `cajal __grade-worker EXERCISE SUBMISSION RESULTS`: hidden. `cajal grade` runs each
    /// submission in a child process of this kind, which limits itself and writes one JSON line
    /// per finished check (Grader/Isolation.swift).
    struct GradeWorker: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: Isolation.workerCommand,
            abstract: "Internal: grades one submission in a child process for cajal grade.",
            shouldDisplay: false
        )

        @Argument(parsing: .captureForPassthrough)
        var arguments: [String] = []

        func run() throws {
            let arguments = arguments
            try finish(onBigStack { Isolation.worker(arguments) })
        }
    }
}
