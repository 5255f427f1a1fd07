// CommandLineTests: `cajal` with no arguments, --version, --help, usage errors (64), a file that
// cannot be read, --seed reproducibility, and --dump-bytecode.
import Foundation
import Testing
import TestSupport

@Test func versionPrintsTheVersionAndExitsZero() throws {
    let r = try CajalBinary.run(["--version"])
    #expect(r.status == 0)
    #expect(r.stdout.hasPrefix("cajal "))
}

@Test func helpIsTheWholeUsageAndCommandTable() throws {
    let r = try CajalBinary.run(["--help"])
    #expect(r.status == 0)
    #expect(r.stdout == """
        cajal 0.1.0

        usage:
          cajal
          cajal run [--seed N] [--dump-bytecode] FILE
          cajal exercises [--root DIR]
          cajal check [--root DIR] EXERCISE
          cajal hint [--root DIR] EXERCISE
          cajal reset [--root DIR] EXERCISE
          cajal solution [--root DIR] EXERCISE
          cajal grade --exercise DIR [--format human|json|gradescope|junit|tap] [--output FILE] SUBMISSION
          cajal grade --exercise DIR [--format ...] --output-dir OUT SUBMISSION_OR_FOLDER...
          cajal lesson [N [--restart] | --check N|FILE [--seed S] | --record N|FILE | --check-all]
          cajal export FILE (--html OUT | --ipynb OUT) [--seed S]
          cajal --version
          cajal --help

        commands:
          (none)     the interactive REPL (:help inside it)
          run        run a .cajal file (--seed sets the random generator first)
          exercises  list the exercises and your progress
          check      run an exercise's visible checks on your answer.cajal
          hint       the next hint for the first failing check
          reset      start an exercise over from its starter
          solution   show the reference solution (after the visible checks pass)
          grade      grade a submission with every check, hidden ones too (teachers)
          lesson     list the lessons, or run one cell by cell (--check: against its recorded outputs)
          export     a lesson as a self-contained HTML page or a Jupyter notebook

        guides: docs/*.md in the repository (language, builtins, nn, training, plots, notebooks, exercises)
        exit codes: 0 ok, 64 usage, 65 static error, 70 runtime error

        """)
}

@Test func noArgumentsStartsTheREPLWhichEndsAtEndOfInput() throws {
    let r = try CajalBinary.run([])
    #expect(r.status == 0, "\(r.stderr)")
}

@Test(arguments: [["frobnicate"], ["run"], ["run", "--seed"], ["run", "--seed", "-3", "x.cajal"],
                  ["run", "--bogus", "x.cajal"], ["run", "a.cajal", "b.cajal"], ["x.cajal"]])
func usageErrorsExit64(_ args: [String]) throws {
    let r = try CajalBinary.run(args)
    #expect(r.status == 64, "\(args): \(r.stderr)")
    #expect(r.stderr.contains("cajal: "))
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
