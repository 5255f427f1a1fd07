// TeachingTests: what the learner reads when a check fails — the error in their own code first,
// got and expected in one number format with the first difference marked, the `forbid:` rule
// located in their file, where a lesson defines a helper they copied — and the checks-file
// details authors rely on (plain comments under a marker), and `cajal verify`.
import Foundation
@testable import Grader
import Testing
import TestSupport

@Suite struct TeachingTests {
    static let gradeGood = "fn leaky_relu_grad(x, slope: 0.01) = where(x > 0, 1, slope)\n"

    /// A submission whose own code stops with a shape error: the report says so first, not the
    /// check's headline about wrong values.
    @Test func anErrorInTheLearnersCodeComesFirst() throws {
        let source = "fn leaky_relu(x, slope: 0.01) = x + zeros([7, 5])\n" + Self.gradeGood
        let report = try Fixtures.grade(source, exercise: Fixtures.exercise())
        let first = try #require(report.results.first)
        #expect(first.status == .failed)
        #expect(first.message.hasPrefix("your code stopped with an error:\n"), "\(first.message)")
        #expect(first.message.contains("submission.cajal:1:"), "\(first.message)")
        #expect(!first.message.contains("leaky_relu must return positive inputs unchanged"), "\(first.message)")
        // A wrong value (no error in the learner's code) keeps the headline.
        let wrong = try Fixtures.grade("fn leaky_relu(x, slope: 0.01) = x * 0\n" + Self.gradeGood, exercise: Fixtures.exercise())
        #expect(wrong.results[0].message.hasPrefix("leaky_relu must return positive inputs unchanged\n"), "\(wrong.results[0].message)")
    }

    /// Got and expected share one number format, and the first element that differs is marked.
    @Test func gotAndExpectedShareAFormatAndMarkTheFirstDifference() throws {
        let source = "fn leaky_relu(x, slope: 0.01) = where(x > 0, x, 0 * x)\n" + Self.gradeGood
        let report = try Fixtures.grade(source, exercise: Fixtures.exercise())
        let scales = try #require(report.results.first { $0.name == "scales negative inputs by the slope" })
        #expect(scales.message.contains("got [»-0«, -0, 0.25, 2], expected [»-0.03«, -0.005, 0.25, 2] (first difference at [0])"), "\(scales.message)")
        let matrix = try #require(report.results.first { $0.name == "works on matrices" })
        #expect(matrix.message.contains("expected [[1, »-0.01«], [-0.02, 2], [3, -0.03]] (first difference at [0, 1])"), "\(matrix.message)")
    }

    static func forbidding(_ names: String) throws -> Exercise {
        let dir = try Fixtures.folder([
            "checks.cajal": "# %% exercise: Sum\n# exports: total\n# forbid: \(names)\n\n# %% check: adds | points: 1\nexpect_close(total([1, 2, 3]), 6)\n",
            "solution.cajal": "fn total(xs) {\n  var s = 0\n  for x in xs { s += x }\n  return s\n}\n",
            "starter.cajal": "fn total(xs) = todo(\"total\")\n",
        ])
        return try Exercise(directory: dir)
    }

    @Test func aForbiddenBuiltinIsALocatedErrorBeforeAnyCheck() throws {
        let exercise = try Self.forbidding("sum, mean")
        #expect(exercise.forbid == ["sum", "mean"])
        let report = try Fixtures.grade("# mine\nfn total(xs) {\n  return sum(xs)\n}\n", exercise: exercise)
        #expect(report.score == 0)
        let message = report.results[0].message
        #expect(message.contains("submission.cajal:3:10: error: this exercise asks you not to use sum()"), "\(message)")
        #expect(message.contains("^~~"), "\(message)")
        // Naming it counts; a local of the learner's own with that name does not.
        #expect(try Fixtures.grade("let f = mean\nfn total(xs) = 6\n", exercise: exercise).score == 0)
        let own = "fn total(xs) {\n  var sum = 0\n  for x in xs { sum += x }\n  return sum\n}\n"
        #expect(try Fixtures.grade(own, exercise: exercise).score == 1)
        let solution = Grader(exercise: exercise, includeHidden: true).grade(submissionPath: exercise.solutionURL.path)
        #expect(solution.score == 1)
    }

    @Test func aForbiddenBuiltinInAnImportedFileCounts() throws {
        let exercise = try Self.forbidding("sum")
        let dir = try Fixtures.folder(["helper.cajal": "fn add_up(xs) = sum(xs)\n",
                                       "answer.cajal": "import \"helper.cajal\"\nfn total(xs) = add_up(xs)\n"])
        defer { try? FileManager.default.removeItem(at: dir) }
        let report = Grader(exercise: exercise, includeHidden: true).grade(submissionPath: dir.appendingPathComponent("answer.cajal").path)
        #expect(report.score == 0)
        #expect(report.results[0].message.contains("helper.cajal:1:17: error: this exercise asks you not to use sum()"), "\(report.results[0].message)")
    }

    @Test func forbidNamesOnlyBuiltins() {
        #expect(throws: ExerciseError.self) {
            try ChecksFile.parse("# %% exercise: E\n# forbid: my_helper\n# %% check: a\nexpect(true)\n", path: "checks.cajal")
        }
    }

    @Test func aPlainCommentUnderAMarkerIsAccepted() throws {
        let file = try ChecksFile.parse("# %% exercise: E\n# Note: for the author\n# %% check: a\n# Note: this one is easy\n# hint: look\nexpect(true)\n", path: "checks.cajal")
        #expect(file.checks[0].hints == ["look"])
    }

    @Test func aHelperCopiedFromALessonSaysWhereItIsDefined() throws {
        let exercise = try Exercise(directory: Fixtures.lessons.appendingPathComponent("06-deep/exercises/glorot-init"))
        let report = try Fixtures.grade("fn glorot_init(n_in, n_out, gain: 1) = uniform([n_in, n_out], 0.1)\n", exercise: exercise)
        #expect(report.results[0].message.contains("hint: 'uniform' is defined in lesson 6 (06-deep/lesson.cajal:"), "\(report.results[0].message)")
    }
}

@Suite struct VerifyTests {
    static let all = Exercise.discover(under: Fixtures.lessons)

    /// `cajal verify` over every shipped exercise: solution full, starter 0 ("not yet"), and
    /// each wrong/*.cajal its `# verify: score N`.
    @Test(arguments: all)
    func everyShippedExerciseVerifies(_ dir: URL) throws {
        let exercise = try Exercise(directory: dir)
        for line in try ExerciseVerifier.verdict(exercise, expect: []) where !line.ok {
            Issue.record("\(exercise.id): \(line.text)")
        }
    }

    @Test func verifyReportsAWrongAnswerThatScoresOtherwise() throws {
        guard CajalBinary.hasGrade else { Issue.record("no cajal binary"); return }
        let dir = try Fixtures.folder(["zero.cajal": "fn leaky_relu(x, slope: 0.01) = x * 0\nfn leaky_relu_grad(x, slope: 0.01) = x * 0\n"])
        defer { try? FileManager.default.removeItem(at: dir) }
        let wrong = dir.appendingPathComponent("zero.cajal").path
        // x * 0 for both scores 0: the gradient check compares leaky_relu_grad with the true
        // function's differences, so a derivative matching a wrong function earns nothing.
        let right = try CajalBinary.run(["verify", Fixtures.leakyRelu.path, "--expect", "\(wrong)=0"])
        #expect(right.status == 0, "\(right.stdout)\(right.stderr)")
        #expect(right.stdout.contains("✓ solution.cajal  8/8"), "\(right.stdout)")
        #expect(right.stdout.contains("✓ starter.cajal  0/8"), "\(right.stdout)")
        #expect(right.stdout.hasSuffix("1 verified\n"), "\(right.stdout)")
        let off = try CajalBinary.run(["verify", Fixtures.leakyRelu.path, "--expect", "\(wrong)=3"])
        #expect(off.status == 1)
        #expect(off.stdout.contains("✗ \(wrong)  0/8, expected 3"), "\(off.stdout)")
        let usage = try CajalBinary.run(["verify", Fixtures.leakyRelu.path, "--expect", "zero.cajal"])
        #expect(usage.status == 64)
    }
}
