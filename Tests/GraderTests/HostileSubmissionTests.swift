// HostileSubmissionTests: submissions that try to break or fool the grader are graded as what
// they are. Runs that hit the time and memory limits are graded by a child `cajal grade`
// process, as a class's submissions are: the worker's own limits (address space, the
// wall-clock deadline) and a hog's resident memory then stay out of this test process. (Those
// limits stop only their own interpreter: WatchdogTests.)
import Foundation
@testable import Grader
import Interpreter
import Testing
import TestSupport

@Suite struct HostileSubmissionTests {
    static let solution = "fn leaky_relu(x, slope: 0.01) = where(x > 0, x, x * slope)\nfn leaky_relu_grad(x, slope: 0.01) = where(x > 0, 1, slope)\n"

    @Test func runawayRecursionIsAStackOverflowOnEveryCheck() throws {
        let report = try Fixtures.grade(Self.solution + "fn down(n) = down(n + 1)\ndown(0)\n", exercise: Fixtures.exercise())
        #expect(report.score == 0)
        for r in report.results {
            #expect(r.status == .error)
            #expect(r.message.contains("stack overflow"), "\(r.message)")
        }
    }

    @Test func recursionInsideACheckedFunctionFailsOnlyThatCall() throws {
        let source = "fn leaky_relu(x, slope: 0.01) = leaky_relu(x, slope: slope)\nfn leaky_relu_grad(x, slope: 0.01) = where(x > 0, 1, slope)\n"
        let report = try Fixtures.grade(source, exercise: Fixtures.exercise())
        // Three checks call leaky_relu; the gradient checks call only leaky_relu_grad (the
        // finite differences are of the true function), so they pass: 2 + 2 points.
        #expect(report.results.filter { $0.status == .error && $0.message.contains("stack overflow") }.count == 3)
        #expect(report.score == 4)
    }

    @Test func anEndlessLoopInAFunctionRunsOutOfSteps() throws {
        var exercise = try Fixtures.exercise()
        exercise.limits = Limits(seconds: 60, memoryBytes: 1 << 30, steps: 100_000)
        exercise.checks = exercise.checks.map { var c = $0; c.limits = nil; return c }
        let source = Self.solution + "fn spin() {\n  var n = 0\n  while true { n += 1 }\n}\nfn leaky_relu_grad(x, slope: 0.01) = spin()\n"
        let report = try Fixtures.grade(source, exercise: exercise)
        #expect(report.score == 4)
        let stuck = report.results.filter { $0.status == .error }
        #expect(stuck.map(\.spec.number) == [4, 5])
        #expect(stuck.allSatisfy { $0.message.contains("step limit exceeded (100000 loop turns and calls)") })
    }

    @Test func aHugeTensorIsACleanErrorNotACrash() throws {
        let report = try Fixtures.grade(Self.solution + "let big = zeros([100000, 100000])\n", exercise: Fixtures.exercise())
        #expect(report.score == 0)
        // The exercise's memory limit refuses it before anything is allocated (or, when another
        // test in this process holds the one memory budget, the tensor library's own limit).
        #expect(report.results.allSatisfy { $0.message.contains("memory limit exceeded") || $0.message.contains("the limit is") }, "\(report.results.map(\.message))")
    }

    @Test func importingAFileOutsideItsFolderIsRefused() throws {
        let outside = try Fixtures.folder(["secret.cajal": "let secret = 42\n"])
        defer { try? FileManager.default.removeItem(at: outside) }
        let source = "import \"\(outside.appendingPathComponent("secret.cajal").path)\"\n" + Self.solution
        let report = try Fixtures.grade(source, exercise: Fixtures.exercise())
        #expect(report.score == 0)
        #expect(report.results.allSatisfy { $0.message.contains("outside the submission's folder") })
        let relative = try Fixtures.grade("import \"../../etc/passwd\"\n" + Self.solution, exercise: Fixtures.exercise())
        #expect(relative.score == 0)
    }

    @Test func builtinsThatTouchFilesAreRefused() throws {
        #expect(Sandbox.fileBuiltins(Grader.builtinHelp).sorted()
                == ["load_csv", "load_idx", "load_model", "load_npy", "save_idx", "save_model", "save_npy", "save_npz", "save_onnx", "savefig"])
        let report = try Fixtures.grade(Self.solution + "let write = savefig\nwrite(\"/tmp/cajal-owned.svg\")\n", exercise: Fixtures.exercise())
        #expect(report.score == 0)
        #expect(report.results.allSatisfy { $0.message.contains("savefig(), which reads or writes files") })
    }

    @Test func importingTheHiddenChecksOrSolutionIsRefused() throws {
        let exercise = try Fixtures.exercise()
        // A learner's answer.cajal sits in the exercise folder itself.
        let dir = try Fixtures.folder([
            "checks.cajal": try String(contentsOf: exercise.checksURL, encoding: .utf8),
            "starter.cajal": "", "solution.cajal": Self.solution,
            "answer.cajal": "import \"solution.cajal\"\n",
        ])
        defer { try? FileManager.default.removeItem(at: dir) }
        let copy = try Exercise(directory: dir)
        let report = Grader(exercise: copy, includeHidden: true).grade(submissionPath: dir.appendingPathComponent("answer.cajal").path)
        #expect(report.score == 0)
        #expect(report.results.allSatisfy { $0.message.contains("the exercise's own checks or solution") })
    }

    @Test func importingAHelperBesideTheSubmissionIsFine() throws {
        let dir = try Fixtures.folder(["helpers.cajal": Self.solution, "main.cajal": "import \"helpers.cajal\"\n"])
        defer { try? FileManager.default.removeItem(at: dir) }
        let report = Grader(exercise: try Fixtures.exercise(), includeHidden: true).grade(submissionPath: dir.appendingPathComponent("main.cajal").path)
        #expect(report.score == report.maxScore)
    }

    @Test func redefiningCheckHelpersChangesNothing() throws {
        // The checks' helpers are locals of each check's function: these globals are never called.
        let fake = """
        var expect_close = fn(a, b, why: "", rtol: 0, atol: 0) = nil
        fn expect_shape(x, s, why: "") = nil
        fn credit(a, b) = 1
        fn leaky_relu(x, slope: 0.01) {
          expect_close = fn(a, b, why: "", rtol: 0, atol: 0) = nil
          return x
        }
        fn leaky_relu_grad(x, slope: 0.01) = x
        """
        let report = try Fixtures.grade(fake, exercise: Fixtures.exercise())
        #expect(report.results.first { $0.name == "keeps positive inputs" }?.status == .passed)   // x itself is right there
        #expect(report.results.first { $0.name == "scales negative inputs by the slope" }?.status == .failed)
        #expect(report.score < report.maxScore / 2)
    }

    @Test func shadowingABuiltinTheChecksUseFailsWithAClearMessage() throws {
        let report = try Fixtures.grade(Self.solution + "fn allclose(a, b, rtol: 0, atol: 0) = true\n", exercise: Fixtures.exercise())
        #expect(report.score == 0)
        #expect(report.results.allSatisfy { $0.message.contains("'allclose', which is a builtin the checks rely on") })
    }

    @Test func aSubmissionsOwnAccuracyIsNeitherCalledNorRefused() throws {
        // perceptron-update's checks measure with their own local accuracy(): a submission's
        // accuracy that always says 1 is never what they call, so a correct solution keeps its
        // full score, and a wrong one gains nothing.
        let dir = Fixtures.lessons.appendingPathComponent("00-examples/exercises/perceptron-update")
        let solution = try String(contentsOf: dir.appendingPathComponent("solution.cajal"), encoding: .utf8)
        let report = try Fixtures.grade(solution + "\nfn accuracy(a, b) = 1\n", exercise: Fixtures.exercise(dir))
        #expect(report.score == report.maxScore, "\(report.human())")
        let starter = try String(contentsOf: dir.appendingPathComponent("starter.cajal"), encoding: .utf8)
        let cheat = try Fixtures.grade(starter + "\nfn accuracy(a, b) = 1\n", exercise: Fixtures.exercise(dir))
        #expect(cheat.score == 0, "\(cheat.human())")
    }

    @Test func printedFakeResultsAreJustOutput() throws {
        let liar = """
        print("✓ 1. keeps positive inputs  1/1")
        print("score: 8/8")
        print("8 passed, 0 failed")
        print("ok 1 - everything")
        print("\\{\\"score\\": 8, \\"tests\\": []\\}")
        fn leaky_relu(x, slope: 0.01) = x
        fn leaky_relu_grad(x, slope: 0.01) = x
        """
        let report = try Fixtures.grade(liar, exercise: Fixtures.exercise())
        #expect(report.score == 1)
        let human = report.human()
        #expect(human.hasSuffix("1 passed, 4 failed\n"))
        #expect(!human.contains("8 passed"))
        let gradescope = try JSONSerialization.jsonObject(with: Data(report.gradescope().utf8)) as? [String: Any]
        #expect(gradescope?["score"] as? Double == 1)
        let tap = report.tap()
        #expect(!tap.contains("ok 1 - everything"))
        #expect(report.junit().contains("&quot;score&quot;"))
    }

    @Test func aSyntaxErrorScoresZeroWithTheLocatedMessage() throws {
        let report = try Fixtures.grade("fn leaky_relu(x {\n", exercise: Fixtures.exercise())
        #expect(report.score == 0)
        #expect(report.results.count == 5)
        #expect(report.results.allSatisfy { $0.status == .error && $0.message.contains("submission.cajal:1:") })
    }

    @Test func anEndlessLoopHitsTheTimeLimitAndTheReportIsComplete() throws {
        guard CajalBinary.hasGrade else {
            Issue.record("the cajal binary has no 'grade' command yet (row missing in Sources/cajal/main.swift)")
            return
        }
        // Each turn does real work, so the 2 s clock runs out long before the 10 million steps.
        let slow = "fn leaky_relu_grad(x, slope: 0.01) {\n  while true { let m = ones([200, 200]) @ ones([200, 200]) }\n}\n"
        let dir = try Fixtures.folder(["loop.cajal": Self.solution + slow])
        defer { try? FileManager.default.removeItem(at: dir) }
        let start = Date()
        let run = try CajalBinary.run(["grade", "--exercise", Fixtures.leakyRelu.path, "--format", "tap", dir.appendingPathComponent("loop.cajal").path])
        #expect(run.status == 0, "\(run.stderr)")
        // The clock is a backstop at 5 × the exercise's 2 s.
        #expect(run.stdout.contains("time limit exceeded (10 s of wall-clock time)"))
        #expect(run.stdout.contains("# score 4/8"))
        #expect(Date().timeIntervalSince(start) < 90)
    }

    @Test func growingMemoryHitsTheMemoryLimit() throws {
        guard CajalBinary.hasGrade else {
            Issue.record("the cajal binary has no 'grade' command yet (row missing in Sources/cajal/main.swift)")
            return
        }
        let hog = Self.solution + "var keep = []\nwhile true { keep.append(ones([1000, 1000])) }\n"
        let dir = try Fixtures.folder(["hog.cajal": hog])
        defer { try? FileManager.default.removeItem(at: dir) }
        let run = try CajalBinary.run(["grade", "--exercise", Fixtures.leakyRelu.path, "--format", "json", dir.appendingPathComponent("hog.cajal").path])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("memory limit exceeded (256 MiB)"))
        #expect(run.stdout.contains("\"score\" : 0,"))
    }
}

extension HostileSubmissionTests {
    @Test func aMissingExportIsMissingEvenWhenABuiltinHasItsName() throws {
        let report = try Fixtures.grade("fn leaky_relu_grad(x, slope: 0.01) = where(x > 0, 1, slope)\n", exercise: Fixtures.exercise())
        let relu = report.results.filter { $0.spec.number <= 3 }
        #expect(relu.allSatisfy { $0.score == 0 && $0.message.contains("your file does not define 'leaky_relu'") }, "\(relu.map(\.message))")
        #expect(report.score < report.maxScore / 2)
    }

    @Test func overwritingTheChecksSharedNetEarnsNothing() throws {
        // backprop-221: zero the caller's net, then return the closed-form gradients of that net.
        let dir = Fixtures.lessons.appendingPathComponent("04-backprop/exercises/backprop-221")
        let cheat = """
        fn backprop(net, x, y) {
          net.W1 = zeros(net.W1.shape)
          net.b1 = zeros(net.b1.shape)
          net.W2 = zeros(net.W2.shape)
          net.b2 = zeros(net.b2.shape)
          let d = (0.5 - y) * 0.25
          let h = zeros([x.shape[0], net.W1.shape[1]]) + 0.5
          return {W1: zeros(net.W1.shape), b1: zeros(net.b1.shape), W2: h.T @ d, b2: sum(d, axis: 0)}
        }
        """
        let report = try Fixtures.grade(cheat, exercise: Fixtures.exercise(dir))
        #expect(report.score == 0, "\(report.human())")
    }

    @Test func ownAccuracyOrMeanInACorrectSolutionIsNotRefused() throws {
        let own = Self.solution + "fn accuracy(p, l) = 1\nfn mean(xs) = 0\n"
        let report = try Fixtures.grade(own, exercise: Fixtures.exercise())
        #expect(report.score == report.maxScore, "\(report.human())")
    }

    @Test func reseedingInTheSubmissionDoesNotChangeTheChecksData() throws {
        // A check that draws random numbers sees the same ones whatever the submission seeded.
        let dir = try Fixtures.folder([
            "checks.cajal": "# %% exercise: Seeds\n# exports: f\n\n# %% check: first draw | points: 1\nexpect_close(f(), 0, why: \"f\")\nexpect_close(rand([1])[0], \(Self.firstDraw()), why: \"the first draw after seed 0\")\n",
            "starter.cajal": "", "solution.cajal": "fn f() = 0\n",
        ])
        defer { try? FileManager.default.removeItem(at: dir) }
        let exercise = try Exercise(directory: dir)
        let plain = try Fixtures.grade("fn f() = 0\n", exercise: exercise)
        let seeded = try Fixtures.grade("fn f() = 0\nseed(7)\nlet junk = rand([3])\n", exercise: exercise)
        #expect(plain.score == 1, "\(plain.human())")
        #expect(seeded.score == 1, "\(seeded.human())")
    }

    /// The first number `rand([1])` gives right after seed 0.
    static func firstDraw() -> String {
        let i = Interpreter(seed: 0, output: { _ in })
        let r = i.evaluate("rand([1])[0]", name: "draw.cajal")
        return r.display ?? "nan"
    }

    @Test func invalidUTF8IsTheSameErrorAsInRun() throws {
        let dir = try Fixtures.folder([:])
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("bad.cajal")
        try Data(Array("# caf".utf8) + [0xE9] + Array("\n".utf8) + Array(Self.solution.utf8)).write(to: file)
        let report = Grader(exercise: try Fixtures.exercise(), includeHidden: true).grade(submissionPath: file.path)
        #expect(report.score == 0)
        #expect(report.results.allSatisfy { $0.status == .error && $0.message.contains("invalid UTF-8 byte 0xE9") }, "\(report.human())")
    }

    @Test func theMemoryLimitCountsBytesAndStopsAtTheLineThatCrossedIt() throws {
        // 400 MB in one tensor under the exercise's 256 MiB: the grader counts the bytes the
        // program asks for (not the resident set, which depends on the machine) and names the
        // limit and the line, the same on any machine.
        let dir = try Fixtures.folder(["big.cajal": Self.solution + "let big = ones([100000000])\n"])
        defer { try? FileManager.default.removeItem(at: dir) }
        let lines = Self.solution.split(separator: "\n", omittingEmptySubsequences: false).count
        let run = try CajalBinary.run(["grade", "--exercise", Fixtures.leakyRelu.path, "--format", "tap",
                                       dir.appendingPathComponent("big.cajal").path])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("# score 0/8"), "\(run.stdout)")
        #expect(run.stdout.contains("memory limit exceeded (256 MiB)"), "\(run.stdout)")
        #expect(run.stdout.contains("at big.cajal:\(lines):"), "\(run.stdout)")
    }

    @Test func aFloodOfPrintsStopsAtTheOutputLimitNotTheClock() throws {
        // Two million prints at the top level: stopped after 1 MB of output, so the verdict is
        // the same on a fast machine and a loaded one (the clock used to decide it).
        let dir = try Fixtures.folder(["flood.cajal": Self.solution + "for i in 0..<2000000 { print(i) }\n"])
        defer { try? FileManager.default.removeItem(at: dir) }
        let run = try CajalBinary.run(["grade", "--exercise", Fixtures.leakyRelu.path, "--format", "tap",
                                       dir.appendingPathComponent("flood.cajal").path])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("# score 0/8"), "\(run.stdout)")
        #expect(run.stdout.contains("output limit exceeded: the file printed more than 1 MB"), "\(run.stdout)")
        #expect(!run.stdout.contains("time limit"), "\(run.stdout)")
    }

    @Test func tensorsKeptAliveCountAgainstTheMemoryLimitTheSameOnEveryRun() throws {
        // 1 MiB tensors kept in a list under a 64 MiB limit: the run stops when the live bytes
        // cross the limit, so every run stops at the same place and gives the same report.
        let exercise = try Fixtures.exercise()
        let checks = try String(contentsOf: exercise.checksURL, encoding: .utf8).replacingOccurrences(of: "# memory: 256MiB", with: "# memory: 64MiB")
        let hog = Self.solution + "var keep = []\nfor i in 0..<1000 { keep.append(ones([256, 1024])) }\n"
        let dir = try Fixtures.folder(["ex/checks.cajal": checks, "ex/starter.cajal": "", "ex/solution.cajal": Self.solution,
                                       "hog.cajal": hog])
        defer { try? FileManager.default.removeItem(at: dir) }
        var reports: [String] = []
        for _ in 0..<2 {
            let run = try CajalBinary.run(["grade", "--exercise", dir.appendingPathComponent("ex").path, "--format", "tap",
                                           dir.appendingPathComponent("hog.cajal").path])
            #expect(run.status == 0, "\(run.stderr)")
            reports.append(run.stdout)
        }
        #expect(reports[0].contains("memory limit exceeded (64 MiB)"), "\(reports[0])")
        #expect(reports[0].contains("# score 0/8"), "\(reports[0])")
        #expect(reports[0] == reports[1])
    }

    @Test func aLimitCrossedWhileLoadingCountsEvenWithoutASafePoint() throws {
        // In a child process: the memory limit raises the process-wide interrupt flag.
        let exercise = try Fixtures.exercise()
        let checks = try String(contentsOf: exercise.checksURL, encoding: .utf8).replacingOccurrences(of: "# memory: 256MiB", with: "# memory: 64MiB")
        // One big allocation and no loop or call after it: the VM never polls the interrupt.
        let dir = try Fixtures.folder(["ex/checks.cajal": checks, "ex/starter.cajal": "", "ex/solution.cajal": Self.solution,
                                       "big.cajal": Self.solution + "let big = ones([134217728])\n"])
        defer { try? FileManager.default.removeItem(at: dir) }
        let run = try CajalBinary.run(["grade", "--exercise", dir.appendingPathComponent("ex").path, "--format", "tap",
                                       dir.appendingPathComponent("big.cajal").path])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("# score 0/8"), "\(run.stdout)")
        // Either the grader's watchdog or the allocation's own size check (TensorCore's
        // MemoryLimit, which the worker sets from the exercise's memory) stops it: both name memory.
        #expect(run.stdout.contains("memory limit exceeded") || run.stdout.contains("would need 512 MB"), "\(run.stdout)")
    }

    @Test func aListOfStringsCountsAgainstTheMemoryLimitAtTheLineThatGrewIt() throws {
        // A list of 1 MB strings, 1 GB in all, under the exercise's 256 MiB: the strings and the
        // list are counted in bytes as tensors are, so the run stops with the limit at the loop
        // turn after the collection that counted them (the resident-size backstop, which used to
        // catch it, stopped it at the append, wherever the sampling thread happened to look).
        let grow = "var s = \"x\"\nfor i in 0..<20 { s = s + s }\nvar keep = []\nfor i in 0..<1000 {\n  keep.append(s + str(i))\n}\n"
        let dir = try Fixtures.folder(["strings.cajal": Self.solution + grow])
        defer { try? FileManager.default.removeItem(at: dir) }
        let lines = Self.solution.split(separator: "\n", omittingEmptySubsequences: false).count
        var reports: [String] = []
        for _ in 0..<2 {
            let run = try CajalBinary.run(["grade", "--exercise", Fixtures.leakyRelu.path, "--format", "tap",
                                           dir.appendingPathComponent("strings.cajal").path])
            #expect(run.status == 0, "\(run.stderr)")
            reports.append(run.stdout)
        }
        #expect(reports[0].contains("# score 0/8"), "\(reports[0])")
        #expect(reports[0].contains("memory limit exceeded (256 MiB)"), "\(reports[0])")
        #expect(reports[0].contains("at strings.cajal:\(lines + 3):"), "\(reports[0])")
        #expect(!reports[0].contains("used more than"), "\(reports[0])")
        #expect(reports[0] == reports[1])
    }

    @Test func aListOfNumbersGrownByAppendCountsAgainstTheMemoryLimit() throws {
        // 30 million numbers appended one by one (480 MB of list) under a 64 MiB limit.
        let exercise = try Fixtures.exercise()
        let checks = try String(contentsOf: exercise.checksURL, encoding: .utf8).replacingOccurrences(of: "# memory: 256MiB", with: "# memory: 64MiB")
        let grow = "var keep = []\nvar i = 0\nwhile i < 30000000 {\n  keep.append(i)\n  i += 1\n}\n"
        let dir = try Fixtures.folder(["ex/checks.cajal": checks, "ex/starter.cajal": "", "ex/solution.cajal": Self.solution,
                                       "numbers.cajal": Self.solution + grow])
        defer { try? FileManager.default.removeItem(at: dir) }
        let run = try CajalBinary.run(["grade", "--exercise", dir.appendingPathComponent("ex").path, "--format", "tap",
                                       dir.appendingPathComponent("numbers.cajal").path])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("# score 0/8"), "\(run.stdout)")
        #expect(run.stdout.contains("memory limit exceeded (64 MiB)"), "\(run.stdout)")
        // at the append that grew it past the limit (the resident-size backstop, which used to
        // catch this list, stopped it at the loop's edge instead)
        let lines = Self.solution.split(separator: "\n", omittingEmptySubsequences: false).count
        #expect(run.stdout.contains("at numbers.cajal:\(lines + 3):8"), "\(run.stdout)")
    }
}
