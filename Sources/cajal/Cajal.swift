// Cajal: the root command. `cajal` alone starts the REPL; every other use names a subcommand,
// one ParsableCommand each (Run.swift, LessonCommands.swift, ExerciseCommands.swift,
// Grade.swift). A new command is one small struct in its own file and one entry in the list
// below; a hidden one (a worker mode that re-executes cajal, say) sets `shouldDisplay: false`
// and goes in `hidden`. Each names itself (`commandName:`): left out, ArgumentParser derives
// the name from `String(describing:)` of the type, a reflective cast that cost every start of
// cajal about 15 M instructions for the 13 commands that had none (callgrind, `cajal run` of an
// empty file: 77.5 → 64.3 M).
import ArgumentParser
import REPL

struct Cajal: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cajal",
        abstract: "Learn deep learning by running it: a small language, tensors with autograd, lessons, exercises.",
        usage: """
            cajal                         the interactive REPL (:help inside it)
            cajal <command> [<options>]   one of the commands below
            """,
        discussion: """
            Guides: docs/*.md in the repository (language, builtins, nn, training, plots, notebooks, exercises).
            Exit codes: 0 ok, 64 usage, 65 static error, 70 runtime error; each command's help lists its own.
            """,
        version: "cajal 0.1.0",
        groupedSubcommands: [
            CommandGroup(name: "Programs", subcommands: [Run.self]),
            CommandGroup(name: "Lessons", subcommands: [Lesson.self, Export.self, KernelCommand.self]),
            CommandGroup(name: "Exercises", subcommands: [Exercises.self, Check.self, Hint.self, Reset.self, Solution.self]),
            CommandGroup(name: "Teachers", subcommands: [Grade.self, Verify.self, Assign.self, PackageCommand.self] + hidden),
        ]
    )

    /// Commands left out of the help and the completions (`shouldDisplay: false`). They sit in a
    /// group: an ungrouped hidden command would leave an empty first section, and the library
    /// then drops the "See 'cajal help <subcommand>'" line.
    static let hidden: [ParsableCommand.Type] = [GradeWorker.self, CheckNotebook.self, CheckGEMMSplit.self, CheckVectorMath.self]

    func run() throws {
        try finish(startREPL())
    }

    /// `cajal FILE.cajal` names no command: a usage error that says how a file is run.
    static func explainFile(_ arguments: [String]) {
        guard let first = arguments.first, first.hasSuffix(".cajal") else { return }
        exit(withError: ValidationError("to run a file: cajal run \(first)"))
    }
}

/// Ends a command with the status a room returned: 0 returns normally, anything else exits
/// with that status (the room has already said why).
func finish(_ status: Int32) throws {
    if status != 0 { throw ExitCode(status) }
}
