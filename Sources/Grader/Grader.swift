// Grader: runs a submission against an exercise's checks, each in a fresh interpreter session
// with its own limits. Order inside one session: the submission file →
// the check program (CheckProgram.swift). A submission that cannot load fails every check
// with the same clear message; it is loaded once to find that out.
import Diagnostics
import Foundation
import Interpreter
import Language

public struct Grader {
    public var exercise: Exercise
    /// Include hidden checks (teacher grading) or only visible ones (`cajal check`).
    public var includeHidden: Bool
    /// Cap on what is kept of a check's printed output.
    static let stdoutCap = 2000
    /// The interpreter's builtin table (for the sandbox's file-builtin rule).
    nonisolated(unsafe) static let builtinHelp = Interpreter().builtinHelp

    public init(exercise: Exercise, includeHidden: Bool) {
        self.exercise = exercise
        self.includeHidden = includeHidden
    }

    /// Grades the file at `submissionPath`. Always returns a complete report; `onResult` hears
    /// each check's result as soon as it is known (the isolation worker streams them).
    public func grade(submissionPath: String, onResult: ((CheckResult) -> Void)? = nil) -> GradeReport {
        let start = Date()
        let url = URL(fileURLWithPath: submissionPath).standardizedFileURL.resolvingSymlinksInPath()
        let specs = exercise.checks.filter { includeHidden || !$0.hidden }
        var results: [CheckResult]
        switch prepare(url) {
        case .failure(let problem):
            results = specs.map { CheckResult(spec: $0, status: .error, score: 0, message: problem.message, stdout: "", seconds: 0) }
            results.forEach { onResult?($0) }
        case .success(let source):
            results = specs.map { spec in
                let r = run(spec, source: source, url: url)
                onResult?(r)
                return r
            }
        }
        return GradeReport(exerciseID: exercise.id, title: exercise.title, submission: url.lastPathComponent,
                           results: results, seconds: Date().timeIntervalSince(start))
    }

    /// Reads the submission, applies the sandbox policy, and loads it once in a probe session.
    private func prepare(_ url: URL) -> Result<String, SandboxViolation> {
        guard let data = FileManager.default.contents(atPath: url.path) else {
            return .failure(SandboxViolation(message: "cannot read the submission '\(url.lastPathComponent)'"))
        }
        // Invalid UTF-8 is the error `cajal run` reports, never a silent repair.
        let file = SourceFile(name: url.path, bytes: [UInt8](data))
        if !file.invalidUTF8.isEmpty {
            let errors = Lexer.tokenize(file).diagnostics.filter { $0.id == .invalidUTF8 }
            let session = Session(url: url, limits: exercise.limits)
            return .failure(SandboxViolation(message: "your file has an error, so no check could run:\n" + session.describe(errors, hit: nil)))
        }
        let source = file.text
        let folder = url.deletingLastPathComponent().path
        let forbidden: Set<String> = [exercise.checksURL, exercise.solutionURL]
            .map { $0.resolvingSymlinksInPath().path }.reduce(into: []) { $0.insert($1) }
        do {
            let (words, files) = try Sandbox.checkImports(source: source, path: url.path, folder: folder, forbidden: forbidden.subtracting([url.path]))
            try Sandbox.checkFileBuiltins(words: words, help: Grader.builtinHelp)
            for f in files {
                try Sandbox.checkForbidden(f.text, path: f.path, shownAs: Sandbox.display(f.path, folder: folder + "/"), forbid: exercise.forbid)
            }
        } catch let v as SandboxViolation {
            return .failure(v)
        } catch {
            return .failure(SandboxViolation(message: "\(error)"))
        }
        let session = Session(url: url, limits: exercise.limits)
        session.lessonNames = LessonNames(exercise: exercise.directory)
        if let problem = session.load(source) { return .failure(SandboxViolation(message: problem)) }
        return .success(source)
    }

    /// One check in a fresh session.
    private func run(_ spec: CheckSpec, source: String, url: URL) -> CheckResult {
        let start = Date()
        let session = Session(url: url, limits: spec.limits ?? exercise.limits)
        var result = CheckResult(spec: spec, status: .passed, score: spec.points, message: "", stdout: "", seconds: 0)
        let outcome = session.runCheck(spec, source: source, exercise: exercise)
        switch outcome {
        case .passed(let fraction):
            result.score = spec.points * fraction
            if fraction < 1 {
                result.status = .failed
                // The check's own headline says what is still wrong; the fraction says how much.
                let credit = "partial credit: \(formatPoints(fraction * 100))% of the points"
                result.message = [spec.failMessage, credit].compactMap { $0 }.joined(separator: "\n")
            }
        case .failed(let why):
            result.status = .failed
            result.score = 0
            // A todo() hole says "not yet" on its own; the check's headline would only confuse.
            let headline = why.contains("not yet: fill in") ? nil : spec.failMessage
            result.message = [headline, why].compactMap { $0 }.joined(separator: "\n")
        case .stopped(let why):
            // The learner's code stopped: say so first; the headline describes a wrong result.
            result.status = .failed
            result.score = 0
            result.message = "your code stopped with an error:\n" + why
        case .error(let why):
            result.status = .error
            result.score = 0
            result.message = why
        }
        result.stdout = String(session.printed.prefix(Grader.stdoutCap))
        result.seconds = Date().timeIntervalSince(start)
        return result
    }
}
