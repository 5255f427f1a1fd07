// Comparing printed output with recorded output: text exactly, numbers within a tolerance.
import Testing
@testable import Notebook

@Suite struct OutputCheckTests {
    @Test func numbersAreFoundButNotInsideNames() {
        #expect(tokenizeOutputLine("loss 0.25 at x2, E0201: -3e-2") == [
            .text("loss "), .number(0.25, "0.25"), .text(" at x2, E0201: "), .number(-0.03, "-3e-2"),
        ])
        #expect(tokenizeOutputLine("[1, -2.5]") == [.text("["), .number(1, "1"), .text(", "), .number(-2.5, "-2.5"), .text("]")])
    }

    @Test func numbersMatchWithinTheTolerance() {
        #expect(outputLineMatches(recorded: "loss 0.2500", actual: "loss 0.25", tolerance: 0))
        #expect(outputLineMatches(recorded: "loss 0.2500", actual: "loss 0.2509", tolerance: 1e-3))
        #expect(!outputLineMatches(recorded: "loss 0.2500", actual: "loss 0.2511", tolerance: 1e-3))
        // Relative above 1: 1000 ± 1 is within 1e-3.
        #expect(outputLineMatches(recorded: "n = 1000", actual: "n = 1001", tolerance: 1e-3))
        #expect(!outputLineMatches(recorded: "n = 1000", actual: "n = 1002", tolerance: 1e-3))
    }

    @Test func aDifferenceInTheLastPrintedDigitIsNotDrift() {
        #expect(lastDigitUnit("0.982014") == 1e-6)
        #expect(lastDigitUnit("2.15507e-05") == 1e-10)
        #expect(lastDigitUnit("558") == 0)
        #expect(outputLineMatches(recorded: "123.457", actual: "123.458", tolerance: 1e-6))
        #expect(!outputLineMatches(recorded: "123.457", actual: "123.459", tolerance: 1e-6))
        // Whole numbers (counts, epochs) are exact.
        #expect(!outputLineMatches(recorded: "558 sweeps", actual: "559 sweeps", tolerance: 1e-6))
    }

    @Test func textMustMatchExactlyExceptTrailingSpaces() {
        #expect(!outputLineMatches(recorded: "loss 0.25", actual: "Loss 0.25", tolerance: 1))
        #expect(outputLineMatches(recorded: "done", actual: "done  ", tolerance: 0))
        #expect(!outputLineMatches(recorded: "[1, 2]", actual: "[1, 2, 3]", tolerance: 1))
        #expect(outputLineMatches(recorded: "nan inf", actual: "nan inf", tolerance: 0))
        #expect(!outputLineMatches(recorded: "nan", actual: "0", tolerance: 1))
    }

    @Test func aDiffShowsRecordedAndNewLines() {
        #expect(outputDiff(recorded: ["a 1", "b 2"], actual: ["a 1", "b 2.0000001"], tolerance: 1e-6) == nil)
        let diff = outputDiff(recorded: ["a 1", "b 2", "c 3"], actual: ["a 1", "b 5", "c 3", "d 4"], tolerance: 1e-6)
        #expect(diff == "  a 1\n- b 2\n+ b 5\n  c 3\n+ d 4")
    }
}
