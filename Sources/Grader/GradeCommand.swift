// GradeCommand: what `cajal grade --exercise DIR [--format human|json|gradescope|junit|tap]
// [--output FILE] SUBMISSION` does once its arguments are parsed (Sources/cajal/Grade.swift) —
// the teacher's side: every check, hidden ones included; with `--output-dir OUT` any number of
// submission files and folders (GradeCommand+Batch.swift). Exit codes: 0 graded (whatever the
// score), 64 usage, 66 the exercise folder is broken, 73 the report cannot be written.
// Each submission is graded in its own child process (Isolation.swift).
import Diagnostics
import Foundation

/// The report formats of `cajal grade`.
public enum ReportFormat: String, CaseIterable, Sendable {
    case human, json, gradescope, junit, tap
}

extension GradeReport {
    /// The report in `format` (`color` only affects `human`).
    public func render(_ format: ReportFormat, color: Bool = false) -> String {
        switch format {
        case .human: return human(color: color)
        case .json: return json()
        case .gradescope: return gradescope()
        case .junit: return junit()
        case .tap: return tap()
        }
    }
}

public enum GradeCommand {
    /// Grades one submission with every check and writes the report to standard output or to
    /// `output` (atomically). The command line (Sources/cajal) has checked the arguments.
    public static func grade(exercise exerciseDir: String, submission file: String, format: ReportFormat,
                             output: String?) -> Int32 {
        guard let exercise = load(exerciseDir) else { return 66 }
        let report = Isolation.grade(exercise, submissionPath: file, executable: Isolation.executable)
        let color = output == nil && format == .human
            && ColorPolicy.decide(environment: ProcessInfo.processInfo.environment, isTerminal: isatty(1) != 0).enabled
        let text = report.render(format, color: color)
        guard let output else {
            FileHandle.standardOutput.write(Data(text.utf8))
            return 0
        }
        do {
            try Data(text.utf8).write(to: URL(fileURLWithPath: output), options: .atomic)
        } catch {
            writeError("cajal grade: cannot write '\(output)': \(error.localizedDescription)")
            return 73
        }
        return 0
    }

    /// Grades a class: every submission file or folder in `submissions`, one report each in
    /// `outputDir` (GradeCommand+Batch.swift).
    public static func gradeBatch(exercise exerciseDir: String, submissions: [String], format: ReportFormat,
                                  outputDir: String) -> Int32 {
        guard let exercise = load(exerciseDir) else { return 66 }
        switch collect(submissions) {
        case .failure(let e):
            writeError("cajal grade: \(e.message)")
            return 64
        case .success(let batch):
            return gradeBatch(exercise, batch, format: format, outputDir: outputDir)
        }
    }

    /// Why `submissions` cannot be graded as a batch (a missing file, two students with one
    /// name, no `.cajal` file at all), or nil: a usage mistake the command line reports first.
    public static func batchProblem(_ submissions: [String]) -> String? {
        if case .failure(let e) = collect(submissions) { return e.message }
        return nil
    }

    /// The exercise in `directory`, or nil after saying why it is broken.
    static func load(_ directory: String) -> Exercise? {
        do {
            return try Exercise(directory: URL(fileURLWithPath: directory))
        } catch {
            writeError("cajal grade: the exercise is broken: \(error)")
            return nil
        }
    }
}

func writeError(_ s: String) {
    FileHandle.standardError.write(Data((s + "\n").utf8))
}
