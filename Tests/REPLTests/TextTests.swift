// TextTests: the small text rules — colour policy, did-you-mean, durations, argument splitting.
import Language
import Diagnostics
import Testing
@testable import REPL

@MainActor
struct TextTests {
    @Test(arguments: [
        ([String: String](), true, true), ([:], false, false), (["NO_COLOR": "1"], true, false),
        (["NO_COLOR": ""], true, true), (["FORCE_COLOR": "1"], false, true), (["NO_COLOR": "1", "FORCE_COLOR": "1"], true, false),
        (["TERM": "dumb"], true, false), (["TERM": "dumb", "FORCE_COLOR": "1"], false, true),
        (["FORCE_COLOR": "0"], false, false), (["FORCE_COLOR": "0"], true, true),
    ])
    func colourHonoursNoColorForceColorTermAndTerminal(env: [String: String], terminal: Bool, expected: Bool) {
        #expect(ColorPolicy.decide(environment: env, isTerminal: terminal).enabled == expected)
    }

    @Test func paintWrapsOnlyWhenEnabled() {
        #expect(ColorPolicy(enabled: false).paint("a", "1") == "a")
        #expect(ColorPolicy(enabled: true).paint("a", "1") == "\u{1B}[1ma\u{1B}[0m")
        #expect(ColorPolicy(enabled: true).paintPrompt("a", "1") == "\u{01}\u{1B}[1m\u{02}a\u{01}\u{1B}[0m\u{02}")
    }

    @Test(arguments: [("", "abc", 3), ("help", "help", 0), ("hepl", "help", 1), ("kitten", "sitting", 3), ("ab", "ba", 1)])
    func editDistanceCountsEditsAndSwaps(a: String, b: String, distance: Int) {
        #expect(Suggest.distance(Array(a), Array(b)) == distance)
        #expect(Suggest.distance(Array(b), Array(a)) == distance)
    }

    @Test func nearestSuggestsOnlyLikelyTypos() {
        #expect(Suggest.closest(to: ":hlp", among: REPLLoop.commandNames) == ":help")
        #expect(Suggest.closest(to: ":qiut", among: REPLLoop.commandNames) == ":quit")
        #expect(Suggest.closest(to: ":banana", among: REPLLoop.commandNames) == nil)
    }

    @Test func commandsResolveByNameThenUniquePrefix() {
        guard case .found(let quit) = REPLLoop.resolve(":q") else { Issue.record("':q' should be :quit"); return }
        #expect(quit.name == ":quit")
        guard case .ambiguous(let options) = REPLLoop.resolve(":s") else { Issue.record("':s' is ambiguous"); return }
        #expect(options == [":shape", ":source", ":seed"])
        guard case .unknown(let guess) = REPLLoop.resolve(":grpah") else { Issue.record("':grpah' is unknown"); return }
        #expect(guess == ":graph")
    }

    @Test func durationsUseThreeSignificantFigures() {
        #expect(REPLLoop.format(.milliseconds(1234)) == "1.23 s")
        #expect(REPLLoop.format(.microseconds(45_600)) == "45.6 ms")
        #expect(REPLLoop.format(.nanoseconds(2_500)) == "2.50 µs")
        #expect(REPLLoop.format(.milliseconds(250)) == "250 ms")
    }

    @Test(arguments: [
        ("f x", "f", "x"), ("f [1, 2]", "f", "[1, 2]"), ("g(1, 2) [3]", "g(1, 2)", "[3]"),
        ("fn(v) = sum(v * v) [1, 2]", "fn(v) = sum(v * v)", "[1, 2]"),
    ])
    func gradcheckSplitsTheFunctionFromThePoint(text: String, function: String, point: String) {
        let parts = REPLLoop.splitFirstArgument(text)
        #expect(parts.first == function)
        #expect(parts.rest == point)
    }
}
