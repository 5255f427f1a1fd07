// Gradebook: who a batch's submissions belong to, and a row for every student. A roster CSV
// (`cajal grade --roster roster.csv`) gives each student's name, ID and email; Gradescope's
// "Export Submissions" folder carries submission_metadata.yml, which says whose each
// `submission_NNN/` folder is. Students on the roster who submitted nothing get 0 with status
// `missing`; a submission no roster row claims is graded and named in a warning.
import Foundation

/// How a submission's grading ended, as the gradebook's `status` column says it.
public enum SubmissionStatus: String, Sendable {
    /// Every check ran (whatever the score).
    case ok
    /// The file could not run at all: it does not compile, or it uses what graded work may not
    /// (a file builtin, an import outside its folder).
    case staticError = "static-error"
    /// A time, step, memory, recursion or output limit stopped it.
    case limit
    /// Some check could not run for another reason: an error while loading, a clash with a
    /// builtin the checks use, a crash.
    case error
    /// On the roster, but nothing was submitted.
    case missing
}

extension GradeReport {
    /// The gradebook status of this report (`missing` is the gradebook's own, never a report's).
    public var status: SubmissionStatus {
        let problems = results.filter { $0.status == .error }.map(\.message)
        if problems.isEmpty { return .ok }
        if problems.contains(where: Self.isLimit) { return .limit }
        if problems.count == results.count, Set(problems).count == 1, Self.isStatic(problems[0]) { return .staticError }
        return .error
    }

    /// A message from a limit (Watchdog, the step budget, recursion, the worker's rlimits).
    static func isLimit(_ message: String) -> Bool {
        ["limit exceeded", "hit a limit", "stack overflow", "would need"].contains { message.contains($0) }
    }

    /// A message from a file that never ran: compile errors and the sandbox's refusals.
    static func isStatic(_ message: String) -> Bool {
        message.hasPrefix("your file has an error") || message.contains("which reads or writes files")
            || message.contains("which is outside the submission's folder") || message.contains("the exercise's own checks or solution")
    }
}

/// One student of a roster.
public struct RosterEntry: Equatable, Sendable {
    public var name: String
    public var id: String
    public var email: String
    /// A login or user name, when the roster has one.
    public var login: String

    public init(name: String, id: String = "", email: String = "", login: String = "") {
        self.name = name
        self.id = id
        self.email = email
        self.login = login
    }

    /// The names a submission of this student may carry (its file or folder name), lowercased.
    var keys: Set<String> {
        var k: Set<String> = []
        for s in [name, id, email, login] where !s.isEmpty { k.insert(s.lowercased()) }
        if let at = email.firstIndex(of: "@") { k.insert(email[..<at].lowercased()) }
        return k
    }
}

/// A roster file, read.
public enum Roster {
    /// Reads a roster CSV with a header row. Recognised columns (any case; spaces, `-` and `_`
    /// alike): a name (`name`, `student`, `full name`, or `first name` plus `last name`), an ID
    /// (`id`, `sid`, `student id`, `student number`), an email (`email`, `e-mail`) and a login
    /// (`login`, `username`, `user`). With a `role` column only rows whose role is `student`
    /// count (Gradescope's roster export lists the staff too).
    public static func parse(_ text: String, path: String) throws -> [RosterEntry] {
        let rows = csvRows(text)
        guard let header = rows.first else { throw ExerciseError(file: path, line: 1, message: "the roster is empty") }
        func column(_ names: [String]) -> Int? {
            header.firstIndex { cell in
                let c = cell.lowercased().replacingOccurrences(of: "_", with: " ").replacingOccurrences(of: "-", with: " ")
                    .trimmingCharacters(in: .whitespaces)
                return names.contains(c)
            }
        }
        let name = column(["name", "student", "full name", "student name"])
        let first = column(["first name", "given name"]), last = column(["last name", "family name", "surname"])
        let id = column(["id", "sid", "student id", "studentid", "student number"])
        let email = column(["email", "e mail", "email address"])
        let login = column(["login", "username", "user name", "user"])
        let role = column(["role"])
        guard name != nil || first != nil || id != nil || email != nil || login != nil else {
            throw ExerciseError(file: path, line: 1, message: "the roster's first row names no column cajal knows: give it a header with name, id, email or login (found: \(header.joined(separator: ", ")))")
        }
        var entries: [RosterEntry] = []
        for row in rows.dropFirst() where !row.allSatisfy({ $0.trimmingCharacters(in: .whitespaces).isEmpty }) {
            func cell(_ i: Int?) -> String {
                guard let i, i < row.count else { return "" }
                return row[i].trimmingCharacters(in: .whitespaces)
            }
            if role != nil, !cell(role).isEmpty, cell(role).lowercased() != "student" { continue }
            var full = cell(name)
            if full.isEmpty { full = [cell(first), cell(last)].filter { !$0.isEmpty }.joined(separator: " ") }
            let entry = RosterEntry(name: full.isEmpty ? (cell(login).isEmpty ? cell(id) : cell(login)) : full,
                                    id: cell(id), email: cell(email), login: cell(login))
            entries.append(entry)
        }
        return entries
    }

    /// Reads the roster at `path`.
    public static func load(_ path: String) throws -> [RosterEntry] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ExerciseError(file: path, line: 0, message: "cannot read the roster")
        }
        return try parse(String(decoding: data, as: UTF8.self), path: path)
    }

    /// The rows of a CSV text (RFC 4180: quoted cells may hold commas, quotes and line breaks).
    static func csvRows(_ text: String) -> [[String]] {
        var rows: [[String]] = [], row: [String] = [], cell = ""
        var quoted = false, wasQuoted = false
        var chars = Array(text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text)[...]
        while let c = chars.popFirst() {
            if quoted {
                if c == "\"" {
                    if chars.first == "\"" { cell.append("\""); chars.removeFirst() } else { quoted = false }
                } else { cell.append(c) }
                continue
            }
            switch c {
            case "\"" where cell.isEmpty && !wasQuoted: quoted = true; wasQuoted = true
            case ",": row.append(cell); cell = ""; wasQuoted = false
            case "\n", "\r\n", "\r":
                row.append(cell); rows.append(row)
                row = []; cell = ""; wasQuoted = false
            default: cell.append(c)
            }
        }
        if !cell.isEmpty || !row.isEmpty || wasQuoted { row.append(cell); rows.append(row) }
        return rows
    }
}

/// Gradescope's submission_metadata.yml: for each `submission_NNN` folder, its submitters.
public enum GradescopeMetadata {
    public static let fileName = "submission_metadata.yml"

    /// The submitters of each submission folder, from the file's YAML. Only the fields cajal
    /// uses are read: a top-level `submission_NNN:` key, and under `:submitters:` each `- :name:`,
    /// `:sid:` and `:email:` (Gradescope writes Ruby symbols as keys, values plain or quoted).
    public static func parse(_ text: String) -> [String: [RosterEntry]] {
        var result: [String: [RosterEntry]] = [:]
        var current: String?
        var inSubmitters = false
        for raw in text.split(separator: "\n", omittingEmptySubsequences: true) {
            let line = String(raw).replacingOccurrences(of: "\r", with: "")
            if !line.hasPrefix(" "), !line.hasPrefix("-"), line.hasSuffix(":") {
                current = unquote(String(line.dropLast()))
                inSubmitters = false
                result[current!] = result[current!] ?? []
                continue
            }
            guard let key = current else { continue }
            var body = line.trimmingCharacters(in: .whitespaces)
            let indent = line.prefix { $0 == " " }.count
            if indent <= 2, !body.hasPrefix("-") {
                inSubmitters = body.hasPrefix(":submitters:") || body.hasPrefix("submitters:")
                continue
            }
            guard inSubmitters else { continue }
            let starts = body.hasPrefix("- ")
            if starts { body = String(body.dropFirst(2)).trimmingCharacters(in: .whitespaces) }
            guard let colon = body.range(of: ": ") ?? (body.hasSuffix(":") ? body.range(of: ":", options: .backwards) : nil) else { continue }
            var field = String(body[..<colon.lowerBound])
            if field.hasPrefix(":") { field.removeFirst() }
            let value = unquote(String(body[colon.upperBound...]).trimmingCharacters(in: .whitespaces))
            if starts || result[key]!.isEmpty { result[key]!.append(RosterEntry(name: "")) }
            let i = result[key]!.count - 1
            switch field {
            case "name": result[key]![i].name = value
            case "sid": result[key]![i].id = value
            case "email": result[key]![i].email = value
            default: break
            }
        }
        return result
    }

    /// `'abc'` or `"abc"` → abc.
    static func unquote(_ s: String) -> String {
        let t = s.trimmingCharacters(in: .whitespaces)
        guard t.count >= 2, let f = t.first, f == t.last, f == "'" || f == "\"" else { return t }
        return String(t.dropFirst().dropLast())
    }
}

/// One row of the gradebook: a student and their graded report, or nothing submitted.
struct GradebookRow {
    var student: String
    var id: String
    var email: String
    /// The report's base name in the output folder; empty when nothing was submitted.
    var submission: String
    var report: GradeReport?
}

enum Gradebook {
    /// The rows: roster students in roster order (each with the submission that matches them, or
    /// missing), then submissions no roster row claims. `metadata` gives the submitters of
    /// Gradescope folders. Returns the rows and a warning per doubtful match.
    static func rows(graded: [(BatchSubmission, GradeReport)], roster: [RosterEntry]?,
                     metadata: [String: [RosterEntry]]) -> (rows: [GradebookRow], warnings: [String]) {
        var warnings: [String] = []
        // Who each submission says it is: Gradescope's submitters, else its own name.
        func people(_ s: BatchSubmission) -> [RosterEntry] {
            let submitters = metadata[s.name] ?? []
            return submitters.isEmpty ? [RosterEntry(name: s.name)] : submitters
        }
        guard let roster else {
            let rows = graded.map { s, r -> GradebookRow in
                let p = people(s)
                return GradebookRow(student: p.map(\.name).filter { !$0.isEmpty }.joined(separator: "; ").nonEmpty ?? s.name,
                                    id: p.map(\.id).filter { !$0.isEmpty }.joined(separator: "; "),
                                    email: p.map(\.email).filter { !$0.isEmpty }.joined(separator: "; "),
                                    submission: s.name, report: r)
            }
            return (rows, warnings)
        }
        var claimed = Set<Int>()
        var rows: [GradebookRow] = []
        for entry in roster {
            let keys = entry.keys
            let matches = graded.indices.filter { i in
                let s = graded[i].0
                if keys.contains(s.name.lowercased()) { return true }
                return people(s).contains { p in
                    (!p.id.isEmpty && p.id.lowercased() == entry.id.lowercased())
                        || (!p.email.isEmpty && p.email.lowercased() == entry.email.lowercased())
                }
            }
            guard !matches.isEmpty else {
                rows.append(GradebookRow(student: entry.name, id: entry.id, email: entry.email, submission: "", report: nil))
                continue
            }
            if matches.count > 1 {
                warnings.append("\(entry.name) matches \(matches.count) submissions (\(matches.map { graded[$0].0.name }.joined(separator: ", "))): each gets a row")
            }
            for i in matches {
                claimed.insert(i)
                rows.append(GradebookRow(student: entry.name, id: entry.id, email: entry.email,
                                         submission: graded[i].0.name, report: graded[i].1))
            }
        }
        for (i, (s, r)) in graded.enumerated() where !claimed.contains(i) {
            warnings.append("\(s.path): no roster row matches '\(s.name)' (graded, without an ID or email)")
            rows.append(GradebookRow(student: s.name, id: "", email: "", submission: s.name, report: r))
        }
        return (rows, warnings)
    }
}

extension String {
    fileprivate var nonEmpty: String? { isEmpty ? nil : self }
}
