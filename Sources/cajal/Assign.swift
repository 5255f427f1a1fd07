// Assign: the teacher's `cajal assign EXERCISE [-o DIR]`, handed to the Grader room (Assignment):
// a learner's copy (starter and visible checks) and an autograder copy of one exercise.
import ArgumentParser
import Grader

extension Cajal {
    struct Assign: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "assign",
            abstract: "Write an exercise's learner copy and autograder copy (for teachers).",
            discussion: """
                DIR/student/NAME holds starter.cajal and checks.cajal with the visible checks only: \
                no solution, no hidden check's code, name or message. Learners run 'cajal check \
                NAME' in it. DIR/autograder/NAME holds everything, for 'cajal grade' and \
                'cajal package'. Running it again replaces both copies.

                Examples:
                  cajal assign leaky-relu
                  cajal assign lessons/04-backprop/exercises/backprop-221 -o handout

                Exit codes: 0 written, 64 usage, 66 no such exercise (or a broken one), 73 a file \
                that cannot be written.
                """
        )

        @OptionGroup var arguments: ExerciseArguments

        @Option(name: [.customShort("o"), .long],
                help: ArgumentHelp("Write the copies here (default: NAME-assignment).", valueName: "dir"),
                completion: .directory)
        var output: String?

        func run() throws {
            let (name, root, output) = (arguments.exercise, arguments.root.url, output)
            try finish(Assignment.run(exercise: name, root: root, output: output))
        }
    }
}
