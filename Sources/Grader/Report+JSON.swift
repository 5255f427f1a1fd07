// Report+JSON: the grader's own JSON and Gradescope's results.json (written to
// /autograder/results/results.json: a top-level score, and per test name, score, max_score,
// an explicit status, output and visibility; without a status Gradescope judges a test by its
// score, so a 0-of-0 check would show as passed).
// Both are Encodable values written by Foundation's JSONEncoder (keys in snake_case, sorted),
// and points are rounded to three decimals, so identical runs give identical bytes apart from
// the timing fields (`seconds`, `execution_time`).
import Foundation

enum JSON {
    /// `value` as pretty-printed JSON (sorted keys, `/` unescaped), ending in a newline.
    static func text<T: Encodable>(_ value: T, pretty: Bool = true) -> String {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = pretty ? [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes] : [.sortedKeys, .withoutEscapingSlashes]
        // Our own structs of strings, numbers and booleans: encoding does not fail (a NaN score
        // would; it is written as null rather than stopping the grader).
        guard let data = try? encoder.encode(value) else { return "null" + (pretty ? "\n" : "") }
        return String(decoding: data, as: UTF8.self) + (pretty ? "\n" : "")
    }

    /// A JSON string literal: quotes, backslashes and every control character escaped.
    static func quote(_ s: String) -> String { text(s, pretty: false) }
}

/// Points as JSON numbers: three decimals at most (`0.333`, `2`).
func points(_ x: Double) -> Double { (x * 1000).rounded() / 1000 }

/// The grader's JSON report.
struct ReportJSON: Encodable {
    struct Check: Encodable {
        var number: Int, name: String, hidden: Bool, status: String
        var score: Double, maxScore: Double, message: String, stdout: String, seconds: Double
    }
    var exercise: String, title: String, submission: String
    var score: Double, maxScore: Double, passed: Int, failed: Int, seconds: Double
    var checks: [Check]
}

/// One finished check as the isolated worker writes it: one JSON line, read back by the grader.
struct WorkerLine: Encodable {
    var number: Int, status: String, score: Double, message: String, stdout: String, seconds: Double
}

/// Gradescope's results.json.
struct GradescopeJSON: Encodable {
    struct Test: Encodable {
        var name: String, number: String, score: Double, maxScore: Double, status: String
        var output: String, outputFormat: String, visibility: String
        var tags: [String]?
    }
    var score: Double, executionTime: Double, output: String, outputFormat: String
    var testOutputFormat: String, testNameFormat: String, visibility: String, stdoutVisibility: String
    var tests: [Test]
}

extension GradeReport {
    /// The grader's JSON: every field of every check, hidden ones included.
    public func json() -> String {
        let checks = results.map { r in
            ReportJSON.Check(number: r.spec.number, name: r.name, hidden: r.spec.hidden, status: r.status.rawValue,
                             score: points(r.score), maxScore: points(r.maxScore), message: r.message, stdout: r.stdout,
                             seconds: (r.seconds * 1000).rounded() / 1000)
        }
        return JSON.text(ReportJSON(exercise: exerciseID, title: title, submission: submission, score: points(score),
                                    maxScore: points(maxScore), passed: passedCount, failed: failedCount,
                                    seconds: (seconds * 1000).rounded() / 1000, checks: checks))
    }

    /// Gradescope's results.json: explicit status on every test, hidden checks held back with
    /// `after_published` (they carry points; `hidden` is for zero-point tests), ANSI-coloured
    /// test output.
    public func gradescope() -> String {
        let tests = results.map { r in
            let mark = r.status == .passed ? "\u{1B}[32m✓ passed\u{1B}[0m"
                : r.isPartial ? "\u{1B}[33m~ partial credit\u{1B}[0m"
                : "\u{1B}[31m✗ \(r.status == .error ? "error" : "failed")\u{1B}[0m"
            return GradescopeJSON.Test(name: r.name, number: "\(r.spec.number)", score: points(r.score), maxScore: points(r.maxScore),
                                       status: r.status == .passed ? "passed" : "failed",
                                       output: r.message.isEmpty ? mark : mark + "\n" + r.message, outputFormat: "ansi",
                                       visibility: r.spec.hidden ? "after_published" : "visible", tags: r.spec.hidden ? ["hidden"] : nil)
        }
        // Named after the file graded, whatever the student called it.
        let file = submission.isEmpty ? "" : " (\(submission))"
        let summary = "\(title)\(file): \(passedCount) of \(results.count) checks passed, \(formatPoints(score))/\(formatPoints(maxScore)) points"
        return JSON.text(GradescopeJSON(score: points(score), executionTime: seconds.rounded(.up), output: summary, outputFormat: "text",
                                        testOutputFormat: "ansi", testNameFormat: "text", visibility: "visible",
                                        stdoutVisibility: "hidden", tests: tests))
    }
}

func seconds3(_ s: Double) -> String {
    String(format: "%.3f", s)
}
