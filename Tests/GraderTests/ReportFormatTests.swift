// ReportFormatTests: every format written from one run — snapshots with timing normalised,
// Gradescope's fields as its spec names them, TAP 13 read by `prove`, determinism.
import Foundation
@testable import Grader
import Testing
import TestSupport

@Suite struct ReportFormatTests {
    /// Right on positives, wrong slope, no derivative: partial marks in every way.
    static let partial = """
    fn leaky_relu(x, slope: 0.01) = where(x > 0, x, 0)
    fn leaky_relu_grad(x, slope: 0.01) {
      if type(x) == "number" { return where(x > 0, 1, 0) }   # forgets the slope
      return todo("the tensor case")
    }
    """

    static func report() throws -> GradeReport {
        try Fixtures.grade(partial, exercise: Fixtures.exercise())
    }

    @Test(arguments: ReportFormat.allCases)
    func snapshot(_ format: ReportFormat) throws {
        let text = Fixtures.normalised(try Self.report().render(format))
        try assertSnapshot(text, named: "partial-\(format.rawValue)", in: "GraderTests")
    }

    @Test func theSameSubmissionGivesByteIdenticalReports() throws {
        for format in ReportFormat.allCases {
            let a = Fixtures.normalised(try Self.report().render(format))
            let b = Fixtures.normalised(try Self.report().render(format))
            #expect(a == b, "\(format)")
        }
    }

    /// A syntax error stops every check; the human report says so once, not once per check.
    @Test func aFileThatCannotLoadIsReportedOnce() throws {
        let r = try Fixtures.grade("fn leaky_relu(x, slope: 0.01) {\n  return where(x > 0, x, x * slope\n}\n",
                                   exercise: Fixtures.exercise())
        let text = r.human()
        #expect(r.results.count > 1 && r.results.allSatisfy { $0.status == .error })
        #expect(text.components(separatedBy: "expected `,` or `)` in the argument list").count == 2, "\(text)")
        #expect(text.components(separatedBy: "so no check could run").count == 2, "\(text)")
        #expect(r.json().components(separatedBy: "so no check could run").count == r.results.count + 1,
                "machine formats keep the message on every check")
    }

    @Test func partialCreditIsAFractionOfThePoints() throws {
        let r = try Self.report()
        let partial = try #require(r.results.first { $0.name == "partial credit for the default slope" })
        #expect(partial.score == 1)   // 2 of 4 cases (the positive ones) right, 2 points
        #expect(partial.status == .failed)
    }

    @Test func gradescopeHasTheSpecsFields() throws {
        let r = try Self.report()
        let object = try JSONSerialization.jsonObject(with: Data(r.gradescope().utf8)) as! [String: Any]
        #expect(object["score"] as? Double == r.score)
        #expect(object["execution_time"] is NSNumber)
        #expect(object["output"] is String)
        let tests = try #require(object["tests"] as? [[String: Any]])
        #expect(tests.count == 5)
        for (t, result) in zip(tests, r.results) {
            #expect(t["name"] as? String == result.name)
            #expect(t["score"] as? Double == result.score)
            #expect(t["max_score"] as? Double == result.maxScore)
            #expect(t["status"] as? String == (result.status == .passed ? "passed" : "failed"))
            #expect(t["visibility"] as? String == (result.spec.hidden ? "after_published" : "visible"))
            #expect(t["output_format"] as? String == "ansi")
            #expect(t["number"] as? String == "\(result.spec.number)")
        }
        let total = tests.reduce(0.0) { $0 + ($1["score"] as! Double) }
        #expect(total == object["score"] as? Double)
    }

    @Test func tapParsesWithProve() throws {
        let prove = ["/usr/bin/prove", "/usr/local/bin/prove"].first { FileManager.default.isExecutableFile(atPath: $0) }
        guard let prove else {
            print("skipped: `prove` (perl's TAP::Harness) is not installed")
            return
        }
        let tap = try Self.report().tap()
        #expect(tap.hasPrefix("TAP version 13\n1..5\n"))
        let dir = try Fixtures.folder(["grade.tap": tap])
        defer { try? FileManager.default.removeItem(at: dir) }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: prove)
        p.arguments = ["--exec", "cat", dir.appendingPathComponent("grade.tap").path]
        let out = Pipe()
        p.standardOutput = out
        p.standardError = out
        try p.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        #expect(text.contains("Tests: 5 Failed: 4") || text.contains("Tests=5"), "\(text)")
        #expect(text.contains("Failed 4/5 subtests"), "\(text)")
        #expect(!text.contains("Parse errors"), "\(text)")
    }

    @Test func junitCarriesPointsAndSeparatesErrorsFromFailures() throws {
        let x = try Self.report().junit()
        #expect(x.contains("<property name=\"1.score\" value=\"1\"/><property name=\"1.max_score\" value=\"1\"/>"))
        // The Jenkins/Surefire schema: properties only on the testsuite, no skipped on testsuites.
        #expect(!x.contains("<testcase classname=\"leaky-relu\" name=\"keeps positive inputs\" time=\"0.000\">\n      <properties>"))
        let testcases = x.components(separatedBy: "<testcase ").dropFirst()
        #expect(testcases.allSatisfy { !$0.contains("<propert") })
        #expect(x.split(separator: "\n").first { $0.hasPrefix("<testsuites") }?.contains("skipped") == false)
        #expect(x.contains("<failure message="))
        #expect(x.contains("failures=\"4\" errors=\"0\""))
        #expect(x.contains("<failure message=\"submission.cajal:4:10: error: not yet: fill in the tensor case"))
        let crashed = try Fixtures.grade("fn leaky_relu(x {\n", exercise: Fixtures.exercise()).junit()
        #expect(crashed.contains("failures=\"0\" errors=\"5\""))
        // The error itself is in the message attribute, where CI summaries show it.
        #expect(crashed.contains("<error message=\"your file has an error, so no check could run: submission.cajal:1:"), "\(crashed)")
        #expect(x.components(separatedBy: "<testcase ").count == 6)
    }

    @Test func junitReplacesEveryCharacterXMLForbids() {
        #expect(xmlEscape("a\u{FFFE}b\u{FFFF}c\u{1}d\u{7F}e\n\tf") == "a\u{FFFD}b\u{FFFD}c\u{FFFD}d\u{FFFD}e\n\tf")
        #expect(xmlEscape("<&>\"'") == "&lt;&amp;&gt;&quot;&apos;")
    }

    @Test func jsonSecondsAreNumbers() throws {
        let object = try JSONSerialization.jsonObject(with: Data(try Self.report().json().utf8)) as! [String: Any]
        #expect(object["seconds"] is Double || object["seconds"] is Int)
        let checks = object["checks"] as! [[String: Any]]
        #expect(checks.allSatisfy { $0["seconds"] is Double || $0["seconds"] is Int })
    }

    @Test func summaryCSVCellsCannotBeFormulas() {
        #expect(GradeCommand.csvCell("=HYPERLINK(\"http://x\")") == "\"'=HYPERLINK(\"\"http://x\"\")\"")
        for start in ["+1", "-1", "@SUM(A1)", "\tx"] { #expect(GradeCommand.csvCell(start) == "'" + start) }
        #expect(GradeCommand.csvCell("alice") == "alice")
        #expect(GradeCommand.csvCell("smith, j") == "\"smith, j\"")
    }

    @Test func humanEndsWithThePassedFailedLine() throws {
        let h = try Self.report().human()
        #expect(h.hasSuffix("\n1 passed, 4 failed (1 with partial credit)\n"))
    }
}
