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

/// A batch's submissions, what it skipped (one warning each) and Gradescope's metadata.
struct BatchInput {
    var submissions: [BatchSubmission] = []
    var warnings: [String] = []
    /// submission_metadata.yml of an argument folder: submitters per `submission_NNN` folder.
    var metadata: [String: [RosterEntry]] = [:]
}

extension GradeCommand {
    /// Expands the command line's submissions (files and folders) into a sorted list, or says
    /// which argument is neither. A folder's `.cajal` files are submissions; a subfolder is one
    /// student's: its `answer.cajal`, or else its one `.cajal` file whatever the name
    /// (`henry/softmax.cajal`, Gradescope's `submission_NNN/`). Everything else is skipped with a
    /// warning that says why (dot files excepted), and Gradescope's submission_metadata.yml is read.
    static func collect(_ arguments: [String]) -> Result<BatchInput, BatchError> {
        let fm = FileManager.default
        var input = BatchInput()
        func isFolder(_ path: String) -> Bool {
            var d: ObjCBool = false
            return fm.fileExists(atPath: path, isDirectory: &d) && d.boolValue
        }
        for argument in arguments {
            guard fm.fileExists(atPath: argument) else {
                return .failure(BatchError(message: "no such file or folder '\(argument)'"))
            }
            guard isFolder(argument) else {
                input.submissions.append(BatchSubmission(name: studentName(argument), path: argument))
                continue
            }
            let entries = ((try? fm.contentsOfDirectory(atPath: argument)) ?? []).sorted()
            for entry in entries where !entry.hasPrefix(".") {
                let path = (argument as NSString).appendingPathComponent(entry)
                if !isFolder(path) {
                    if entry.hasSuffix(".cajal") {
                        input.submissions.append(BatchSubmission(name: studentName(path), path: path))
                    } else if entry == GradescopeMetadata.fileName {
                        let text = String(decoding: fm.contents(atPath: path) ?? Data(), as: UTF8.self)
                        input.metadata.merge(GradescopeMetadata.parse(text)) { a, _ in a }
                    } else {
                        input.warnings.append(skipped(path, because: notCajal(entry)))
                    }
                    continue
                }
                let inside = ((try? fm.contentsOfDirectory(atPath: path)) ?? []).filter { !$0.hasPrefix(".") }.sorted()
                let files = inside.filter { $0.hasSuffix(".cajal") && !isFolder((path as NSString).appendingPathComponent($0)) }
                if files.contains(LearnerCommands.answerName) {
                    input.submissions.append(BatchSubmission(name: entry, path: (path as NSString).appendingPathComponent(LearnerCommands.answerName)))
                } else if files.count == 1 {
                    input.submissions.append(BatchSubmission(name: entry, path: (path as NSString).appendingPathComponent(files[0])))
                } else if files.count > 1 {
                    input.warnings.append(skipped(path + "/", because: "\(files.count) .cajal files (\(files.joined(separator: ", "))) and no answer.cajal, so which one to grade is unclear"))
                } else if inside.isEmpty {
                    input.warnings.append(skipped(path + "/", because: "an empty folder"))
                } else {
                    let deeper = inside.filter { isFolder((path as NSString).appendingPathComponent($0)) }
                    let why = deeper.isEmpty
                        ? "no .cajal file in it (it holds \(inside.prefix(3).joined(separator: ", "))\(inside.count > 3 ? ", …" : ""))"
                        : "no .cajal file at its top (folders inside it are not searched: give \(path)/\(deeper[0]) to cajal grade itself)"
                    input.warnings.append(skipped(path + "/", because: why))
                }
            }
        }
        input.submissions.sort { $0.name < $1.name }
        var seen: [String: Int] = [:]
        for s in input.submissions {
            seen[s.name, default: 0] += 1
        }
        if let twice = seen.first(where: { $0.value > 1 })?.key {
            return .failure(BatchError(message: "two submissions would both write the report '\(twice)'"))
        }
        if input.submissions.isEmpty {
            let why = input.warnings.isEmpty ? "" : "\n" + input.warnings.map { "  " + $0 }.joined(separator: "\n")
            return .failure(BatchError(message: "no .cajal submissions found in " + arguments.joined(separator: ", ") + why))
        }
        return .success(input)
    }

    /// The warning for a skipped file or folder.
    static func skipped(_ path: String, because why: String) -> String {
        "skipped \(path): \(why)"
    }

    /// Why a file that does not end in `.cajal` is not graded.
    static func notCajal(_ name: String) -> String {
        if let r = name.range(of: ".cajal.") {
            return "not a .cajal file (rename it to \(name[..<r.lowerBound]).cajal to grade it)"
        }
        return "not a .cajal file"
    }

    /// `alice.cajal` → alice; `alice/answer.cajal` → alice.
    static func studentName(_ path: String) -> String {
        let url = URL(fileURLWithPath: path)
        let base = url.deletingPathExtension().lastPathComponent
        return base == "answer" ? url.deletingLastPathComponent().lastPathComponent : base
    }

    /// Grades every submission, writes the reports and `summary.csv` into `outputDir` and
    /// prints the table. Returns the exit status (0; 1 when `failUnder` is set and a student
    /// scored below it; 73 when a file cannot be written).
    static func gradeBatch(_ exercise: Exercise, _ input: BatchInput, options: GradeOptions, roster: [RosterEntry]?,
                           outputDir: String) -> Int32 {
        let out = URL(fileURLWithPath: outputDir)
        do {
            try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        } catch {
            writeError("cajal grade: cannot make the folder '\(outputDir)': \(error.localizedDescription)")
            return 73
        }
        for w in input.warnings { writeError("cajal grade: warning: \(w)") }
        let showProgress = isatty(2) != 0
        var graded: [(BatchSubmission, GradeReport)] = []
        let submissions = input.submissions
        for (i, s) in submissions.enumerated() {
            if showProgress { writeError("grading \(i + 1)/\(submissions.count): \(s.name)") }
            var report = Isolation.grade(exercise, submissionPath: s.path, executable: Isolation.executable,
                                         includeHidden: !options.visibleOnly)
            report.student = s.name
            let file = out.appendingPathComponent(s.name + "." + options.format.fileExtension)
            do {
                try Data(report.render(options.format).utf8).write(to: file, options: .atomic)
            } catch {
                writeError("cajal grade: cannot write '\(file.path)': \(error.localizedDescription)")
                return 73
            }
            graded.append((s, report))
        }
        let (rows, warnings) = Gradebook.rows(graded: graded, roster: roster, metadata: input.metadata)
        for w in warnings { writeError("cajal grade: warning: \(w)") }
        let checks = exercise.checks.filter { !options.visibleOnly || !$0.hidden }
        let maxScore = checks.reduce(0) { $0 + $1.points }
        let summary = out.appendingPathComponent("summary.csv")
        do {
            try Data(summaryCSV(rows, maxScore: maxScore, checks: checks.count).utf8).write(to: summary, options: .atomic)
        } catch {
            writeError("cajal grade: cannot write '\(summary.path)': \(error.localizedDescription)")
            return 73
        }
        FileHandle.standardOutput.write(Data(summaryTable(rows, maxScore: maxScore, folder: outputDir).utf8))
        if let bar = options.failUnder {
            let below = rows.filter { ($0.report.map { percent($0) } ?? 0) < bar }
            if !below.isEmpty {
                writeError("cajal grade: \(below.count) of \(rows.count) below --fail-under \(formatPoints(bar))%: " + below.map(\.student).joined(separator: ", "))
                return 1
            }
        }
        return 0
    }

    /// A report's score as a percentage of its maximum (100 when there is nothing to score).
    static func percent(_ r: GradeReport) -> Double {
        r.maxScore > 0 ? 100 * r.score / r.maxScore : 100
    }

    /// `student,id,email,submission,score,max_score,passed,failed,status` — one row per student
    /// (a missing one scores 0 with every check failed).
    static func summaryCSV(_ rows: [GradebookRow], maxScore: Double, checks: Int) -> String {
        var lines = ["student,id,email,submission,score,max_score,passed,failed,status"]
        for row in rows {
            let who = [row.student, row.id, row.email, row.submission].map(csvCell).joined(separator: ",")
            guard let r = row.report else {
                lines.append("\(who),0,\(formatPoints(maxScore)),0,\(checks),\(SubmissionStatus.missing.rawValue)")
                continue
            }
            lines.append("\(who),\(formatPoints(r.score)),\(formatPoints(r.maxScore)),\(r.passedCount),\(r.failedCount),\(r.status.rawValue)")
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

    /// The table shown after a batch: one line per student with the status, then the mean
    /// score of those who submitted (and how many did not).
    static func summaryTable(_ rows: [GradebookRow], maxScore: Double, folder: String) -> String {
        let width = max(7, rows.map(\.student.count).max() ?? 0)
        func pad(_ s: String, _ w: Int) -> String { s + String(repeating: " ", count: max(0, w - s.count)) }
        let scores = rows.map { r in r.report.map { "\(formatPoints($0.score))/\(formatPoints($0.maxScore))" } ?? "0/\(formatPoints(maxScore))" }
        let scoreWidth = max(5, scores.map(\.count).max() ?? 0)
        var lines = [pad("student", width) + "  " + pad("score", scoreWidth) + "  status"]
        for (row, score) in zip(rows, scores) {
            lines.append(pad(row.student, width) + "  " + pad(score, scoreWidth) + "  " + (row.report?.status ?? .missing).rawValue)
        }
        let reports = rows.compactMap(\.report)
        let mean = reports.isEmpty ? 0 : reports.map(\.score).reduce(0, +) / Double(reports.count)
        let missing = rows.count - reports.count
        lines.append("\(reports.count) graded\(missing > 0 ? ", \(missing) missing" : ""), mean score \(formatPoints((mean * 100).rounded() / 100)); reports and summary.csv in \(folder)")
        return lines.joined(separator: "\n") + "\n"
    }
}

/// A batch that cannot start (a missing file, two students with one name).
struct BatchError: Error {
    var message: String
}
