// PackageCommand: the teacher's `cajal package --gradescope EXERCISE -o autograder.zip`, handed to the
// Grader room (GradescopePackage).
import ArgumentParser
import Grader

extension Cajal {
    struct PackageCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "package",
            abstract: "Make a Gradescope autograder zip of an exercise (for teachers).",
            discussion: """
                The zip holds setup.sh (installs the shared C libraries cajal needs, found with \
                ldd, and cajal itself), run_autograder (grades the one .cajal file a student \
                uploads, whatever its name), this cajal binary and the exercise with every check. \
                Upload it as the autograder of a Gradescope programming assignment (Ubuntu image).

                Example:
                  cajal package --gradescope leaky-relu -o autograder.zip

                Exit codes: 0 written, 64 usage, 66 no such exercise (or a broken one, or a \
                learner's copy), 69 this binary needs the Swift runtime as shared libraries, \
                73 the zip cannot be written.
                """
        )

        @OptionGroup var root: ExerciseRoot

        @Option(help: ArgumentHelp("The exercise: its folder's name or a path to the folder.", valueName: "exercise"),
                completion: .custom(Completions.exercises))
        var gradescope: String

        @Option(name: [.customShort("o"), .long],
                help: ArgumentHelp("The zip to write.", valueName: "file"),
                completion: .file(extensions: ["zip"]))
        var output = "autograder.zip"

        func run() throws {
            let (name, root, output) = (gradescope, root.url, output)
            try finish(GradescopePackage.run(exercise: name, root: root, output: output))
        }
    }
}
