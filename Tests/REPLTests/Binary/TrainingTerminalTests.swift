// TrainingTerminalTests: `fit` as a learner sees it. In a real terminal (tmux) the progress
// line is drawn and finished, a live loss plot is redrawn in place (one plot on screen, not
// one per epoch), and Ctrl-C stops training with the message on a line of its own; when output
// is not a terminal, the same run prints no progress at all (standard error stays empty).
import Foundation
import Testing
import TestSupport

/// A training script: a small MLP on the blobs, with validation, `epochs` epochs.
private func trainingScript(epochs: Int, live: Bool) -> String {
    """
    seed(1)
    let d = blobs(200, centers: 3)
    let model = Sequential([Dense(2, 16), ReLU(), Dense(16, 3)])
    let h = fit(model, d.x[0:150], d.y[0:150], epochs: \(epochs), batch_size: 10,
                validation: {x: d.x[150:], y: d.y[150:]}, live: \(live))
    print("trained {len(h.loss)} epochs")
    """
}

private func writeScript(_ text: String) throws -> String {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("cajal-train-\(UUID().uuidString).cajal").path
    try text.write(toFile: path, atomically: true, encoding: .utf8)
    return path
}

@Suite(.enabled(if: CajalBinary.isBuilt, "the cajal binary is not in the build products directory"))
struct TrainingOffTheTerminalTests {
    @Test func aRunIntoFilesPrintsNoProgressAndOnlyTheFinalPlot() throws {
        let path = try writeScript(trainingScript(epochs: 3, live: true))
        defer { unlink(path) }
        let r = try PlainRun.run("", arguments: ["run", path])
        #expect(r.status == 0)
        #expect(r.stderr == "", "no progress line off a terminal: \(r.stderr)")
        #expect(!r.stdout.contains("\u{1b}"), "no escape sequences in output")
        #expect(!r.stdout.contains("epoch 1/3"))
        #expect(r.stdout.components(separatedBy: "  loss\n").count - 1 == 1, "the live plot once:\n\(r.stdout)")
        #expect(r.stdout.hasSuffix("trained 3 epochs\n"))
    }
}

@Suite(.serialized, .enabled(if: OutsideTools.runs(Tmux.available), "tmux is not installed"),
       .enabled(if: CajalBinary.isBuilt, "the cajal binary is not in the build products directory"))
struct TrainingInTheTerminalTests {
    @Test func fitDrawsAndFinishesTheProgressLine() throws {
        let path = try writeScript(trainingScript(epochs: 3, live: false))
        defer { unlink(path) }
        let t = try Tmux(arguments: "run \(path)")
        let screen = try t.waitFor("EXITED 0", timeout: 60)
        let lines = screen.split(separator: "\n").map(String.init)
        let bar = lines.first { $0.hasPrefix("epoch 3/3 ") }
        #expect(bar != nil, "no finished progress line:\n\(screen)")
        // Finished: a full bar, the epoch's numbers, the total time, and a newline after it.
        #expect(bar?.contains(String(repeating: "━", count: 30)) == true)
        #expect(bar?.contains("loss ") == true && bar?.contains(" val_acc ") == true)
        #expect(!(bar?.contains("left") ?? true))
        #expect(lines.contains("trained 3 epochs"))
        #expect(!screen.contains("epoch 2/3"), "the line is redrawn in place, not repeated")
    }

    @Test func aLivePlotIsRedrawnInPlace() throws {
        let path = try writeScript(trainingScript(epochs: 5, live: true))
        defer { unlink(path) }
        let t = try Tmux(arguments: "run \(path)")
        let screen = try t.waitFor("EXITED 0", timeout: 60)
        let titles = screen.split(separator: "\n").filter { $0.trimmingCharacters(in: .whitespaces) == "loss" }
        #expect(titles.count == 1, "one plot on screen:\n\(screen)")
        #expect(screen.contains("validation"))
        #expect(screen.contains("epoch 5/5 "))
        #expect(screen.contains("trained 5 epochs"))
    }

    @Test func ctrlCStopsTrainingWithTheMessageOnItsOwnLine() throws {
        let history = FileManager.default.temporaryDirectory.appendingPathComponent("cajal-train-history-\(UUID().uuidString)").path
        defer { unlink(history) }
        let t = try Tmux(environment: ["CAJAL_HISTORY": history])
        try t.waitFor("cajal> ")
        try t.type("let d = blobs(400, centers: 3); let m = Sequential([Dense(2, 64), ReLU(), Dense(64, 3)])")
        try t.keys("Enter")
        try t.waitFor("cajal>", count: 2)
        try t.type("fit(m, d.x, d.y, epochs: 100000, batch_size: 4)")
        try t.keys("Enter")
        try t.waitFor("epoch 1/100000 ", timeout: 20)
        var stopped = false
        for _ in 0..<2 where !stopped {
            try t.keys("C-c")
            stopped = (try? t.waitFor("interrupted", timeout: 5)) != nil
        }
        #expect(stopped)
        let screen = try t.waitFor("cajal>", count: 3)
        let line = screen.split(separator: "\n").first { $0.contains("interrupted") }
        #expect(line.map { !$0.contains("epoch") } == true, "the progress line was ended first:\n\(screen)")
        try t.type("len(fit(m, d.x, d.y, epochs: 1, verbose: false).loss)")
        try t.keys("Enter")
        try t.waitFor("\n1\n")
    }
}
