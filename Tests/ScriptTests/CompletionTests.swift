// CompletionTests: the shell completions that `cajal --generate-completion-script` prints. Under
// bash in a real terminal (tmux), Tab offers the lessons, the exercises and the report formats
// found now; zsh and fish get scripts of their own.
import Foundation
import Testing
import TestSupport

@Suite(.serialized, .enabled(if: OutsideTools.runs(TmuxSession.available), "tmux is not installed"))
struct BashCompletionTests {
    /// An interactive bash without the user's startup files, in the repository root, with this
    /// build's cajal first on PATH and its completion script sourced (as README says to).
    static func shell() throws -> TmuxSession {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("cajal-completion-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let script = try CajalBinary.run(["--generate-completion-script", "bash"])
        #expect(script.status == 0, "\(script.stderr)")
        try script.stdout.write(to: dir.appendingPathComponent("cajal.bash"), atomically: true, encoding: .utf8)
        try "PS1='ready$ '\nsource \(dir.path)/cajal.bash\n".write(to: dir.appendingPathComponent("bashrc"), atomically: true, encoding: .utf8)
        let bin = CajalBinary.url.deletingLastPathComponent().path
        let t = try TmuxSession("cd \(repositoryRoot.path) && env PATH=\(bin):$PATH TERM=xterm-256color bash --noprofile --rcfile \(dir.path)/bashrc -i",
                                columns: 160, rows: 40)
        try t.waitFor("ready$", timeout: 20)
        return t
    }

    /// Types `line`, presses Tab twice (the second lists every candidate) and returns the screen
    /// once `expected` shows.
    static func complete(_ t: TmuxSession, _ line: String, showing expected: String) throws -> String {
        try t.type(line)
        try t.keys("Tab")
        usleep(300_000)
        try t.keys("Tab")
        let screen = try t.waitFor(expected, timeout: 30)
        try t.keys("C-c")
        return screen
    }

    @Test func tabAfterLessonZeroOffersTheLessonsByNumber() throws {
        let t = try Self.shell()
        let screen = try Self.complete(t, "cajal lesson 0", showing: "01-neuron")
        for slug in ["01-neuron", "02-perceptron", "03-xor", "04-backprop", "09-alexnet"] {
            #expect(screen.contains(slug), "\(slug) missing:\n\(screen)")
        }
        #expect(!screen.contains("10-"), "only the lessons starting with 0:\n\(screen)")
    }

    @Test func tabAfterCheckOffersTheExercises() throws {
        let t = try Self.shell()
        let screen = try Self.complete(t, "cajal check ", showing: "leaky-relu")
        for name in ["backprop-221", "perceptron-update", "xor-features", "he-init"] {
            #expect(screen.contains(name), "\(name) missing:\n\(screen)")
        }
    }

    @Test func tabAfterFormatOffersTheReportFormats() throws {
        let t = try Self.shell()
        let screen = try Self.complete(t, "cajal grade --format ", showing: "gradescope")
        for format in ["human", "json", "junit", "tap"] {
            #expect(screen.contains(format), "\(format) missing:\n\(screen)")
        }
    }
}

@Test(arguments: [("zsh", "#compdef cajal"), ("fish", "complete -c 'cajal'")])
func otherShellsGetACompletionScript(_ shell: String, _ marker: String) throws {
    let r = try CajalBinary.run(["--generate-completion-script", shell])
    #expect(r.status == 0, "\(r.stderr)")
    #expect(r.stdout.contains(marker))
    // Lessons and exercises are asked of the binary at each Tab, as under bash.
    #expect(r.stdout.contains("---completion lesson") && r.stdout.contains("---completion check"))
}
