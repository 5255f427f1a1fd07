// Verify: `cajal verify EX`, the teacher's check of an exercise before release. The solution
// must score full marks, the starter 0 with every check saying "not yet", and each known wrong
// answer its expected score: the files in the exercise's `wrong/` folder (each says its score
// on a `# verify: score N` line) and any `--expect FILE=SCORE` given on the command line.
// Every run grades with all checks, hidden ones too, as `cajal grade` does.
import Foundation

public enum ExerciseVerifier {
    /// A known wrong answer and the score it must get.
    public struct Expectation: Equatable, Sendable {
        public var path: String
        public var score: Double

        public init(path: String, score: Double) {
            self.path = path
            self.score = score
        }

        /// `wrong.cajal=3` (or `=3.5`); nil when it does not read so.
        public init?(argument: String) {
            guard let eq = argument.lastIndex(of: "="), let s = Double(argument[argument.index(after: eq)...]),
                  s >= 0, s.isFinite, eq > argument.startIndex else { return nil }
            self.init(path: String(argument[..<eq]), score: s)
        }
    }

    /// One line of the verdict: what was graded, and whether it scored as it must.
    public struct Line: Sendable {
        public var file: String
        public var ok: Bool
        public var text: String
    }

    /// The shipped wrong answers of `exercise`: `wrong/*.cajal`, each with its `# verify: score N`.
    static func shipped(_ exercise: Exercise) throws -> [Expectation] {
        let folder = exercise.directory.appendingPathComponent("wrong")
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder.path) else { return [] }
        return try names.filter { $0.hasSuffix(".cajal") }.sorted().map { name in
            let path = folder.appendingPathComponent(name).path
            let text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
            for (i, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                let l = line.trimmingCharacters(in: .whitespaces)
                guard l.hasPrefix("# verify:") else { continue }
                let words = l.dropFirst("# verify:".count).split(separator: " ")
                guard words.count == 2, words[0] == "score", let s = Double(words[1]), s >= 0 else {
                    throw ExerciseError(file: path, line: i + 1, message: "write the expected score as `# verify: score N`")
                }
                return Expectation(path: path, score: s)
            }
            throw ExerciseError(file: path, line: 1, message: "a wrong answer says the score it must get on a `# verify: score N` line")
        }
    }

    /// Verifies `exercise`; the lines of the verdict, in order (solution, starter, wrong answers).
    public static func verdict(_ exercise: Exercise, expect extra: [Expectation]) throws -> [Line] {
        let grader = Grader(exercise: exercise, includeHidden: true)
        let full = exercise.maxPoints
        let dir = exercise.directory.path + "/"
        func shown(_ path: String) -> String { path.hasPrefix(dir) ? String(path.dropFirst(dir.count)) : path }
        func failures(_ report: GradeReport) -> String {
            report.results.filter { $0.status != .passed }.map { r in
                "    \(r.spec.number). \(r.name): " + (r.message.split(separator: "\n").first.map(String.init) ?? r.status.rawValue)
            }.joined(separator: "\n")
        }
        var out: [Line] = []
        let solution = grader.grade(submissionPath: exercise.solutionURL.path)
        out.append(Line(file: "solution.cajal", ok: solution.score == full,
                        text: "solution.cajal  \(formatPoints(solution.score))/\(formatPoints(full))"
                            + (solution.score == full ? "" : ", must be full marks\n" + failures(solution))))
        let starter = grader.grade(submissionPath: exercise.starterURL.path)
        let talkative = starter.results.filter { !$0.message.contains("not yet") }
        let starterOK = starter.score == 0 && talkative.isEmpty
        var starterText = "starter.cajal  \(formatPoints(starter.score))/\(formatPoints(full))"
        if starter.score != 0 { starterText += ", must be 0" }
        if !talkative.isEmpty {
            starterText += "; every check must say \"not yet\" (a todo() left to fill), but:\n"
                + talkative.map { "    \($0.spec.number). \($0.name): " + ($0.message.split(separator: "\n").first.map(String.init) ?? "passed") }
                    .joined(separator: "\n")
        }
        out.append(Line(file: "starter.cajal", ok: starterOK, text: starterText))
        for e in try shipped(exercise) + extra {
            guard FileManager.default.fileExists(atPath: e.path) else {
                out.append(Line(file: e.path, ok: false, text: "\(shown(e.path))  cannot be read"))
                continue
            }
            let report = grader.grade(submissionPath: e.path)
            let ok = abs(report.score - e.score) < 1e-9
            var text = "\(shown(e.path))  \(formatPoints(report.score))/\(formatPoints(full))"
            text += ok ? " as expected" : ", expected \(formatPoints(e.score))\n" + report.results.map { r in
                "    \(r.status == .passed ? "✓" : "✗") \(r.spec.number). \(r.name)  \(formatPoints(r.score))/\(formatPoints(r.maxScore))"
            }.joined(separator: "\n")
            out.append(Line(file: e.path, ok: ok, text: text))
        }
        return out
    }

    /// `cajal verify`: the exercises named (folder names under `root`, or paths), or every
    /// exercise under `root` when none is named. Exit codes: 0 every exercise verified, 1 one
    /// did not, 64 usage, 66 no such exercise or a broken one.
    public static func run(exercises names: [String], expect: [Expectation], root: URL) -> Int32 {
        let root = root.standardizedFileURL
        if !expect.isEmpty && names.count != 1 {
            writeError("cajal verify: --expect needs exactly one exercise")
            return 64
        }
        var found: [Exercise] = []
        if names.isEmpty {
            for dir in Exercise.discover(under: root) {
                do { found.append(try Exercise(directory: dir)) } catch {
                    writeError("cajal verify: \(error)")
                    return 66
                }
            }
            if found.isEmpty { writeError("cajal verify: no exercises under \(root.path)"); return 66 }
        }
        for name in names {
            switch LearnerCommands.find(name, root: root) {
            case .failure(let e): writeError("cajal verify: \(e)"); return 66
            case .success(let e): found.append(e)
            }
        }
        var failed: [String] = []
        for exercise in found {
            let lines: [Line]
            do { lines = try verdict(exercise, expect: expect) } catch {
                writeError("cajal verify: \(error)")
                return 66
            }
            print("\(exercise.id):")
            for l in lines { print("  \(l.ok ? "✓" : "✗") \(l.text)") }
            if lines.contains(where: { !$0.ok }) { failed.append(exercise.id) }
        }
        print(failed.isEmpty ? "\(found.count) verified" : "\(found.count - failed.count) verified, \(failed.count) not: \(failed.joined(separator: ", "))")
        return failed.isEmpty ? 0 : 1
    }
}
