// REPLHabitsTests: PyTorch habits at the real prompt (tmux): a model is called like a function,
// `m(x)`, and a wrong input width is named at the layer on the learner's own line.
import Foundation
import Testing
import TestSupport

@Suite(.serialized, .enabled(if: OutsideTools.runs(TmuxSession.available), "tmux is not installed"))
struct REPLHabitsTests {
    @Test func aModelIsCalledLikeAFunctionAtThePrompt() throws {
        let t = try TmuxSession("cd \(repositoryRoot.path) && TERM=xterm-256color \(CajalBinary.url.path)", columns: 120, rows: 40)
        try t.waitFor("cajal>", timeout: 30)
        try t.type("let m = Sequential([Dense(3, 4), ReLU(), Dense(4, 1)])")
        try t.keys("Enter")
        try t.type("m(ones([2, 3])).shape")
        try t.keys("Enter")
        let shown = try t.waitFor("[2, 1]", timeout: 30)
        #expect(!shown.contains("cannot be called"), "\(shown)")
        try t.type("m(ones([2, 5]))")
        try t.keys("Enter")
        let error = try t.waitFor("expects 3 features", timeout: 30)
        #expect(error.contains("Dense(3 → 4) expects 3 features in the last axis, got an input of shape [2, 5]"), "\(error)")
        #expect(error.contains("<cell 3>:1:1"), "the error is located at the learner's cell:\n\(error)")
    }
}
