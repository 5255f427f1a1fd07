// GradeCommand+Batch: `cajal grade --exercise DIR --output-dir OUT SUBMISSION...` — a class's
// submissions in one run. Each SUBMISSION is a `.cajal` file or a folder: a folder's `.cajal`
// files are graded (`subs/alice.cajal`), and its subfolders' `answer.cajal` files too
// (`subs/alice/answer.cajal`, the layout course platforms download). One report per submission
// goes to OUT (named after the student), plus `summary.csv`; a table goes to standard output.
import Foundation

/// One submission of a batch: who it is and where the file is.
struct BatchSubmission: Equatable {
    /// The report's base name: the file's name without `.cajal`, or the folder's name for
    /// `NAME/answer.cajal`.
    var name: String
    var path: String
}

extension ReportFormat {
    /// The file extension of a report in this format.
    var fileExtension: String {
        switch self {
        case .human: return "txt"
        case .json: return "json"
        case .gradescope: return "results.json"
        case .junit: return "xml"
        case .tap: return "tap"
        }
    }
}

extension GradeCommand {
    /// Expands the command line's submissions (files and folders) into a sorted list, or says
    /// which argument is neither.
    static func collect(_ arguments: [String]) -> Result<[BatchSubmission], BatchError> {
        let fm = FileManager.default
        var found: [BatchSubmission] = []
        for argument in arguments {
            var isDirectory: ObjCBool = false
            guard fm.fileExists(atPath: argument, isDirectory: &isDirectory) else {
                return .failure(BatchError(message: "no such file or folder '\(argument)'"))
            }
            guard isDirectory.boolValue else {
                found.append(BatchSubmission(name: studentName(argument), path: argument))
                continue
            }
            let entries = ((try? fm.contentsOfDirectory(atPath: argument)) ?? []).sorted()
            for entry in entries where !entry.hasPrefix(".") {
                let path = (argument as NSString).appendingPathComponent(entry)
                var sub: ObjCBool = false
                guard fm.fileExists(atPath: path, isDirectory: &sub) else { continue }
                if !sub.boolValue, entry.hasSuffix(".cajal") {
                    found.append(BatchSubmission(name: studentName(path), path: path))
                } else if sub.boolValue {
                    let answer = (path as NSString).appendingPathComponent("answer.cajal")
                    if fm.fileExists(atPath: answer) { found.append(BatchSubmission(name: entry, path: answer)) }
                }
            }
        }
        var seen: [String: Int] = [:]
        for s in found {
            seen[s.name, default: 0] += 1
        }
        if let twice = seen.first(where: { $0.value > 1 })?.key {
            return .failure(BatchError(message: "two submissions would both write the report '\(twice)'"))
        }
        if found.isEmpty { return .failure(BatchError(message: "no .cajal submissions found in " + arguments.joined(separator: ", "))) }
        return .success(found)
    }

    /// `alice.cajal` → alice; `alice/answer.cajal` → alice.
    static func studentName(_ path: String) -> String {
        let url = URL(fileURLWithPath: path)
        let base = url.deletingPathExtension().lastPathComponent
        return base == "answer" ? url.deletingLastPathComponent().lastPathComponent : base
    }

    /// Grades every submission, writes the reports and `summary.csv` into `outputDir` and
    /// prints the table. Returns the exit status (0, or 73 when a file cannot be written).
    static func gradeBatch(_ exercise: Exercise, _ submissions: [BatchSubmission], format: ReportFormat,
                           outputDir: String) -> Int32 {
        let out = URL(fileURLWithPath: outputDir)
        do {
            try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        } catch {
            writeError("cajal grade: cannot make the folder '\(outputDir)': \(error.localizedDescription)")
            return 73
        }
        let showProgress = isatty(2) != 0
        var rows: [(BatchSubmission, GradeReport)] = []
        for (i, s) in submissions.enumerated() {
            if showProgress { writeError("grading \(i + 1)/\(submissions.count): \(s.name)") }
            let report = Isolation.grade(exercise, submissionPath: s.path, executable: Isolation.executable)
            let file = out.appendingPathComponent(s.name + "." + format.fileExtension)
            do {
                try Data(report.render(format).utf8).write(to: file, options: .atomic)
            } catch {
                writeError("cajal grade: cannot write '\(file.path)': \(error.localizedDescription)")
                return 73
            }
            rows.append((s, report))
        }
        let summary = out.appendingPathComponent("summary.csv")
        do {
            try Data(summaryCSV(rows.map(\.1), names: rows.map(\.0.name)).utf8).write(to: summary, options: .atomic)
        } catch {
            writeError("cajal grade: cannot write '\(summary.path)': \(error.localizedDescription)")
            return 73
        }
        FileHandle.standardOutput.write(Data(summaryTable(rows.map(\.1), names: rows.map(\.0.name), folder: outputDir).utf8))
        return 0
    }

    /// `student,score,max_score,passed,failed,report` — one row per submission.
    static func summaryCSV(_ reports: [GradeReport], names: [String]) -> String {
        var lines = ["student,score,max_score,passed,failed"]
        for (name, r) in zip(names, reports) {
            lines.append("\(csvCell(name)),\(formatPoints(r.score)),\(formatPoints(r.maxScore)),\(r.passedCount),\(r.failedCount)")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// One CSV cell: quoted when it holds a comma, quote or line break; a leading `=`, `+`, `-`,
    /// `@`, tab or carriage return gets a `'` first, so a spreadsheet shows a file named
    /// `=HYPERLINK(…)` as text instead of running it as a formula (OWASP's CSV-injection advice).
    static func csvCell(_ text: String) -> String {
        var s = text
        if let first = s.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first) { s = "'" + s }
        guard s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return s }
        return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// The table shown after a batch: one line per student, then the mean score.
    static func summaryTable(_ reports: [GradeReport], names: [String], folder: String) -> String {
        let width = max(7, names.map(\.count).max() ?? 0)
        func pad(_ s: String) -> String { s + String(repeating: " ", count: max(0, width - s.count)) }
        var lines = [pad("student") + "  score"]
        for (name, r) in zip(names, reports) {
            lines.append(pad(name) + "  \(formatPoints(r.score))/\(formatPoints(r.maxScore))")
        }
        let mean = reports.isEmpty ? 0 : reports.map(\.score).reduce(0, +) / Double(reports.count)
        lines.append("\(reports.count) graded, mean score \(formatPoints((mean * 100).rounded() / 100)); reports and summary.csv in \(folder)")
        return lines.joined(separator: "\n") + "\n"
    }
}

/// A batch that cannot start (a missing file, two students with one name).
struct BatchError: Error {
    var message: String
}
