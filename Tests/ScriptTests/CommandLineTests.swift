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

@Test func helpListsTheRunCommand() throws {
    let r = try CajalBinary.run(["--help"])
    #expect(r.status == 0)
    #expect(r.stdout.contains("cajal run [--seed N]"))
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
