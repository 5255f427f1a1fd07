// GradeCommand: what `cajal grade --exercise DIR [--format human|json|gradescope|junit|tap]
// [--output FILE] SUBMISSION` does once its arguments are parsed (Sources/cajal/Grade.swift) —
// the teacher's side: every check, hidden ones included; with `--output-dir OUT` any number of
// submission files and folders (GradeCommand+Batch.swift). Exit codes: 0 graded (whatever the
// score), 1 a score below `--fail-under`, 64 usage, 66 the exercise folder (or the roster) is
// broken, 73 the report cannot be written.
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

/// What `cajal grade` was asked for, beside the exercise and the submissions.
public struct GradeOptions: Sendable {
    public var format: ReportFormat
    /// Only the visible checks run: no hidden check's name, message or points reaches any
    /// report (a learner's CI).
    public var visibleOnly: Bool
    /// Exit status 1 when a score is below this percentage of the maximum.
    public var failUnder: Double?

    public init(format: ReportFormat = .human, visibleOnly: Bool = false, failUnder: Double? = nil) {
        self.format = format
        self.visibleOnly = visibleOnly
        self.failUnder = failUnder
    }
}

public enum GradeCommand {
    /// Grades one submission with every check (the visible ones only with `visibleOnly`) and
    /// writes the report to standard output or to `output` (atomically). The command line
    /// (Sources/cajal) has checked the arguments.
    public static func grade(exercise exerciseDir: String, submission file: String, options: GradeOptions,
                             output: String?) -> Int32 {
        guard let exercise = load(exerciseDir, visibleOnly: options.visibleOnly) else { return 66 }
        let format = options.format
        var report: GradeReport
        switch uploadedFile(in: file) {
        case .success(let path):
            report = Isolation.grade(exercise, submissionPath: path, executable: Isolation.executable,
                                     includeHidden: !options.visibleOnly)
            report.student = studentName(path)
        case .failure(let problem):
            let specs = exercise.checks.filter { !options.visibleOnly || !$0.hidden }
            report = GradeReport(exerciseID: exercise.id, title: exercise.title, submission: URL(fileURLWithPath: file).lastPathComponent + "/",
                                 results: specs.map { CheckResult(spec: $0, status: .error, score: 0, message: problem.message, stdout: "", seconds: 0) },
                                 seconds: 0)
        }
        let color = output == nil && format == .human
            && ColorPolicy.decide(environment: ProcessInfo.processInfo.environment, isTerminal: isatty(1) != 0).enabled
        let text = report.render(format, color: color)
        if let output {
            do {
                try Data(text.utf8).write(to: URL(fileURLWithPath: output), options: .atomic)
            } catch {
                writeError("cajal grade: cannot write '\(output)': \(error.localizedDescription)")
                return 73
            }
        } else {
            FileHandle.standardOutput.write(Data(text.utf8))
        }
        if let bar = options.failUnder, percent(report) < bar {
            writeError("cajal grade: \(formatPoints((percent(report) * 100).rounded() / 100))% is below --fail-under \(formatPoints(bar))%")
            return 1
        }
        return 0
    }

    /// Grades a class: every submission file or folder in `submissions`, one report each in
    /// `outputDir` and a gradebook, summary.csv, with a row per student of `roster` when given
    /// (GradeCommand+Batch.swift, Gradebook.swift).
    public static func gradeBatch(exercise exerciseDir: String, submissions: [String], options: GradeOptions,
                                  roster rosterPath: String? = nil, outputDir: String) -> Int32 {
        guard let exercise = load(exerciseDir, visibleOnly: options.visibleOnly) else { return 66 }
        var roster: [RosterEntry]?
        if let rosterPath {
            do { roster = try Roster.load(rosterPath) } catch {
                writeError("cajal grade: \(error)")
                return 66
            }
        }
        switch collect(submissions) {
        case .failure(let e):
            writeError("cajal grade: \(e.message)")
            return 64
        case .success(let batch):
            return gradeBatch(exercise, batch, options: options, roster: roster, outputDir: outputDir)
        }
    }

    /// The file to grade when the submission is `path`: the file itself, or for a folder (what
    /// a student uploaded, as in Gradescope's /autograder/submission) the one `.cajal` file in
    /// it, whatever its name and however deep (`answer.cajal` when there are several). A folder
    /// with none, or several and no answer.cajal, gets a message that says what it holds.
    static func uploadedFile(in path: String) -> Result<String, BatchError> {
        let fm = FileManager.default
        var isDirectory: ObjCBool = false
        guard fm.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue else { return .success(path) }
        let root = URL(fileURLWithPath: path)
        var cajal: [String] = [], other: [String] = []
        if let walker = fm.enumerator(at: root, includingPropertiesForKeys: [.isDirectoryKey], options: [.skipsHiddenFiles]) {
            for case let url as URL in walker where (try? url.resourceValues(forKeys: [.isDirectoryKey]).isDirectory) != true {
                let relative = String(url.standardizedFileURL.path.dropFirst(root.standardizedFileURL.path.count + 1))
                if url.pathExtension == "cajal" { cajal.append(relative) } else { other.append(relative) }
            }
        }
        cajal.sort()
        if cajal.count == 1 { return .success(root.appendingPathComponent(cajal[0]).path) }
        if cajal.contains(LearnerCommands.answerName) { return .success(root.appendingPathComponent(LearnerCommands.answerName).path) }
        if cajal.isEmpty {
            let held = other.isEmpty ? "nothing" : other.sorted().prefix(5).joined(separator: ", ") + (other.count > 5 ? ", …" : "")
            return .failure(BatchError(message: "your submission has no .cajal file (it holds \(held)): upload the one .cajal file with your answer"))
        }
        return .failure(BatchError(message: "your submission has \(cajal.count) .cajal files (\(cajal.joined(separator: ", "))): upload only the one with your answer, or name it answer.cajal"))
    }

    /// Why `submissions` cannot be graded as a batch (a missing file, two students with one
    /// name, no `.cajal` file at all), or nil: a usage mistake the command line reports first.
    public static func batchProblem(_ submissions: [String]) -> String? {
        if case .failure(let e) = collect(submissions) { return e.message }
        return nil
    }

    /// The exercise in `directory` (a path to its folder, or, when no such folder exists, its
    /// name under the current folder, as `cajal check` takes it), or nil after saying why it is
    /// broken. A learner's copy (no solution.cajal, no hidden checks) is graded only with
    /// `visibleOnly`: a learner's own CI runs the visible checks, which that copy holds.
    static func load(_ directory: String, visibleOnly: Bool = false) -> Exercise? {
        var isDir: ObjCBool = false
        let exercise: Exercise
        if !FileManager.default.fileExists(atPath: directory, isDirectory: &isDir), !directory.contains("/") {
            switch LearnerCommands.find(directory, root: URL(fileURLWithPath: FileManager.default.currentDirectoryPath).standardizedFileURL) {
            case .success(let e): exercise = e
            case .failure(let e): writeError("cajal grade: \(e)"); return nil
            }
        } else {
            do { exercise = try Exercise(directory: URL(fileURLWithPath: directory)) } catch {
                writeError("cajal grade: the exercise is broken: \(error)")
                return nil
            }
        }
        guard exercise.hasSolution || visibleOnly else {
            writeError("cajal grade: \(exercise.directory.path) has no solution.cajal: it looks like a learner's copy (cajal assign), whose hidden checks are left out; grade with the autograder copy, or run its visible checks with --visible-only")
            return nil
        }
        return exercise
    }
}

func writeError(_ s: String) {
    FileHandle.standardError.write(Data((s + "\n").utf8))
}
