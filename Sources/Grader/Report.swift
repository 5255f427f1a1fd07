// Report: the one result model every output format (human, JSON/Gradescope, JUnit, TAP) is
// written from, so the formats cannot disagree about a result.

/// How one check ended.
public enum CheckStatus: String, Sendable {
    /// Full points.
    case passed
    /// Ran to the end but wrong (an expectation failed), or partial credit.
    case failed
    /// The submission could not be loaded, crashed, or hit a limit.
    case error
}

/// One check's outcome.
public struct CheckResult: Sendable {
    public var spec: CheckSpec
    public var status: CheckStatus
    public var score: Double
    /// Why it failed (plain text; empty when passed).
    public var message: String
    /// What the submission printed during the check (capped).
    public var stdout: String
    /// Wall-clock seconds (the only field that varies between identical runs).
    public var seconds: Double

    public var name: String { spec.name }
    public var maxScore: Double { spec.points }
    /// Some points but not all: a check that returned a fraction below 1.
    public var isPartial: Bool { status == .failed && score > 0 }
}

/// A whole grading run.
public struct GradeReport: Sendable {
    public var exerciseID: String
    public var title: String
    /// The submission's file name (no folder, so reports do not depend on where it sits).
    public var submission: String
    public var results: [CheckResult]
    public var seconds: Double
    /// Who the report is for (the JUnit suite's name): the batch's student name, or the file's
    /// name without `.cajal` (the folder's for `NAME/answer.cajal`) when empty.
    public var student: String = ""

    /// `student`, or the name the submission's file gives.
    public var studentName: String {
        if !student.isEmpty { return student }
        let base = submission.hasSuffix(".cajal") ? String(submission.dropLast(6)) : submission
        return base.isEmpty ? exerciseID : base
    }

    public var score: Double { results.reduce(0) { $0 + $1.score } }
    public var maxScore: Double { results.reduce(0) { $0 + $1.maxScore } }
    public var passedCount: Int { results.filter { $0.status == .passed }.count }
    public var failedCount: Int { results.count - passedCount }
}

/// `2`, `1.5`, `0.333` — points as people write them.
func formatPoints(_ x: Double) -> String {
    if x == x.rounded() { return String(Int(x)) }
    var s = String(format: "%.3f", x)
    while s.hasSuffix("0") { s.removeLast() }
    return s
}
