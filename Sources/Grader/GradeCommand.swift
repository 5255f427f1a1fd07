// GradeCommand: `cajal grade --exercise DIR [--format human|json|gradescope|junit|tap]
// [--output FILE] SUBMISSION` — the teacher's side: every check, hidden ones included; with
// `--output-dir OUT` any number of submission files and folders (GradeCommand+Batch.swift).
// Exit codes: 0 graded (whatever the score), 64 usage, 66 the exercise folder is broken,
// 73 the report cannot be written. Each submission is graded in its own child process
// (Isolation.swift).
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
    public static let usage = "cajal grade --exercise DIR [--format human|json|gradescope|junit|tap] [--output FILE] SUBMISSION\n"
        + "       cajal grade --exercise DIR [--format ...] --output-dir OUT SUBMISSION_OR_FOLDER..."

    /// Runs `cajal grade` with the arguments after the command name.
    public static func run(_ args: [String]) -> Int32 {
        var exerciseDir: String?, output: String?, outputDir: String?, submissions: [String] = []
        var format = ReportFormat.human
        var i = 0
        func value() -> String? {
            i += 1
            return i < args.count ? args[i] : nil
        }
        while i < args.count {
            switch args[i] {
            case "--exercise": guard let v = value() else { return usage("--exercise needs a folder") }; exerciseDir = v
            case "--output": guard let v = value() else { return usage("--output needs a file") }; output = v
            case "--output-dir": guard let v = value() else { return usage("--output-dir needs a folder") }; outputDir = v
            case "--format":
                guard let v = value(), let f = ReportFormat(rawValue: v) else {
                    return usage("--format must be one of " + ReportFormat.allCases.map(\.rawValue).joined(separator: ", "))
                }
                format = f
            default:
                if args[i].hasPrefix("-") { return usage("unknown option '\(args[i])' for 'grade'") }
                submissions.append(args[i])
            }
            i += 1
        }
        guard let dir = exerciseDir, !submissions.isEmpty else { return usage("usage: \(usage)") }
        if output != nil && outputDir != nil { return usage("use --output for one submission or --output-dir for many, not both") }
        if outputDir == nil && submissions.count > 1 {
            return usage("several submissions need --output-dir OUT (one report per submission)")
        }
        let exercise: Exercise
        do {
            exercise = try Exercise(directory: URL(fileURLWithPath: dir))
        } catch {
            writeError("cajal grade: the exercise is broken: \(error)")
            return 66
        }
        if let outputDir {
            switch collect(submissions) {
            case .failure(let e): return usage(e.message)
            case .success(let batch): return gradeBatch(exercise, batch, format: format, outputDir: outputDir)
            }
        }
        let file = submissions[0]
        let report = Isolation.grade(exercise, submissionPath: file, executable: Isolation.executable)
        let color = output == nil && format == .human && isatty(1) != 0 && ProcessInfo.processInfo.environment["NO_COLOR"] == nil
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

    static func usage(_ message: String) -> Int32 {
        writeError("cajal grade: \(message)\nusage: \(usage)")
        return 64
    }
}

func writeError(_ s: String) {
    FileHandle.standardError.write(Data((s + "\n").utf8))
}
