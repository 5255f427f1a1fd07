// ExerciseSuiteTests: every exercise in the repository is well formed, its solution scores
// full marks and its starter scores 0 (exercises are found by walking lessons/**/exercises/*/).
import Foundation
@testable import Grader
import Testing
import TestSupport

@Suite struct ExerciseSuiteTests {
    static let all = Exercise.discover(under: Fixtures.lessons)

    @Test func theRepositoryHasExercises() {
        #expect(Self.all.count >= 3)
    }

    @Test(arguments: all)
    func solutionScoresFullMarks(_ dir: URL) throws {
        let exercise = try Exercise(directory: dir)
        let report = Grader(exercise: exercise, includeHidden: true).grade(submissionPath: exercise.solutionURL.path)
        for r in report.results where r.status != .passed {
            Issue.record("\(exercise.id): check '\(r.name)' \(r.status.rawValue): \(r.message)")
        }
        #expect(report.score == exercise.maxPoints)
        #expect(exercise.checks.contains { $0.hidden } && exercise.checks.contains { !$0.hidden })
    }

    @Test(arguments: all)
    func starterScoresZero(_ dir: URL) throws {
        let exercise = try Exercise(directory: dir)
        let report = Grader(exercise: exercise, includeHidden: true).grade(submissionPath: exercise.starterURL.path)
        #expect(report.score == 0)
        #expect(report.passedCount == 0)
        for r in report.results {
            #expect(r.message.contains("not yet"), "\(exercise.id) '\(r.name)': \(r.message)")
        }
    }
}
