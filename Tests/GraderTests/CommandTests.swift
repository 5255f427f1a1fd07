// CommandTests: the learner's loop (check → hint → fix → pass → solution → reset) and the
// teacher's `cajal grade` options, through the built `cajal` binary in a scratch folder.
import Foundation
@testable import Grader
import Testing
import TestSupport

@Suite struct CommandTests {
    /// A scratch root holding a copy of the leaky-relu exercise.
    static func root() throws -> (URL, URL) {
        let root = try Fixtures.folder([:])
        let ex = root.appendingPathComponent("lessons/00-examples/exercises/leaky-relu")
        try FileManager.default.createDirectory(at: ex.deletingLastPathComponent(), withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: Fixtures.leakyRelu, to: ex)
        return (root, ex)
    }

    @Test func aLearnerLoopsCheckHintFixPass() throws {
        guard CajalBinary.hasGrade else { Issue.record("no learner commands in the cajal binary"); return }
        let (root, ex) = try Self.root()
        defer { try? FileManager.default.removeItem(at: root) }
        let first = try CajalBinary.run(["check", "leaky-relu"], cwd: root)
        #expect(first.status == 1)
        #expect(first.stdout.contains("made ") && first.stdout.contains("answer.cajal from the starter"))
        #expect(first.stdout.contains("not yet: fill in leaky_relu"))
        // An untouched starter gets the todo message only: no hint until asked, none spent.
        #expect(!first.stdout.contains("hint ("), "\(first.stdout)")
        #expect(!first.stdout.contains("derivative matches"))   // hidden checks are not run
        #expect(first.stdout.hasSuffix("0 passed, 3 failed\nYour grade also runs 2 hidden checks (4 points): leaky_relu_grad against finite differences; leaky_relu_grad at the default slope.\n\nStuck? 'cajal hint leaky-relu' shows a hint.\n"), "\(first.stdout)")
        let again = try CajalBinary.run(["check", "leaky-relu"], cwd: root)
        #expect(!again.stdout.contains("hint ("))
        let untouched = try String(contentsOf: root.appendingPathComponent(".cajal-progress.json"), encoding: .utf8)
        #expect(!untouched.contains("keeps positive inputs"), "no hint recorded as used: \(untouched)")
        let hint = try CajalBinary.run(["hint", "leaky-relu"], cwd: root)
        #expect(hint.stdout == "hint (1 of 2) for “keeps positive inputs”: For x > 0, leaky_relu(x) is x itself.\n")
        // A real failure shows the hint reached so far, and does not spend the next one.
        try "fn leaky_relu(x, slope: 0.01) = x * 0\nfn leaky_relu_grad(x, slope: 0.01) = x * 0\n"
            .write(to: ex.appendingPathComponent("answer.cajal"), atomically: true, encoding: .utf8)
        let wrong = try CajalBinary.run(["check", "leaky-relu"], cwd: root)
        #expect(wrong.stdout.contains("hint (1 of 2) for “keeps positive inputs”: For x > 0, leaky_relu(x) is x itself.\n('cajal hint leaky-relu' for the next hint)\n"), "\(wrong.stdout)")
        let wrongAgain = try CajalBinary.run(["check", "leaky-relu"], cwd: root)
        #expect(wrongAgain.stdout.contains("hint (1 of 2)"))
        let hint2 = try CajalBinary.run(["hint", "leaky-relu"], cwd: root)
        #expect(hint2.stdout.contains("hint (2 of 2)"))
        let early = try CajalBinary.run(["solution", "leaky-relu"], cwd: root)
        #expect(early.status == 1 && early.stderr.contains("pass the visible checks first"))
        try FileManager.default.removeItem(at: ex.appendingPathComponent("answer.cajal"))
        try FileManager.default.copyItem(at: ex.appendingPathComponent("solution.cajal"), to: ex.appendingPathComponent("answer.cajal"))
        let pass = try CajalBinary.run(["check", "leaky-relu"], cwd: root)
        #expect(pass.status == 0)
        #expect(pass.stdout.contains("3 passed, 0 failed"))
        #expect(pass.stdout.contains("All visible checks pass."))
        let progress = try String(contentsOf: root.appendingPathComponent(".cajal-progress.json"), encoding: .utf8)
        #expect(progress.contains("\"passed\" : true"))
        let list = try CajalBinary.run(["exercises"], cwd: root)
        #expect(list.stdout.contains("leaky-relu") && list.stdout.contains("passed"))
        let solution = try CajalBinary.run(["solution", "leaky-relu"], cwd: root)
        #expect(solution.status == 0 && solution.stdout.contains("fn leaky_relu(x, slope: 0.01) = where"))
        let reset = try CajalBinary.run(["reset", "leaky-relu"], cwd: root)
        #expect(reset.status == 0)
        let answer = try String(contentsOf: ex.appendingPathComponent("answer.cajal"), encoding: .utf8)
        #expect(answer == (try String(contentsOf: ex.appendingPathComponent("starter.cajal"), encoding: .utf8)))
        #expect(FileManager.default.fileExists(atPath: ex.appendingPathComponent("answer.cajal.bak").path))
    }

    @Test func gradeWritesTheReportToAFileAndReportsUsageMistakes() throws {
        guard CajalBinary.hasGrade else { Issue.record("no grade command in the cajal binary"); return }
        let out = try Fixtures.folder([:])
        defer { try? FileManager.default.removeItem(at: out) }
        let file = out.appendingPathComponent("results.json")
        let solution = Fixtures.leakyRelu.appendingPathComponent("solution.cajal").path
        let run = try CajalBinary.run(["grade", "--exercise", Fixtures.leakyRelu.path, "--format", "gradescope", "--output", file.path, solution])
        #expect(run.status == 0 && run.stdout.isEmpty)
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: file)) as? [String: Any]
        #expect(json?["score"] as? Double == 8)
        #expect(try CajalBinary.run(["grade", "--format", "xml", solution]).status == 64)
        #expect(try CajalBinary.run(["grade", "--exercise", out.path, solution]).status == 66)
        let human = try CajalBinary.run(["grade", "--exercise", Fixtures.leakyRelu.path, solution])
        #expect(human.stdout.hasSuffix("score: 8/8\n5 passed, 0 failed\n"))
    }
}

@Suite struct BatchGradeTests {
    /// A class folder: two flat files and one platform-style `NAME/answer.cajal`.
    static func classFolder() throws -> URL {
        let subs = try Fixtures.folder([:])
        let solution = try String(contentsOf: Fixtures.leakyRelu.appendingPathComponent("solution.cajal"), encoding: .utf8)
        let starter = try String(contentsOf: Fixtures.leakyRelu.appendingPathComponent("starter.cajal"), encoding: .utf8)
        try solution.write(to: subs.appendingPathComponent("ada.cajal"), atomically: true, encoding: .utf8)
        try starter.write(to: subs.appendingPathComponent("bob.cajal"), atomically: true, encoding: .utf8)
        try FileManager.default.createDirectory(at: subs.appendingPathComponent("cyd"), withIntermediateDirectories: true)
        // Misses an export, so every check scores 0 with the reason.
        try "fn leaky_relu(x, slope: 0.01) = x\n".write(to: subs.appendingPathComponent("cyd/answer.cajal"), atomically: true, encoding: .utf8)
        try "not a submission".write(to: subs.appendingPathComponent("notes.txt"), atomically: true, encoding: .utf8)
        return subs
    }

    @Test func aFolderOfSubmissionsGetsOneReportEachAndASummary() throws {
        guard CajalBinary.hasGrade else { Issue.record("no grade command in the cajal binary"); return }
        let subs = try Self.classFolder()
        let out = subs.deletingLastPathComponent().appendingPathComponent(subs.lastPathComponent + "-reports")
        defer { try? FileManager.default.removeItem(at: subs); try? FileManager.default.removeItem(at: out) }
        let run = try CajalBinary.run(["grade", "--exercise", Fixtures.leakyRelu.path, "--format", "gradescope",
                                       "--output-dir", out.path, subs.path])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout == """
            student  score  status
            ada      8/8    ok
            bob      0/8    ok
            cyd      0/8    ok
            3 graded, mean score 2.67; reports and summary.csv in \(out.path)

            """)
        let csv = try String(contentsOf: out.appendingPathComponent("summary.csv"), encoding: .utf8)
        #expect(csv == "student,id,email,submission,score,max_score,passed,failed,status\nada,,,ada,8,8,5,0,ok\nbob,,,bob,0,8,0,5,ok\ncyd,,,cyd,0,8,0,5,ok\n")
        #expect(run.stderr == "cajal grade: warning: skipped \(subs.path)/notes.txt: not a .cajal file\n")
        let names = try FileManager.default.contentsOfDirectory(atPath: out.path).sorted()
        #expect(names == ["ada.results.json", "bob.results.json", "cyd.results.json", "summary.csv"])
        let ada = try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("ada.results.json"))) as? [String: Any]
        #expect(ada?["score"] as? Double == 8)
    }

    @Test func batchMistakesAreUsageErrors() throws {
        guard CajalBinary.hasGrade else { Issue.record("no grade command in the cajal binary"); return }
        let subs = try Self.classFolder()
        defer { try? FileManager.default.removeItem(at: subs) }
        let two = try CajalBinary.run(["grade", "--exercise", Fixtures.leakyRelu.path,
                                       subs.appendingPathComponent("ada.cajal").path, subs.appendingPathComponent("bob.cajal").path])
        #expect(two.status == 64 && two.stderr.contains("several submissions need --output-dir OUT"))
        let missing = try CajalBinary.run(["grade", "--exercise", Fixtures.leakyRelu.path, "--output-dir", subs.path + "-out",
                                           subs.appendingPathComponent("zed.cajal").path])
        #expect(missing.status == 64 && missing.stderr.contains("no such file or folder"))
    }
}

@Suite struct ChecksFileTests {
    @Test func metadataAndCellsAreRead() throws {
        let e = try Fixtures.exercise()
        #expect(e.exports == ["leaky_relu", "leaky_relu_grad"])
        #expect(e.limits == Limits(seconds: 2, memoryBytes: 256 << 20))
        #expect(e.checks.map(\.points) == [1, 2, 1, 2, 2])
        #expect(e.checks.map(\.hidden) == [false, false, false, true, true])
        #expect(e.checks[0].hints.count == 2)
        #expect(e.checks[1].body.hasPrefix("expect_close(leaky_relu(xs)"))
    }

    @Test(arguments: [
        ("# %% check: a | points: x\nexpect(true)\n", "unknown check option 'points: x'"),
        ("# %% check: a\n# colour: red\nexpect(true)\n", "unknown check field 'colour'"),
        ("let x = 1\n# %% check: a\nexpect(true)\n", "code before the first `# %%` marker"),
        ("# %% exercise: E\n", "no `# %% check:` cells"),
        ("# %% check: a\nexpect(true)\n# %% check: a\nexpect(true)\n", "two checks are named 'a'"),
        ("# %% exercise: E\n# time: soon\n# %% check: a\nexpect(true)\n", "bad time 'soon'"),
        ("# %% check: a\n", "check 'a' has no code"),
        ("# %% exercise: E\n# steps: many\n# %% check: a\nexpect(true)\n", "bad steps 'many'"),
    ])
    func mistakesInAChecksFileAreNamed(_ text: String, _ message: String) {
        #expect(throws: ExerciseError.self) { try ChecksFile.parse(text, path: "checks.cajal") }
        do {
            _ = try ChecksFile.parse(text, path: "checks.cajal")
        } catch {
            #expect("\(error)".contains(message), "\(error)")
        }
    }
}

@Suite struct ExercisesListingTests {
    /// Each column starts at the same place on every row, however long an exercise's name.
    @Test func longNamesKeepTheColumnsInLine() {
        let lines = LearnerCommands.listing([
            .init(id: "leaky-relu", state: "passed", title: "Leaky ReLU", place: "00-examples/exercises/leaky-relu"),
            .init(id: "gradient-through-time", state: "not started", title: "BPTT", place: "10-lstm/exercises/gradient-through-time"),
            .init(id: "xor", state: "1.5/3", title: "XOR", place: "03-xor/exercises/xor"),
        ])
        #expect(lines[1].hasPrefix("gradient-through-time  not started  BPTT"), "\(lines)")
        let stateColumns = Set(zip(lines, ["passed", "not started", "1.5/3"]).map { line, state in
            line.distance(from: line.startIndex, to: line.range(of: state)!.lowerBound)
        })
        let titleColumns = Set(zip(lines, ["Leaky ReLU", "BPTT", "XOR"]).map { line, title in
            line.distance(from: line.startIndex, to: line.range(of: title)!.lowerBound)
        })
        #expect(stateColumns == [23] && titleColumns == [36], "\(lines)")
    }
}
