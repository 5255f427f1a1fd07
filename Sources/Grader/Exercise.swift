// Exercise: one exercise folder (starter.cajal, solution.cajal, checks.cajal) and the checks
// file read as cells. The checks file uses the Jupytext "percent" markers the lessons use:
// a header cell (`# %% exercise: NAME`) with the exercise's metadata and shared setup code,
// then one `# %% check: NAME | points: N [| hidden]` cell per check. Metadata lines are
// `# key: value` comments directly under the marker. docs/exercises.md is the reference.
import Foundation

/// One check of an exercise, as written in checks.cajal.
public struct CheckSpec: Equatable, Sendable {
    /// Position in the file, from 1 (the `number` of reports).
    public var number: Int
    public var name: String
    public var points: Double
    /// Hidden checks run only under `cajal grade`; their source and messages are never shown
    /// to the learner.
    public var hidden: Bool
    /// Shown as the headline when the check fails ("leaky_relu must keep positive inputs").
    public var failMessage: String?
    /// Progressive hints, shown one at a time.
    public var hints: [String]
    /// Shown after the check passes.
    public var explain: String?
    /// Per-check limits; nil takes the exercise's.
    public var limits: Limits?
    /// The Cajal body (the lines after the metadata).
    public var body: String
    /// Line of the body's first line in checks.cajal (for messages about the checks file).
    public var bodyLine: Int
    /// For a hidden check: what it covers, in words that do not give it away ("other sizes,
    /// strides and paddings"); `cajal check` lists it so the grade holds no surprise.
    public var covers: String? = nil
}

/// The resources one check may use. Time and memory are watched from another thread and end
/// the run at the interpreter's next safe point (a loop back edge or a call); steps are counted
/// by the interpreter itself (Interpreter.stepBudget).
public struct Limits: Equatable, Sendable {
    /// Wall-clock seconds for loading the submission plus running the check.
    public var seconds: Double
    /// Growth of the process's resident memory during the check, in bytes.
    public var memoryBytes: Int
    /// Loop turns and calls, for loading the submission and for the check, each.
    public var steps: Int

    public static let standard = Limits(seconds: 5, memoryBytes: 512 << 20, steps: 10_000_000)

    public init(seconds: Double, memoryBytes: Int, steps: Int = Limits.standard.steps) {
        self.seconds = seconds
        self.memoryBytes = memoryBytes
        self.steps = steps
    }
}

/// A problem in an exercise folder (the teacher's side), with the file and line.
public struct ExerciseError: Error, CustomStringConvertible, Equatable {
    public var file: String
    public var line: Int
    public var message: String
    public var description: String { "\(file):\(line): \(message)" }
}

/// An exercise folder, loaded.
public struct Exercise: Sendable {
    public var directory: URL
    /// The folder's name (`leaky-relu`); the exercise's id on the command line.
    public var id: String
    public var title: String
    /// Names the submission must define; the checks call them. The submission may shadow a
    /// builtin only if it is listed here.
    public var exports: [String]
    /// Builtins and prelude functions the submission may not use (`# forbid: conv2d`): the
    /// part the exercise asks the learner to write.
    public var forbid: [String]
    public var limits: Limits
    /// The header cell's code: run before every check, inside the check's own scope.
    public var setup: String
    public var checks: [CheckSpec]

    public var starterURL: URL { directory.appendingPathComponent("starter.cajal") }
    public var solutionURL: URL { directory.appendingPathComponent("solution.cajal") }
    public var checksURL: URL { directory.appendingPathComponent("checks.cajal") }

    /// False for a learner's copy made by `cajal assign` (no solution.cajal).
    public var hasSolution: Bool { FileManager.default.fileExists(atPath: solutionURL.path) }

    public var maxPoints: Double { checks.reduce(0) { $0 + $1.points } }
    public var visibleChecks: [CheckSpec] { checks.filter { !$0.hidden } }

    /// Loads the folder at `directory`; starter.cajal and checks.cajal must exist and
    /// checks.cajal must parse. solution.cajal may be absent: a learner's copy made by
    /// `cajal assign` has none (`cajal solution` and `cajal grade` say so).
    public init(directory: URL) throws {
        self.directory = directory.standardizedFileURL
        id = self.directory.lastPathComponent
        for name in ["starter.cajal", "checks.cajal"] {
            let path = self.directory.appendingPathComponent(name).path
            guard FileManager.default.fileExists(atPath: path) else {
                throw ExerciseError(file: path, line: 0, message: "missing \(name): an exercise folder holds starter.cajal, solution.cajal and checks.cajal")
            }
        }
        let path = self.directory.appendingPathComponent("checks.cajal").path
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw ExerciseError(file: path, line: 0, message: "cannot read checks.cajal as UTF-8 text")
        }
        let parsed = try ChecksFile.parse(text, path: path)
        title = parsed.title ?? id
        exports = parsed.exports
        forbid = parsed.forbid
        limits = parsed.limits
        setup = parsed.setup
        checks = parsed.checks
    }

    /// Every exercise folder under `root`, sorted by path: any `exercises/*/` holding a
    /// checks.cajal (the lessons' layout), and any other folder holding both checks.cajal and
    /// starter.cajal (a teacher's flat folder of exercises, a learner's copy from `cajal assign`),
    /// `root` itself included. Hidden folders (`.build`, `.git`) are not searched.
    public static func discover(under root: URL) -> [URL] {
        let fm = FileManager.default
        guard let walker = fm.enumerator(at: root, includingPropertiesForKeys: nil, options: [.skipsHiddenFiles]) else { return [] }
        var found: [URL] = []
        func consider(_ dir: URL) {
            let lessonLayout = dir.deletingLastPathComponent().lastPathComponent == "exercises"
            if lessonLayout || fm.fileExists(atPath: dir.appendingPathComponent("starter.cajal").path) {
                found.append(dir.standardizedFileURL)
            }
        }
        if fm.fileExists(atPath: root.appendingPathComponent("checks.cajal").path) { consider(root) }
        for case let url as URL in walker where url.lastPathComponent == "checks.cajal" {
            let dir = url.deletingLastPathComponent()
            if dir.standardizedFileURL.path != root.standardizedFileURL.path { consider(dir) }
        }
        return found.sorted { $0.path < $1.path }
    }
}
