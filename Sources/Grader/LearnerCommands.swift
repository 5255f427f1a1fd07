// LearnerCommands: `cajal exercises`, `check`, `hint`, `reset`, `solution` (their arguments are
// parsed in Sources/cajal/ExerciseCommands.swift). The learner works in
// `answer.cajal` inside the exercise folder (made from starter.cajal the first time); progress
// lives in `.cajal-progress.json` in the folder the command is run from (or `--root DIR`).
// `check` runs only the visible checks. Exit codes: 0 ok (check: every visible check passed),
// 1 not yet, 64 usage, 66 no such exercise or a broken one.
import Diagnostics
import Foundation

public enum LearnerCommands {
    public static let answerName = "answer.cajal"

    /// The exercise named `name` (a folder name under the root, or a path to the folder).
    static func find(_ name: String, root: URL) -> Result<Exercise, ExerciseError> {
        var candidates = Exercise.discover(under: root).filter { $0.lastPathComponent == name }
        var isDir: ObjCBool = false
        if candidates.isEmpty, FileManager.default.fileExists(atPath: name, isDirectory: &isDir), isDir.boolValue {
            candidates = [URL(fileURLWithPath: name)]
        }
        guard let dir = candidates.first else {
            return .failure(ExerciseError(file: name, line: 0, message: "no exercise named '\(name)' under \(root.path) (run 'cajal exercises' for the list)"))
        }
        do { return .success(try Exercise(directory: dir)) } catch let e as ExerciseError { return .failure(e) } catch {
            return .failure(ExerciseError(file: dir.path, line: 0, message: "\(error)"))
        }
    }

    static func color() -> Bool {
        ColorPolicy.decide(environment: ProcessInfo.processInfo.environment, isTerminal: isatty(1) != 0).enabled
    }

    /// The learner commands that work on one exercise.
    public enum Action: String, Sendable {
        case check, hint, reset, solution
    }

    /// `cajal exercises`: every exercise under `root` with the learner's progress.
    public static func exercises(root: URL) -> Int32 {
        list(root: root.standardizedFileURL)
    }

    /// Runs `action` on the exercise named `name` (a folder name under `root`, or a path).
    public static func run(_ action: Action, exercise name: String, root: URL) -> Int32 {
        let root = root.standardizedFileURL
        let exercise: Exercise
        switch find(name, root: root) {
        case .failure(let e): writeError("cajal \(action.rawValue): \(e)"); return 66
        case .success(let e): exercise = e
        }
        var progress = ProgressFile(root: root)
        let code: Int32
        switch action {
        case .check: code = check(exercise, progress: &progress)
        case .hint: code = hint(exercise, progress: &progress)
        case .reset: code = reset(exercise, progress: &progress)
        case .solution: code = solution(exercise, progress: progress)
        }
        do { try progress.save() } catch { writeError("cajal \(action.rawValue): cannot save progress: \(error.localizedDescription)") }
        return code
    }

    static func list(root: URL) -> Int32 {
        let dirs = Exercise.discover(under: root)
        if dirs.isEmpty {
            print("no exercises under \(root.path) (exercise folders sit in lessons/*/exercises/)")
            return 0
        }
        let progress = ProgressFile(root: root)
        var rows: [ListingRow] = []
        for dir in dirs {
            let id = dir.lastPathComponent
            let title = (try? Exercise(directory: dir))?.title ?? "(broken: run 'cajal check \(id)')"
            let p = progress[id]
            let state = p.passed ? "passed" : p.maxScore > 0 ? "\(formatPoints(p.bestScore))/\(formatPoints(p.maxScore))" : "not started"
            let where_ = dir.path.hasPrefix(root.path + "/") ? String(dir.path.dropFirst(root.path.count + 1)) : dir.path
            rows.append(ListingRow(id: id, state: state, title: title, place: where_))
        }
        for line in listing(rows) { print(line) }
        return 0
    }

    /// One exercise in the `cajal exercises` listing.
    struct ListingRow {
        var id, state, title, place: String
    }

    /// The listing's lines: name, state, title and folder, each column as wide as its longest
    /// entry plus two spaces (as the lesson listing does), so a long name never pushes its row out of line.
    static func listing(_ rows: [ListingRow]) -> [String] {
        let idWidth = rows.map(\.id.count).max() ?? 0, stateWidth = rows.map(\.state.count).max() ?? 0
        return rows.map { r in
            r.id.padding(toLength: idWidth + 2, withPad: " ", startingAt: 0)
                + r.state.padding(toLength: stateWidth + 2, withPad: " ", startingAt: 0) + "\(r.title)  (\(r.place))"
        }
    }

    /// The learner's file, made from the starter when missing.
    static func answer(_ exercise: Exercise) -> (URL, created: Bool) {
        let url = exercise.directory.appendingPathComponent(answerName)
        if FileManager.default.fileExists(atPath: url.path) { return (url, false) }
        try? FileManager.default.copyItem(at: exercise.starterURL, to: url)
        return (url, true)
    }
}
