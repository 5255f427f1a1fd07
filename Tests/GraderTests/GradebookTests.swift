// GradebookTests: the teacher's side of a class — a roster's IDs and emails in summary.csv,
// students who submitted nothing, Gradescope's export folder and its submission_metadata.yml, a
// status per student, a warning for every file a batch skips; and the CI flags: --visible-only,
// --fail-under, the JUnit suite named after the student, partial credit shown as partial.
import Foundation
@testable import Grader
import Testing
import TestSupport

/// A small exercise of the tests' own (so revisions of the shipped ones do not move these tests):
/// one visible check, one hidden check with a secret name, one partial-credit check.
enum TeacherFixture {
    static let checks = """
    # %% exercise: Squares
    # exports: square
    # time: 2s

    # %% check: squares a number | points: 2
    # fail: square(x) must be x * x
    expect_equal(square(3), 9, why: "square(3)")

    # %% check: the secret negative case | points: 1 | hidden
    # fail: HIDDEN-MESSAGE square must work on negative numbers
    expect_equal(square(-4), 16, why: "square(-4)")

    # %% check: squares a list of cases | points: 2
    # fail: square is wrong for some of the cases
    var right = 0
    for x in [1, 2, 3, -1] {
      if square(x) == x * x { right += 1 }
    }
    return credit(right, 4)

    """
    static let solution = "fn square(x) = x * x\n"
    /// Right for positive numbers only: 2 + 0 + 2 * 3/4 points.
    static let positiveOnly = "fn square(x) {\n  if x > 0 { return x * x }\n  return 0\n}\n"

    /// A temporary exercise folder `squares` holding the checks, solution and starter.
    static func exercise() throws -> URL {
        let root = try Fixtures.folder([
            "squares/checks.cajal": checks,
            "squares/solution.cajal": solution,
            "squares/starter.cajal": "fn square(x) = todo(\"square\")\n",
        ])
        return root.appendingPathComponent("squares")
    }
}

@Suite struct RosterTests {
    @Test func aRosterCSVGivesNamesIDsAndEmails() throws {
        let csv = "\u{FEFF}First Name,Last Name,SID,Email,Role\r\nAda,Lovelace,1001,ada@uni.edu,Student\r\n"
            + "\"Smith, Jr.\",Bob,1002,bob@uni.edu,Student\r\nTea,Cher,9,t@uni.edu,Instructor\r\n\r\n"
        let roster = try Roster.parse(csv, path: "roster.csv")
        #expect(roster == [RosterEntry(name: "Ada Lovelace", id: "1001", email: "ada@uni.edu"),
                           RosterEntry(name: "Smith, Jr. Bob", id: "1002", email: "bob@uni.edu")])
        let plain = try Roster.parse("student,id,email\nada,1001,ada@uni.edu\n", path: "r.csv")
        #expect(plain == [RosterEntry(name: "ada", id: "1001", email: "ada@uni.edu")])
        #expect(throws: ExerciseError.self) { try Roster.parse("x,y\n1,2\n", path: "r.csv") }
    }

    @Test func gradescopeMetadataNamesTheSubmitters() {
        let yml = """
        ---
        submission_123:
          :submitters:
          - :name: Ada Lovelace
            :sid: '1001'
            :email: ada@uni.edu
          :created_at: 2026-11-30 10:00:00.000000000 -08:00
          :score: 0.0
        submission_456:
          :submitters:
          - :name: "Bob Smith"
            :sid: "1002"
            :email: bob@uni.edu
          - :name: Cy Group
            :sid: '1003'
            :email: cy@uni.edu
          :score: 1.0

        """
        let m = GradescopeMetadata.parse(yml)
        #expect(m["submission_123"] == [RosterEntry(name: "Ada Lovelace", id: "1001", email: "ada@uni.edu")])
        #expect(m["submission_456"] == [RosterEntry(name: "Bob Smith", id: "1002", email: "bob@uni.edu"),
                                        RosterEntry(name: "Cy Group", id: "1003", email: "cy@uni.edu")])
    }

    @Test func theStatusSaysHowGradingEnded() throws {
        let e = try Exercise(directory: try TeacherFixture.exercise())
        #expect(try Fixtures.grade(TeacherFixture.solution, exercise: e).status == .ok)
        #expect(try Fixtures.grade(TeacherFixture.positiveOnly, exercise: e).status == .ok)
        #expect(try Fixtures.grade("fn square(x) = x *\n", exercise: e).status == .staticError)
        #expect(try Fixtures.grade(TeacherFixture.solution + "load_csv(\"a.csv\")\n", exercise: e).status == .staticError)
        #expect(try Fixtures.grade(TeacherFixture.solution + "fn down(n) = down(n + 1)\ndown(0)\n", exercise: e).status == .limit)
        #expect(try Fixtures.grade(TeacherFixture.solution + "let oops = [1, 2][5]\n", exercise: e).status == .error)
    }

    @Test func everySkippedFileIsNamedInAWarning() throws {
        let subs = try Fixtures.folder([
            "ada.cajal": TeacherFixture.solution,
            "kate.cajal.txt": TeacherFixture.solution,
            "notes.md": "x",
            "henry/softmax.cajal": TeacherFixture.solution,
            "ivy/answer.cajal": TeacherFixture.solution,
            "ivy/helpers.cajal": "let two = 2\n",
            "jo/a.cajal": "", "jo/b.cajal": "",
            "lu/deeper/answer.cajal": TeacherFixture.solution,
            "submission_77/my_answer.cajal": TeacherFixture.solution,
            "submission_metadata.yml": "submission_77:\n  :submitters:\n  - :name: Max Mu\n    :sid: '77'\n    :email: max@uni.edu\n",
        ])
        try FileManager.default.createDirectory(at: subs.appendingPathComponent("empty"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: subs) }
        let input = try GradeCommand.collect([subs.path]).get()
        #expect(input.submissions.map(\.name) == ["ada", "henry", "ivy", "submission_77"])
        #expect(input.submissions.first { $0.name == "henry" }?.path.hasSuffix("henry/softmax.cajal") == true)
        #expect(input.metadata["submission_77"]?.first?.email == "max@uni.edu")
        let p = subs.path
        #expect(input.warnings == [
            "skipped \(p)/empty/: an empty folder",
            "skipped \(p)/jo/: 2 .cajal files (a.cajal, b.cajal) and no answer.cajal, so which one to grade is unclear",
            "skipped \(p)/kate.cajal.txt: not a .cajal file (rename it to kate.cajal to grade it)",
            "skipped \(p)/lu/: no .cajal file at its top (folders inside it are not searched: give \(p)/lu/deeper to cajal grade itself)",
            "skipped \(p)/notes.md: not a .cajal file",
        ])
    }

    @Test func aRosterGivesEveryStudentARowAndTheMissingAZero() throws {
        guard CajalBinary.hasGrade else { Issue.record("no grade command in the cajal binary"); return }
        let ex = try TeacherFixture.exercise()
        let subs = try Fixtures.folder([
            "ada.cajal": TeacherFixture.solution,
            "bob@uni.edu.cajal": TeacherFixture.positiveOnly,
            "zed.cajal": "fn square(x) = x *\n",
            "kate.cajal.txt": TeacherFixture.solution,
            "roster.csv": "name,id,email\nada,1001,ada@uni.edu\nBob Smith,1002,bob@uni.edu\nCy Dee,1003,cy@uni.edu\n",
        ])
        let out = subs.appendingPathComponent("reports")
        defer { try? FileManager.default.removeItem(at: subs); try? FileManager.default.removeItem(at: ex.deletingLastPathComponent()) }
        let run = try CajalBinary.run(["grade", "--exercise", ex.path, "--output-dir", out.path,
                                       "--roster", subs.appendingPathComponent("roster.csv").path, subs.path])
        #expect(run.status == 0, "\(run.stderr)")
        let csv = try String(contentsOf: out.appendingPathComponent("summary.csv"), encoding: .utf8)
        #expect(csv == """
            student,id,email,submission,score,max_score,passed,failed,status
            ada,1001,ada@uni.edu,ada,5,5,3,0,ok
            Bob Smith,1002,bob@uni.edu,bob@uni.edu,3.5,5,1,2,ok
            Cy Dee,1003,cy@uni.edu,,0,5,0,3,missing
            zed,,,zed,0,5,0,3,static-error

            """)
        #expect(run.stderr.contains("warning: skipped \(subs.path)/kate.cajal.txt: not a .cajal file (rename it to kate.cajal to grade it)"))
        #expect(run.stderr.contains("warning: skipped \(subs.path)/roster.csv: not a .cajal file"))
        #expect(run.stderr.contains("warning: \(subs.path)/zed.cajal: no roster row matches 'zed'"))
        #expect(run.stdout.contains("Cy Dee     0/5    missing\n"), "\(run.stdout)")
        #expect(run.stdout.hasSuffix("3 graded, 1 missing, mean score 2.83; reports and summary.csv in \(out.path)\n"))
    }

    @Test func aGradescopeExportFolderIsGradedUnderItsSubmittersNames() throws {
        guard CajalBinary.hasGrade else { Issue.record("no grade command in the cajal binary"); return }
        let ex = try TeacherFixture.exercise()
        let subs = try Fixtures.folder([
            "submission_1/my_answer.cajal": TeacherFixture.solution,
            "submission_2/square.cajal": TeacherFixture.positiveOnly,
            "submission_metadata.yml": """
            submission_1:
              :submitters:
              - :name: Ada Lovelace
                :sid: '1001'
                :email: ada@uni.edu
            submission_2:
              :submitters:
              - :name: Bob Smith
                :sid: '1002'
                :email: bob@uni.edu

            """,
        ])
        let out = subs.deletingLastPathComponent().appendingPathComponent(subs.lastPathComponent + "-out")
        let roster = subs.deletingLastPathComponent().appendingPathComponent(subs.lastPathComponent + "-roster.csv")
        try "First Name,Last Name,SID,Email,Role\nAda,Lovelace,1001,ada@uni.edu,Student\nBob,Smith,1002,bob@uni.edu,Student\nCy,Dee,1003,cy@uni.edu,Student\n"
            .write(to: roster, atomically: true, encoding: .utf8)
        defer {
            for u in [subs, out, roster, ex.deletingLastPathComponent()] { try? FileManager.default.removeItem(at: u) }
        }
        let plain = try CajalBinary.run(["grade", "--exercise", ex.path, "--output-dir", out.path, subs.path])
        #expect(plain.status == 0, "\(plain.stderr)")
        #expect(plain.stderr.isEmpty, "\(plain.stderr)")
        #expect(try String(contentsOf: out.appendingPathComponent("summary.csv"), encoding: .utf8) == """
            student,id,email,submission,score,max_score,passed,failed,status
            Ada Lovelace,1001,ada@uni.edu,submission_1,5,5,3,0,ok
            Bob Smith,1002,bob@uni.edu,submission_2,3.5,5,1,2,ok

            """)
        let withRoster = try CajalBinary.run(["grade", "--exercise", ex.path, "--output-dir", out.path, "--roster", roster.path, subs.path])
        #expect(withRoster.status == 0, "\(withRoster.stderr)")
        #expect(try String(contentsOf: out.appendingPathComponent("summary.csv"), encoding: .utf8) == """
            student,id,email,submission,score,max_score,passed,failed,status
            Ada Lovelace,1001,ada@uni.edu,submission_1,5,5,3,0,ok
            Bob Smith,1002,bob@uni.edu,submission_2,3.5,5,1,2,ok
            Cy Dee,1003,cy@uni.edu,,0,5,0,3,missing

            """)
    }
}

@Suite struct GradeForCITests {
    @Test func visibleOnlyKeepsHiddenChecksOutOfEveryFormat() throws {
        guard CajalBinary.hasGrade else { Issue.record("no grade command in the cajal binary"); return }
        let ex = try TeacherFixture.exercise()
        let dir = try Fixtures.folder(["answer.cajal": "fn square(x) = 0\n"])
        defer { try? FileManager.default.removeItem(at: dir); try? FileManager.default.removeItem(at: ex.deletingLastPathComponent()) }
        for format in ReportFormat.allCases {
            let all = try CajalBinary.run(["grade", "--exercise", ex.path, "--format", format.rawValue, dir.appendingPathComponent("answer.cajal").path])
            #expect(all.stdout.contains("secret negative case"), "\(format)")
            let visible = try CajalBinary.run(["grade", "--visible-only", "--exercise", ex.path, "--format", format.rawValue,
                                               dir.appendingPathComponent("answer.cajal").path])
            #expect(visible.status == 0, "\(visible.stderr)")
            #expect(!visible.stdout.contains("secret"), "\(format): \(visible.stdout)")
            #expect(!visible.stdout.contains("HIDDEN-MESSAGE"), "\(format): \(visible.stdout)")
            #expect(!visible.stdout.lowercased().contains("hidden\": true") && !visible.stdout.contains("(hidden)"), "\(format)")
        }
    }

    @Test func failUnderSetsTheExitStatusAndTheSuiteIsTheStudent() throws {
        guard CajalBinary.hasGrade else { Issue.record("no grade command in the cajal binary"); return }
        let ex = try TeacherFixture.exercise()
        let dir = try Fixtures.folder(["alice/answer.cajal": TeacherFixture.positiveOnly, "bob.cajal": TeacherFixture.solution])
        defer { try? FileManager.default.removeItem(at: dir); try? FileManager.default.removeItem(at: ex.deletingLastPathComponent()) }
        let alice = dir.appendingPathComponent("alice/answer.cajal").path, bob = dir.appendingPathComponent("bob.cajal").path
        // alice: 3.5 of 5 = 70 %.
        let pass = try CajalBinary.run(["grade", "--exercise", ex.path, "--format", "junit", "--fail-under", "70", alice])
        #expect(pass.status == 0, "\(pass.stderr)")
        #expect(pass.stdout.contains("<testsuite name=\"alice\" "), "\(pass.stdout)")
        #expect(pass.stdout.contains("<testsuites name=\"squares\" "))
        let fail = try CajalBinary.run(["grade", "--exercise", ex.path, "--fail-under", "71", alice])
        #expect(fail.status == 1)
        #expect(fail.stderr.contains("70% is below --fail-under 71%"), "\(fail.stderr)")
        #expect(try CajalBinary.run(["grade", "--exercise", ex.path, "--fail-under", "100", bob]).status == 0)
        #expect(try CajalBinary.run(["grade", "--exercise", ex.path, "--fail-under", "101", bob]).status == 64)
        let out = dir.appendingPathComponent("reports")
        let batch = try CajalBinary.run(["grade", "--exercise", ex.path, "--format", "junit", "--fail-under", "100",
                                         "--output-dir", out.path, dir.path])
        #expect(batch.status == 1)
        #expect(batch.stderr.contains("1 of 2 below --fail-under 100%: alice"), "\(batch.stderr)")
        let bobXML = try String(contentsOf: out.appendingPathComponent("bob.xml"), encoding: .utf8)
        #expect(bobXML.contains("<testsuite name=\"bob\" "))
    }

    @Test func partialCreditShowsTheFailMessageAndIsPartialEverywhere() throws {
        let e = try Exercise(directory: try TeacherFixture.exercise())
        defer { try? FileManager.default.removeItem(at: e.directory.deletingLastPathComponent()) }
        let r = try Fixtures.grade(TeacherFixture.positiveOnly, exercise: e)
        let partial = try #require(r.results.first { $0.name == "squares a list of cases" })
        #expect(partial.score == 1.5)
        #expect(partial.message == "square is wrong for some of the cases\npartial credit: 75% of the points")
        let human = r.human()
        #expect(human.contains("~ 3. squares a list of cases  1.5/2\n    square is wrong for some of the cases\n"), "\(human)")
        #expect(human.hasSuffix("1 passed, 2 failed (1 with partial credit)\n"))
        let gradescope = try JSONSerialization.jsonObject(with: Data(r.gradescope().utf8)) as! [String: Any]
        let test = try #require((gradescope["tests"] as? [[String: Any]])?.last)
        let output = try #require(test["output"] as? String)
        #expect(output.hasPrefix("\u{1B}[33m~ partial credit\u{1B}[0m\nsquare is wrong for some of the cases"), "\(output)")
        #expect(!output.contains("failed"))
        #expect(r.junit().contains("<failure message=\"square is wrong for some of the cases\" type=\"PartialCredit\">"))
        #expect(r.tap().contains("severity: partial"))
    }
}
