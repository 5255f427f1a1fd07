// The colour policy as a pure function of (isTTY, environment), the ASCII switch, and the
// escape sequences each mode writes.
import Diagnostics
import Testing
@testable import Plot

@Suite struct ColorPolicyTests {
    @Test(arguments: [
        // (isTTY, environment, expected)
        (true, ["TERM": "xterm"], ColorMode.ansi16),
        (true, ["TERM": "xterm-256color"], .ansi256),
        (true, ["TERM": "xterm-256color", "COLORTERM": "truecolor"], .truecolor),
        (true, ["TERM": "xterm", "COLORTERM": "24bit"], .truecolor),
        (true, ["TERM": "xterm", "COLORTERM": "TrueColor"], .truecolor),
        (true, ["TERM": "xterm-256color", "NO_COLOR": "1"], .none),
        (true, ["TERM": "xterm", "NO_COLOR": ""], .ansi16),
        (true, ["TERM": "dumb"], .none),
        (false, ["TERM": "xterm-256color"], .none),
        (false, ["TERM": "xterm-256color", "FORCE_COLOR": "1"], .ansi256),
        (false, ["FORCE_COLOR": "0"], .none),
        (false, ["FORCE_COLOR": ""], .none),
        (true, ["TERM": "dumb", "FORCE_COLOR": "1"], .ansi16),
        (false, ["FORCE_COLOR": "1", "NO_COLOR": "1"], .none),
        (true, [:], .ansi16),
    ] as [(Bool, [String: String], ColorMode)])
    func policyFollowsTheRules(isTTY: Bool, environment: [String: String], expected: ColorMode) {
        #expect(ColorMode.detect(isTTY: isTTY, environment: environment) == expected)
    }

    @Test func asciiIsSelectedByCajalPlotAscii() {
        #expect(TerminalOptions.detect(isTTY: true, environment: ["CAJAL_PLOT_ASCII": "1"]).ascii)
        #expect(!TerminalOptions.detect(isTTY: true, environment: ["CAJAL_PLOT_ASCII": "0"]).ascii)
        #expect(!TerminalOptions.detect(isTTY: true, environment: [:]).ascii)
        #expect(TerminalOptions.detect(isTTY: false, environment: ["TERM": "xterm"]) == TerminalOptions(colorMode: .none))
    }

    @Test func escapeSequencesPerMode() {
        let orange = TermColor(RGB(255, 127, 14))
        #expect(orange.sgr(.truecolor, background: false) == "38;2;255;127;14")
        #expect(orange.sgr(.truecolor, background: true) == "48;2;255;127;14")
        #expect(orange.sgr(.ansi256, background: false) == "38;5;208")
        #expect(orange.sgr(.ansi16, background: false) == "33")  // nearest of the 16: yellow cdcd00
        #expect(orange.sgr(.none, background: false) == nil)
        #expect(TermColor.palette(0).sgr(.ansi16, background: false) == "94")
        #expect(TermColor.palette(0).sgr(.ansi16, background: true) == "104")
        #expect(TermColor.palette(3).sgr(.ansi16, background: false) == "31")
    }

    @Test func nearest256UsesTheGrayRampForGrays() {
        #expect(Ansi.nearest256(RGB(128, 128, 128)) == 244)
        #expect(Ansi.nearest256(RGB(0, 0, 0)) == 16)
        #expect(Ansi.nearest256(RGB(255, 0, 0)) == 196)
        #expect(Ansi.nearest256(RGB(255, 255, 255)) == 231)
    }

    @Test func plainModeWritesNoEscapesAndNoColourLeaksPastALine() throws {
        let figure = try Fixtures.scatterFigure()
        #expect(!figure.terminal(TerminalOptions(colorMode: .none)).contains("\u{1b}"))
        for mode in [ColorMode.ansi16, .ansi256, .truecolor] {
            for line in figure.terminal(TerminalOptions(colorMode: mode)).split(separator: "\n") {
                guard let last = line.ranges(of: "\u{1b}[").last else { continue }
                #expect(line[last.lowerBound...].hasPrefix("\u{1b}[0m"), "colour leaks past the end of: \(line)")
            }
        }
    }
}
