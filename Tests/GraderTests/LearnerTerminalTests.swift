// LearnerTerminalTests: the learner's loop in a real terminal (tmux), where `cajal check`
// writes to a TTY and may colour its output: an untouched starter shows the todo message and
// no hint, and a hint comes only when the learner asks for one. Each command echoes a marker
// computed by the shell (CHECK-$((40+1)) prints CHECK-41), so the typed line never matches it.
import Foundation
import Testing
import TestSupport

@Suite(.serialized, .enabled(if: OutsideTools.runs(TmuxSession.available), "tmux is not installed"))
struct LearnerTerminalTests {
    @Test func anUntouchedStarterShowsTheTodoAndNoHintUntilAsked() throws {
        guard CajalBinary.hasGrade else { Issue.record("no learner commands in the cajal binary"); return }
        let (root, _) = try CommandTests.root()
        defer { try? FileManager.default.removeItem(at: root) }
        let t = try TmuxSession("cd \(root.path) && TERM=xterm-256color PS1='learner$ ' bash --norc --noprofile", columns: 160, rows: 50)
        try t.waitFor("learner$", timeout: 30)
        try t.type("\(CajalBinary.url.path) check leaky-relu; echo CHECK-$((40+1))")
        try t.keys("Enter")
        let checked = try t.waitFor("CHECK-41", timeout: 60)
        #expect(checked.contains("not yet: fill in leaky_relu"), "\(checked)")
        #expect(!checked.contains("hint ("), "an untouched starter shows no hint:\n\(checked)")
        #expect(checked.contains("Stuck? 'cajal hint leaky-relu' shows a hint."), "\(checked)")
        try t.type("clear; \(CajalBinary.url.path) check leaky-relu; echo AGAIN-$((40+2))")
        try t.keys("Enter")
        let again = try t.waitFor("AGAIN-42", timeout: 60)
        #expect(!again.contains("hint ("), "checking the starter again spends no hint:\n\(again)")
        try t.type("clear; \(CajalBinary.url.path) hint leaky-relu; echo HINT-$((40+3))")
        try t.keys("Enter")
        let hint = try t.waitFor("HINT-43", timeout: 60)
        #expect(hint.contains("hint (1 of 2) for “keeps positive inputs”: For x > 0, leaky_relu(x) is x itself."), "\(hint)")
        #expect(!hint.contains("hint (2 of 2)"), "one hint per request:\n\(hint)")
    }
}
