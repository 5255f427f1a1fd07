// CommandLineTests: `cajal` with no arguments, --version, --help and each command's own help,
// usage errors (64, one wording), a file that cannot be read, --seed reproducibility, and
// --dump-bytecode.
import Foundation
import Testing
import TestSupport

@Test func versionPrintsTheVersionAndExitsZero() throws {
    let r = try CajalBinary.run(["--version"])
    #expect(r.status == 0)
    #expect(r.stdout.hasPrefix("cajal "))
}

/// The help texts at a fixed width (swift-argument-parser wraps them to $COLUMNS).
let eightyColumns = ["COLUMNS": "80"]

@Test func helpIsTheWholeUsageAndCommandTable() throws {
    let r = try CajalBinary.run(["--help"], environment: eightyColumns)
    #expect(r.status == 0)
    #expect(r.stdout == """
        OVERVIEW: Learn deep learning by running it: a small language, tensors with
        autograd, lessons, exercises.

        Guides: docs/*.md in the repository (language, builtins, nn, training, plots,
        notebooks, exercises).
        Exit codes: 0 ok, 64 usage, 65 static error, 70 runtime error; each command's
        help lists its own.

        USAGE: cajal                         the interactive REPL (:help inside it)
               cajal <command> [<options>]   one of the commands below

        OPTIONS:
          --version               Show the version.
          -h, --help              Show help information.

        PROGRAMS SUBCOMMANDS:
          run                     Run a .cajal file.

        LESSONS SUBCOMMANDS:
          lesson                  List the lessons, or run one cell by cell (--check:
                                  against its recorded outputs).
          export                  Export a lesson as a self-contained HTML page or a
                                  Jupyter notebook.
          kernel                  Run as a Jupyter kernel, or install the kernelspec
                                  that lets Jupyter start one.

        EXERCISES SUBCOMMANDS:
          exercises               List the exercises and your progress.
          check                   Run an exercise's visible checks on your answer.cajal.
          hint                    Show the next hint for the first failing check.
          reset                   Start an exercise over from its starter.
          solution                Show the reference solution (after the visible checks
                                  pass).

        TEACHERS SUBCOMMANDS:
          grade                   Grade a submission with every check, hidden ones too
                                  (for teachers).
          verify                  Check an exercise before release: solution, starter
                                  and wrong answers.
          assign                  Write an exercise's learner copy and autograder copy
                                  (for teachers).
          package                 Make a Gradescope autograder zip of an exercise (for
                                  teachers).

          See 'cajal help <subcommand>' for detailed help.

        """)
    #expect(try CajalBinary.run(["help"], environment: eightyColumns).stdout == r.stdout)
}

@Test func noArgumentsStartsTheREPLWhichEndsAtEndOfInput() throws {
    let r = try CajalBinary.run([])
    #expect(r.status == 0, "\(r.stderr)")
}

/// Every command, as `cajal --help` lists them.
let commandNames = ["run", "lesson", "export", "kernel", "exercises", "check", "hint", "reset", "solution", "grade", "verify", "assign", "package"]

@Test(arguments: commandNames)
func everyCommandHasItsOwnHelp(_ command: String) throws {
    let help = try CajalBinary.run(["help", command], environment: eightyColumns)
    let flag = try CajalBinary.run([command, "--help"], environment: eightyColumns)
    #expect(help.status == 0 && flag.status == 0)
    #expect(help.stdout == flag.stdout)
    #expect(help.stdout.contains("USAGE: cajal \(command)"), "\(help.stdout)")
    #expect(help.stdout.contains("Example"), "\(command) shows how it is used:\n\(help.stdout)")
}

@Test func gradeHelpShowsItsUsageOptionsAndExamples() throws {
    let r = try CajalBinary.run(["grade", "--help"], environment: eightyColumns)
    #expect(r.status == 0)
    try assertSnapshot(r.stdout, named: "grade-help", in: "ScriptTests")
}

@Test func helpLessonShowsItsUsageOptionsAndExamples() throws {
    let r = try CajalBinary.run(["help", "lesson"], environment: eightyColumns)
    #expect(r.status == 0)
    try assertSnapshot(r.stdout, named: "lesson-help", in: "ScriptTests")
}

@Test(arguments: [["frobnicate"], ["run"], ["run", "--seed"], ["run", "--seed", "-3", "x.cajal"],
                  ["run", "--bogus", "x.cajal"], ["run", "a.cajal", "b.cajal"], ["x.cajal"],
                  ["lesson", "--check"], ["lesson", "--check", "--record", "4"], ["lesson", "--check-all", "4"],
                  ["lesson", "--restart", "--check", "4"], ["lesson", "no-such-lesson"], ["export", "x.cajal"],
                  ["exercises", "extra"], ["check"], ["hint", "a", "b"], ["grade", "a.cajal"],
                  ["grade", "--exercise", "ex", "--format", "xml", "a.cajal"],
                  ["grade", "--exercise", "ex", "--output", "r.txt", "--output-dir", "out", "a.cajal"]])
func usageErrorsExit64WithOneWording(_ args: [String]) throws {
    let r = try CajalBinary.run(args)
    #expect(r.status == 64, "\(args): \(r.stderr)")
    // One wording for every command: the mistake, the command's usage, where its help is.
    #expect(r.stderr.hasPrefix("Error: "), "\(args): \(r.stderr)")
    #expect(r.stderr.contains("\nUsage: cajal"), "\(args): \(r.stderr)")
    #expect(r.stderr.hasSuffix(" for more information.\n"), "\(args): \(r.stderr)")
}

@Test func aUsageErrorSaysWhatWasMeant() throws {
    let file = try CajalBinary.run(["x.cajal"], environment: eightyColumns)
    #expect(file.stderr == """
        Error: to run a file: cajal run x.cajal
        Usage: cajal                         the interactive REPL (:help inside it)
               cajal <command> [<options>]   one of the commands below
          See 'cajal --help' for more information.

        """)
    let lesson = try CajalBinary.run(["lesson", "--check"], environment: eightyColumns)
    #expect(lesson.stderr == """
        Error: which lesson? give its number, name or file
        Usage: cajal lesson [--check] [--record] [--check-all] [--restart] [--seed <n>] [<lesson>]
          See 'cajal lesson --help' for more information.

        """)
}

@Test func unreadableFileIsAStaticError() throws {
    let r = try CajalBinary.run(["run", "/nonexistent/nothing.cajal"])
    #expect(r.status == 65)
    #expect(r.stderr.contains("cannot read file"))
}

func tempScript(_ source: String) throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("cajal-cli-\(UUID().uuidString).cajal")
    try source.write(to: url, atomically: true, encoding: .utf8)
    return url
}

@Test func seedMakesRunsReproducibleAndDifferent() throws {
    let f = try tempScript("print(rand())\nprint(randn([2]).shape)\n")
    let a = try CajalBinary.run(["run", "--seed", "5", f.path])
    let b = try CajalBinary.run(["run", "--seed", "5", f.path])
    let c = try CajalBinary.run(["run", "--seed", "6", f.path])
    let d = try CajalBinary.run(["run", f.path])
    let e = try CajalBinary.run(["run", "--seed", "0", f.path])
    #expect(a.status == 0 && a.stdout == b.stdout)
    #expect(a.stdout != c.stdout)
    #expect(d.stdout == e.stdout, "the default seed is 0")
}

/// `cajal run` runs a lesson as a plain script (its `#>` lines are comments, README and
/// `cajal run --help` say so); `cajal lesson --check` is what compares the recorded outputs.
@Test func runTreatsRecordedOutputsAsCommentsAndCheckComparesThem() throws {
    let f = try tempScript("# cajal: seed=0\n# %% [markdown]\n# A lesson.\n# %%\nprint(1 + 1)\n#> 3\n")
    let run = try CajalBinary.run(["run", f.path])
    #expect(run.status == 0 && run.stdout == "2\n")
    let check = try CajalBinary.run(["lesson", "--check", f.path])
    #expect(check.status == 1, "\(check.stdout)\(check.stderr)")
    #expect((check.stdout + check.stderr).contains("drift"))
    let help = try CajalBinary.run(["run", "--help"])
    #expect(help.stdout.contains("recorded outputs are not compared"))
}

@Test func dumpBytecodeListsInstructions() throws {
    let f = try tempScript("fn square(v) = v * v\nprint(square(3))\n")
    let r = try CajalBinary.run(["run", "--dump-bytecode", f.path])
    #expect(r.status == 0)
    #expect(r.stdout.contains("== square (1 params"))
    #expect(r.stdout.contains("mul"))
    #expect(!r.stdout.split(separator: "\n").contains("9"), "dumping does not run the program")
}

@Test func invalidUTF8IsAStaticErrorNotACrash() throws {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("cajal-utf8-\(UUID().uuidString).cajal")
    try Data([0x70, 0x72, 0x69, 0x6e, 0x74, 0x28, 0x22, 0xff, 0xfe, 0x22, 0x29, 0x0a]).write(to: url)
    let r = try CajalBinary.run(["run", url.path])
    #expect(r.status == 65, "\(r.stderr)")
}
