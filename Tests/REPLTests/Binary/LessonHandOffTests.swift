// LessonHandOffTests: `cajal lesson`'s `r` key opens the REPL on the lesson's own session
// (every lesson variable live, REPL definitions kept) and `:quit` comes back to the lesson.
// Driven through the plain path: keys and REPL lines share stdin.
import Foundation
import TestSupport
import Testing

@Suite(.enabled(if: CajalBinary.isBuilt))
struct LessonHandOffTests {
    let tour = repositoryRoot.appendingPathComponent("lessons/00-examples/tour/lesson.cajal").path

    @Test func theREPLSeesTheLessonsVariablesAndTheLessonSeesTheREPLs() throws {
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("cajal-home-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: home) }
        // Run cell 1, open the REPL, look at A, define `extra`, come back; open it again at the
        // next cell and find `extra` still there; then quit the lesson.
        let keys = "\nr\nA.shape\nlet extra = A * 10\n:quit\nr\nextra\n:quit\nq\n"
        let t = try PlainRun.run(keys, arguments: ["lesson", "--restart", tour], environment: ["HOME": home.path])
        #expect(t.status == 0)
        #expect(t.stderr == "")
        let opened = "REPL on the lesson's session: every variable is live; Ctrl-D or :quit comes back\n"
        #expect(t.stdout.contains(opened + "[2, 2]\nback in the lesson\n"))
        #expect(t.stdout.contains(opened + "[[10, 20],\n [30, 40]]\nback in the lesson\n"))
        #expect(t.stdout.contains("progress saved: 1 of 4 cells"))
    }
}
