// Terminal renderings of every plot kind as whole-string snapshots: plain (no colour),
// ASCII, and each colour mode (16, 256, truecolor) with its escape sequences.
import Testing
import TestSupport
@testable import Plot

@Suite struct TerminalSnapshotTests {
    static let modes: [String: TerminalOptions] = [
        "plain": TerminalOptions(colorMode: .none),
        "ascii": TerminalOptions(colorMode: .none, ascii: true),
        "16": TerminalOptions(colorMode: .ansi16),
        "256": TerminalOptions(colorMode: .ansi256),
        "truecolor": TerminalOptions(colorMode: .truecolor),
    ]

    @Test(arguments: Fixtures.all.map(\.name), ["plain", "ascii", "16", "256", "truecolor"])
    func everyKindInEveryModeMatchesItsSnapshot(kind: String, mode: String) throws {
        let figure = try Fixtures.all.first { $0.name == kind }!.make()
        try assertSnapshot(figure.terminal(Self.modes[mode]!), named: "terminal-\(kind)-\(mode)", in: "PlotTests")
    }
}
