// PipedSessionTests: `cajal` reading a pipe — no banner, no prompt, no echo; values on stdout,
// errors on stderr, the session going on after an error; exit status 0, 65 or 70 at the end.
import Foundation
import Testing
import TestSupport

@Suite(.enabled(if: CajalBinary.isBuilt, "the cajal binary is not in the build products directory"))
struct PipedSessionTests {
    @Test func onePlusTwoPrintsThree() throws {
        let t = try PlainRun.run("1 + 2\n")
        #expect(t.stdout == "3\n")
        #expect(t.stderr == "")
        #expect(t.status == 0)
    }

    @Test func aLessonLikeSessionSnapshot() throws {
        let script = """
            # values print; statements do not
            let A = [[1, 2], [3, 4]]
            A @ A
            _ * 2
            fn square(v) {
              return v * v
            }
            square(7)
            print("total is {square(3)}")
            let settings = {lr: 0.1,
                            epochs: 10}
            settings.lr
            "a string"
            nil

            :type A
            :shape A @ A
            :vars
            :help len

            """
        try assertSnapshot(try PlainRun.run(script).rendered, named: "piped-lesson", in: "REPLTests")
    }

    @Test func errorsGoToStderrAndTheSessionContinues() throws {
        let script = """
            let x = 1
            x / 0
            y + 1
            x + 1
            :hepl
            :seed banana
            let broken = [1, 2
            x + 2

            """
        try assertSnapshot(try PlainRun.run(script).rendered, named: "piped-errors", in: "REPLTests")
    }

    @Test func errorsInTheShownExpressionPointAtTheCellAsTyped() throws {
        let t = try PlainRun.run("let a = 1; a / 0\nlen(\n  5)\n")
        #expect(t.stderr.contains("<cell 1>:1:12: error: division by zero\n 1 | let a = 1; a / 0\n   |            ^~~~~"))
        #expect(t.stderr.contains("<cell 2>:1:1: error: bad argument #1 to 'len'"))
        #expect(!t.stderr.contains("let _"))
    }

    @Test func onlyStaticErrorsExit65() throws {
        #expect(try PlainRun.run("let = 3\n1\n").status == 65)
    }

    @Test func theLastLineNeedsNoNewlineAndAnOpenBlockAtTheEndIsReported() throws {
        #expect(try PlainRun.run("2 * 21").stdout == "42\n")
        let open = try PlainRun.run("fn f(x) {\n  return x\n")
        #expect(open.status == 65)
        #expect(open.stderr.contains("error"))
    }

    @Test func loadRunsAFileInTheSession() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("cajal-load-\(UUID().uuidString).cajal")
        try "let loaded = 40\nfn bump(v) = v + 2\n".write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let t = try PlainRun.run(":load \(file.path)\nbump(loaded)\n")
        #expect(t.stdout == "42\n")
        #expect(t.status == 0)
    }

    @Test func resetForgetsVariables() throws {
        let t = try PlainRun.run("let kept = 1\n:reset\nkept\n")
        #expect(t.stderr.contains("undeclared variable 'kept'"))
        #expect(t.status == 65)
    }

    @Test func seedMakesRandomNumbersRepeat() throws {
        let t = try PlainRun.run(":seed 7\nlet a = rand([3])\n:seed 7\nlet b = rand([3])\nall(a == b)\n")
        #expect(t.stdout == "seed set to 7\nseed set to 7\ntrue\n")
    }

    @Test func graphShowsTheRecordedOperationsAndGradcheckReports() throws {
        let t = try PlainRun.run("let w = param([1, 2])\n:graph w * 2\n:graph [1, 2]\n:gradcheck fn(v) = sum(v * v) [1, 2]\n")
        #expect(t.status == 0)
        #expect(t.stderr == "")
        #expect(t.stdout == """
            %0 = leaf         [2]  requires grad
            %1 = const 2      []
            %2 = mul(%0, %1)  [2]
            (a plain tensor: nothing recorded)
            gradcheck passed: 2 elements, worst at input 0 [0]: analytic 2.0, numeric 2.0

            """)
    }
}
