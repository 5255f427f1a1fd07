// ExerciseCommands: the learner's `cajal exercises`, `check`, `hint`, `reset` and `solution`,
// handed to the Grader room (LearnerCommands).
import ArgumentParser
import Foundation
import Grader

/// `--root DIR`: where the exercises and `.cajal-progress.json` are.
struct ExerciseRoot: ParsableArguments {
    @Option(help: ArgumentHelp("Look for exercises under this folder (default: the current one).", valueName: "dir"),
            completion: .directory)
    var root: String?

    var url: URL { URL(fileURLWithPath: root ?? FileManager.default.currentDirectoryPath) }
}

/// `[--root DIR] EXERCISE`, shared by the commands that work on one exercise.
struct ExerciseArguments: ParsableArguments {
    @OptionGroup var root: ExerciseRoot

    @Argument(help: "The exercise: its folder's name (see 'cajal exercises') or a path to the folder.",
              completion: .custom(Completions.exercises))
    var exercise: String
}

/// A learner command on one exercise: which one, and its arguments.
protocol ExerciseCommand: ParsableCommand {
    static var action: LearnerCommands.Action { get }
    var arguments: ExerciseArguments { get }
}

extension ExerciseCommand {
    func run() throws {
        let (name, root) = (arguments.exercise, arguments.root.url)
        try finish(onBigStack { LearnerCommands.run(Self.action, exercise: name, root: root) })
    }
}

/// The exit codes of the learner commands, for their help.
private let learnerExitCodes = "Exit codes: 0 ok, 1 not yet, 64 usage, 66 no such exercise (or a broken one)."

extension Cajal {
    struct Exercises: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "exercises",
            abstract: "List the exercises and your progress.",
            discussion: """
                Exercises are the folders lessons/*/exercises/* under the current folder (or \
                --root); your progress is in .cajal-progress.json there.

                Example:
                  cajal exercises
                """
        )

        @OptionGroup var root: ExerciseRoot

        func run() throws {
            let root = root.url
            try finish(onBigStack { LearnerCommands.exercises(root: root) })
        }
    }

    struct Check: ExerciseCommand {
        static let configuration = CommandConfiguration(
            commandName: "check",
            abstract: "Run an exercise's visible checks on your answer.cajal.",
            discussion: """
                The first check makes answer.cajal in the exercise folder from its starter. While a \
                todo() remains you see only what is left to write; after a real failure you see \
                the hint you have reached for the first failing check ('cajal hint' for the next).

                Example:
                  cajal check leaky-relu

                \(learnerExitCodes)
                """
        )
        static let action = LearnerCommands.Action.check
        @OptionGroup var arguments: ExerciseArguments
    }

    struct Hint: ExerciseCommand {
        static let configuration = CommandConfiguration(
            commandName: "hint",
            abstract: "Show the next hint for the first failing check.",
            discussion: """
                Hints come one at a time, only when you ask, from the gentlest to the most direct.

                Example:
                  cajal hint leaky-relu

                \(learnerExitCodes)
                """
        )
        static let action = LearnerCommands.Action.hint
        @OptionGroup var arguments: ExerciseArguments
    }

    struct Reset: ExerciseCommand {
        static let configuration = CommandConfiguration(
            commandName: "reset",
            abstract: "Start an exercise over from its starter.",
            discussion: """
                Your old answer.cajal is kept as answer.cajal.bak.

                Example:
                  cajal reset leaky-relu

                \(learnerExitCodes)
                """
        )
        static let action = LearnerCommands.Action.reset
        @OptionGroup var arguments: ExerciseArguments
    }

    struct Solution: ExerciseCommand {
        static let configuration = CommandConfiguration(
            commandName: "solution",
            abstract: "Show the reference solution (after the visible checks pass).",
            discussion: """
                Example:
                  cajal solution leaky-relu

                \(learnerExitCodes)
                """
        )
        static let action = LearnerCommands.Action.solution
        @OptionGroup var arguments: ExerciseArguments
    }
}
