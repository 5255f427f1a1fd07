// Assignment: `cajal assign EXERCISE [-o DIR]` — from one exercise folder, the two copies a teacher
// hands out: DIR/student/NAME (the starter and the visible checks: no solution, no hidden
// check's code, name or message) for learners, who run `cajal check` on it, and
// DIR/autograder/NAME (everything) for `cajal grade` and `cajal package`. Exit codes: 0 written,
// 64 usage, 66 no such exercise or a broken one, 73 a file that cannot be written.
import Foundation

public enum Assignment {
    /// Files of an exercise folder that are a learner's own work, never copied.
    static let learnerFiles: Set<String> = [LearnerCommands.answerName, LearnerCommands.answerName + ".bak", ProgressFile.fileName]

    /// The text of checks.cajal without its hidden check cells, with a first comment saying so.
    /// Cells are cut where the parser cuts them (a line starting `# %%`), and kept verbatim.
    public static func visibleChecks(_ text: String, exerciseID: String) -> String {
        var out: [String] = []
        var keep = true
        for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let line = String(raw)
            if line.hasPrefix("# %%") {
                let marker = line.dropFirst(4).trimmingCharacters(in: .whitespaces)
                let options = marker.split(separator: "|").dropFirst().map { $0.trimmingCharacters(in: .whitespaces) }
                keep = !(marker.hasPrefix("check:") && options.contains("hidden"))
            }
            if keep { out.append(line) }
        }
        let note = "# The learner's copy of \(exerciseID), written by `cajal assign`: hidden checks are left out."
        return note + "\n" + out.joined(separator: "\n")
    }

    /// Writes the student and autograder copies of `exercise` into `output`. Returns the exit
    /// status; `say` hears what was written.
    public static func write(_ exercise: Exercise, to output: URL, say: (String) -> Void = { print($0) }) -> Int32 {
        let fm = FileManager.default
        guard exercise.hasSolution else {
            writeError("cajal assign: \(exercise.directory.path) has no solution.cajal: it is already a learner's copy; assign from the full exercise")
            return 66
        }
        let student = output.appendingPathComponent("student").appendingPathComponent(exercise.id)
        let grader = output.appendingPathComponent("autograder").appendingPathComponent(exercise.id)
        do {
            let checks = try String(contentsOf: exercise.checksURL, encoding: .utf8)
            let entries = try fm.contentsOfDirectory(atPath: exercise.directory.path)
                .filter { !$0.hasPrefix(".") && !learnerFiles.contains($0) }.sorted()
            for target in [student, grader] {
                if fm.fileExists(atPath: target.path) { try fm.removeItem(at: target) }
                try fm.createDirectory(at: target, withIntermediateDirectories: true)
            }
            for name in entries {
                let from = exercise.directory.appendingPathComponent(name)
                try fm.copyItem(at: from, to: grader.appendingPathComponent(name))
                if name == "solution.cajal" || name == "checks.cajal" { continue }
                try fm.copyItem(at: from, to: student.appendingPathComponent(name))
            }
            try Data(visibleChecks(checks, exerciseID: exercise.id).utf8)
                .write(to: student.appendingPathComponent("checks.cajal"), options: .atomic)
        } catch {
            writeError("cajal assign: cannot write \(output.path): \(error.localizedDescription)")
            return 73
        }
        // The learner's copy must load as an exercise of its own (`cajal check` on it).
        do {
            let copy = try Exercise(directory: student)
            let hidden = exercise.checks.count - copy.checks.count
            say("\(display(student))  for learners: starter.cajal and \(copy.checks.count) visible check\(copy.checks.count == 1 ? "" : "s") (\(hidden) hidden left out, no solution)")
            say("\(display(grader))  for grading: every check and the solution (cajal grade --exercise \(display(grader)) ...)")
        } catch {
            writeError("cajal assign: the learner's copy does not load: \(error)")
            return 66
        }
        return 0
    }

    /// The exercise named `name` (as `cajal check` finds it) written to `output` (default
    /// `NAME-assignment` in the current folder).
    public static func run(exercise name: String, root: URL, output: String?) -> Int32 {
        switch LearnerCommands.find(name, root: root.standardizedFileURL) {
        case .failure(let e):
            writeError("cajal assign: \(e)")
            return 66
        case .success(let exercise):
            let dir = URL(fileURLWithPath: output ?? exercise.id + "-assignment")
            return write(exercise, to: dir)
        }
    }

    /// A path as the user would type it: relative to the current folder when inside it.
    static func display(_ url: URL) -> String {
        let cwd = FileManager.default.currentDirectoryPath
        let p = url.standardizedFileURL.path
        return p.hasPrefix(cwd + "/") ? String(p.dropFirst(cwd.count + 1)) : p
    }
}
