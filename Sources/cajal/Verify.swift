// Verify: the teacher's `cajal verify`, handed to the Grader room (Verify).
import ArgumentParser
import Foundation
import Grader

extension Cajal {
    struct Verify: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "verify",
            abstract: "Check an exercise before release: solution, starter and wrong answers.",
            discussion: """
                Grades with every check, hidden ones too: the solution must get full marks, the \
                starter 0 with every check saying "not yet", and each known wrong answer its \
                expected score. Known wrong answers are the files in the exercise's wrong/ folder \
                (each has a line '# verify: score N') and those given with --expect. Without an \
                exercise, every exercise under the current folder (or --root) is verified.

                Examples:
                  cajal verify leaky-relu
                  cajal verify lessons/00-examples/exercises/leaky-relu --expect zero.cajal=3
                  cajal verify

                Exit codes: 0 verified, 1 some file did not score as it must, 64 usage, 66 no \
                such exercise (or a broken one).
                """
        )

        @OptionGroup var root: ExerciseRoot

        @Option(name: .customLong("expect"),
                help: ArgumentHelp("A known wrong answer and the score it must get (repeatable).", valueName: "file=score"))
        var expectations: [String] = []

        @Argument(help: "Exercises: folder names (see 'cajal exercises') or paths to the folders.",
                  completion: .custom(Completions.exercises))
        var exercises: [String] = []

        func validate() throws {
            for e in expectations where ExerciseVerifier.Expectation(argument: e) == nil {
                throw ValidationError("--expect takes FILE=SCORE, e.g. --expect wrong.cajal=3 (got '\(e)')")
            }
            if !expectations.isEmpty && exercises.count != 1 {
                throw ValidationError("--expect needs exactly one exercise")
            }
        }

        func run() throws {
            let (names, root) = (exercises, root.url)
            let expect = expectations.compactMap { e in
                ExerciseVerifier.Expectation(argument: e).map { ExerciseVerifier.Expectation(path: URL(fileURLWithPath: $0.path).standardizedFileURL.path, score: $0.score) }
            }
            try finish(onBigStack { ExerciseVerifier.run(exercises: names, expect: expect, root: root) })
        }
    }
}
