// AssignPackageTests: `cajal assign` (a learner's copy that `cajal check` accepts, holding no
// solution and no hidden check; an autograder copy), `cajal exercises` in a flat folder,
// `cajal package --gradescope` (the zip's files, and grading the one .cajal file a student
// uploads whatever its name), and the binary itself: no shared Swift runtime.
import Foundation
@testable import Grader
import Testing
import TestSupport

@Suite struct AssignTests {
    @Test func theVisibleChecksKeepEveryCellButTheHiddenOnes() throws {
        let text = Assignment.visibleChecks(TeacherFixture.checks, exerciseID: "squares")
        #expect(!text.contains("secret") && !text.contains("HIDDEN-MESSAGE") && !text.contains("square(-4)"))
        #expect(text.contains("# %% check: squares a number | points: 2\n# fail: square(x) must be x * x\n"))
        #expect(text.contains("# %% check: squares a list of cases | points: 2"))
        #expect(text.hasPrefix("# The learner's copy of squares, written by `cajal assign`: hidden checks are left out.\n# %% exercise: Squares\n"))
    }

    @Test func aLearnersCopyChecksAndListsButHasNoSolutionOrHiddenCheck() throws {
        guard CajalBinary.hasGrade else { Issue.record("no grade command in the cajal binary"); return }
        let ex = try TeacherFixture.exercise()
        let work = try Fixtures.folder([:])
        defer { try? FileManager.default.removeItem(at: work); try? FileManager.default.removeItem(at: ex.deletingLastPathComponent()) }
        let assign = try CajalBinary.run(["assign", ex.path, "-o", "handout"], cwd: work)
        #expect(assign.status == 0, "\(assign.stderr)")
        #expect(assign.stdout.contains("handout/student/squares  for learners: starter.cajal and 2 visible checks (1 hidden left out, no solution)"), "\(assign.stdout)")
        let student = work.appendingPathComponent("handout/student/squares")
        let grader = work.appendingPathComponent("handout/autograder/squares")
        #expect(try FileManager.default.contentsOfDirectory(atPath: student.path).sorted() == ["checks.cajal", "starter.cajal"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: grader.path).sorted() == ["checks.cajal", "solution.cajal", "starter.cajal"])
        let studentChecks = try String(contentsOf: student.appendingPathComponent("checks.cajal"), encoding: .utf8)
        #expect(!studentChecks.contains("secret") && !studentChecks.contains("HIDDEN"))

        // The learner works in a flat folder: the copy alone.
        let learner = work.appendingPathComponent("learner")
        try FileManager.default.createDirectory(at: learner, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: student, to: learner.appendingPathComponent("squares"))
        let list = try CajalBinary.run(["exercises"], cwd: learner)
        #expect(list.status == 0)
        #expect(list.stdout.contains("squares  not started  Squares  (squares)"), "\(list.stdout)")
        #expect(!list.stdout.contains("broken"))
        let first = try CajalBinary.run(["check", "squares"], cwd: learner)
        #expect(first.status == 1, "\(first.stderr)")
        #expect(!first.stderr.contains("missing solution.cajal"), "\(first.stderr)")
        #expect(first.stdout.contains("made "), "\(first.stdout)")
        try TeacherFixture.solution.write(to: learner.appendingPathComponent("squares/answer.cajal"), atomically: true, encoding: .utf8)
        let pass = try CajalBinary.run(["check", "squares"], cwd: learner)
        #expect(pass.status == 0, "\(pass.stdout)\(pass.stderr)")
        #expect(pass.stdout.contains("score: 4/4"), "\(pass.stdout)")
        #expect(!pass.stdout.contains("secret"))
        let solution = try CajalBinary.run(["solution", "squares"], cwd: learner)
        #expect(solution.status == 0 && solution.stdout.contains("without the reference solution"), "\(solution.stdout)")
        #expect(try CajalBinary.run(["exercises"], cwd: learner).stdout.contains("squares  passed"))

        // Grading needs the autograder copy; the learner's copy is refused, with the reason.
        let refused = try CajalBinary.run(["grade", "--exercise", learner.appendingPathComponent("squares").path,
                                           learner.appendingPathComponent("squares/answer.cajal").path])
        #expect(refused.status == 66 && refused.stderr.contains("learner's copy"), "\(refused.stderr)")
        let graded = try CajalBinary.run(["grade", "--exercise", grader.path, learner.appendingPathComponent("squares/answer.cajal").path])
        #expect(graded.stdout.contains("score: 5/5"), "\(graded.stdout)")
        // A learner's own CI runs the visible checks of the learner's copy, named as `cajal check` takes it.
        let ci = try CajalBinary.run(["grade", "--exercise", "squares", "--visible-only", "--fail-under", "100", "squares/answer.cajal"], cwd: learner)
        #expect(ci.status == 0 && ci.stdout.contains("score: 4/4"), "\(ci.stdout)\(ci.stderr)")
        let unknown = try CajalBinary.run(["grade", "--exercise", "cubes", "squares/answer.cajal"], cwd: learner)
        #expect(unknown.status == 66 && unknown.stderr.contains("no exercise named 'cubes'"), "\(unknown.stderr)")
        // Assigning again replaces the copies.
        #expect(try CajalBinary.run(["assign", ex.path, "-o", "handout"], cwd: work).status == 0)
    }
}

@Suite struct GradescopePackageTests {
    /// Unpacks `zip` into a fresh folder with Python's zipfile (file modes kept).
    static func unzip(_ zip: URL) throws -> URL {
        let dir = try Fixtures.folder([:])
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", "-c", """
            import os, sys, zipfile
            z = zipfile.ZipFile(sys.argv[1])
            for i in z.infolist():
                z.extract(i, sys.argv[2])
                os.chmod(os.path.join(sys.argv[2], i.filename), (i.external_attr >> 16) & 0o777)
            """, zip.path, dir.path]
        try p.run()
        p.waitUntilExit()
        #expect(p.terminationStatus == 0)
        return dir
    }

    @Test func lddLinesGiveSonamesAndPaths() {
        let text = """
            \tlinux-vdso.so.1 (0x00007ffc)
            \tlibopenblas.so.0 => /lib/x86_64-linux-gnu/libopenblas.so.0 (0x00007f)
            \tlibm.so.6 => /lib/x86_64-linux-gnu/libm.so.6 (0x00007f)
            \t/lib64/ld-linux-x86-64.so.2 (0x00007f)
            """
        let libs = GradescopePackage.parseLDD(text)
        #expect(libs.map(\.0) == ["libopenblas.so.0", "libm.so.6"])
        #expect(GradescopePackage.isSwiftRuntime("libswiftCore.so") && GradescopePackage.isSwiftRuntime("libFoundation.so"))
        #expect(!GradescopePackage.isSwiftRuntime("libopenblas.so.0"))
    }

    @Test func theZipHoldsTheScriptsTheBinaryAndTheExerciseAndGradesAnyFileName() throws {
        guard CajalBinary.hasGrade else { Issue.record("no grade command in the cajal binary"); return }
        let ex = try TeacherFixture.exercise()
        let work = try Fixtures.folder([:])
        defer { try? FileManager.default.removeItem(at: work); try? FileManager.default.removeItem(at: ex.deletingLastPathComponent()) }
        let made = try CajalBinary.run(["package", "--gradescope", ex.path, "-o", "autograder.zip"], cwd: work)
        #expect(made.status == 0, "\(made.stderr)")
        #expect(made.stdout.contains("autograder.zip: setup.sh, run_autograder, cajal and exercise/squares (3 checks, 5 points)"), "\(made.stdout)")
        let dir = try Self.unzip(work.appendingPathComponent("autograder.zip"))
        defer { try? FileManager.default.removeItem(at: dir) }
        let fm = FileManager.default
        for name in ["setup.sh", "run_autograder", "cajal"] {
            #expect(fm.isExecutableFile(atPath: dir.appendingPathComponent(name).path), "\(name) is executable")
        }
        #expect(fm.fileExists(atPath: dir.appendingPathComponent("exercise/squares/solution.cajal").path))
        #expect(fm.fileExists(atPath: dir.appendingPathComponent("exercise/squares/checks.cajal").path))
        let setup = try String(contentsOf: dir.appendingPathComponent("setup.sh"), encoding: .utf8)
        // The packages come from ldd: OpenBLAS is one of them, the Swift runtime none.
        #expect(setup.contains("apt-get install -y -qq --no-install-recommends") && setup.contains("libopenblas"), "\(setup)")
        #expect(!setup.contains("swift"))
        #expect(setup.contains("install -m 755 cajal /usr/local/bin/cajal"))
        let libraries = try String(contentsOf: dir.appendingPathComponent("RUNTIME-LIBRARIES"), encoding: .utf8)
        #expect(libraries.contains("libopenblas.so.0\t"), "\(libraries)")
        let runScript = try String(contentsOf: dir.appendingPathComponent("run_autograder"), encoding: .utf8)
        #expect(runScript.contains("cajal grade --exercise /autograder/source/exercise/squares --format gradescope"))
        #expect(runScript.contains("--output /autograder/results/results.json /autograder/submission"))

        // What run_autograder does, with the zip's own binary, on three uploads.
        func grade(_ files: [String: String]) throws -> [String: Any] {
            let submission = try Fixtures.folder(files)
            defer { try? fm.removeItem(at: submission) }
            let results = submission.appendingPathComponent("results.json")
            let p = Process()
            p.executableURL = dir.appendingPathComponent("cajal")
            p.arguments = ["grade", "--exercise", dir.appendingPathComponent("exercise/squares").path, "--format", "gradescope",
                           "--output", results.path, submission.path]
            try p.run()
            p.waitUntilExit()
            #expect(p.terminationStatus == 0)
            return try JSONSerialization.jsonObject(with: Data(contentsOf: results)) as! [String: Any]
        }
        let mine = try grade(["my_answer.cajal": TeacherFixture.solution])
        #expect(mine["score"] as? Double == 5)
        #expect((mine["output"] as? String)?.contains("(my_answer.cajal)") == true, "\(mine)")
        let wrong = try grade(["sub/Square Final (2).cajal": TeacherFixture.positiveOnly])
        #expect(wrong["score"] as? Double == 3.5)
        #expect((wrong["output"] as? String)?.contains("Square Final (2).cajal") == true)
        let none = try grade(["notes.txt": "x"])
        #expect(none["score"] as? Double == 0)
        let tests = try #require(none["tests"] as? [[String: Any]])
        #expect((tests.first?["output"] as? String)?.contains("your submission has no .cajal file (it holds notes.txt)") == true, "\(tests)")
        let two = try grade(["a.cajal": TeacherFixture.solution, "b.cajal": TeacherFixture.solution])
        #expect(((two["tests"] as? [[String: Any]])?.first?["output"] as? String)?.contains("2 .cajal files (a.cajal, b.cajal)") == true)
    }

    @Test func aLearnersCopyIsNotPackaged() throws {
        guard CajalBinary.hasGrade else { Issue.record("no grade command in the cajal binary"); return }
        let dir = try Fixtures.folder(["squares/starter.cajal": "", "squares/checks.cajal": TeacherFixture.checks])
        defer { try? FileManager.default.removeItem(at: dir) }
        let run = try CajalBinary.run(["package", "--gradescope", dir.appendingPathComponent("squares").path, "-o", dir.appendingPathComponent("a.zip").path])
        #expect(run.status == 66 && run.stderr.contains("learner's copy"), "\(run.stderr)")
    }
}

@Suite struct PortableBinaryTests {
    /// The binary runs without a Swift toolchain: ldd lists no shared Swift runtime library.
    @Test func theBinaryNeedsNoSharedSwiftRuntime() throws {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/ldd")
        p.arguments = [CajalBinary.url.path]
        let out = Pipe()
        p.standardOutput = out
        try p.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        let libraries = GradescopePackage.parseLDD(text).map(\.0)
        #expect(libraries.contains { $0.hasPrefix("libopenblas") }, "\(text)")
        #expect(!libraries.contains(where: GradescopePackage.isSwiftRuntime), "\(text)")
    }
}
