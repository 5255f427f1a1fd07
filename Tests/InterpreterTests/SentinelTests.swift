// SentinelTests: the NaN/Inf sentinel warns once per source line, in the forward and in
// backward(), stays quiet when the inputs already held a NaN, and is off inside allow_nan.
import Interpreter
import Testing

@Suite struct SentinelTests {
    func warnings(_ r: (lines: [String], errors: [String], outcome: RunOutcome)) -> [String] {
        r.errors.filter { $0.contains("warning:") }
    }

    @Test func warnsOncePerSourceLine() {
        let r = runCajal("let x = tensor([1, -1])\nfor i in 0..<3 { let y = log(x) }\nlet z = log(x)\n")
        let w = warnings(r)
        #expect(w.count == 2, "\(w)")
        #expect(w.first?.hasPrefix("test.cajal:2:26: warning: log made nan from -1 (element [1])") == true, "\(w)")
    }

    @Test func aNaNAlreadyInTheInputsIsNotWarnedAgain() {
        let r = runCajal("let x = allow_nan(fn() = log(tensor([-1])))\nlet y = exp(x) + 1\n")
        #expect(warnings(r).isEmpty, "\(r.errors)")
        #expect(r.outcome == .success)
    }

    @Test func backwardWarnsAtTheFirstDerivativeThatMakesInf() {
        let r = runCajal("let w = param([0, 1])\nlet loss = sum(sqrt(w))\nloss.backward()\nprint(w.grad)\n")
        #expect(r.lines == ["[inf, 0.5]"], "\(r.lines) \(r.errors)")
        let w = warnings(r)
        #expect(w.count == 1 && w[0].hasPrefix("test.cajal:3:") && w[0].contains(": warning: backward() made inf in the derivative of sqrt"), "\(w)")
    }

    @Test func allowNanTurnsTheSentinelOff() {
        let r = runCajal("let y = allow_nan(fn() = log(tensor([-1])) / 0)\nprint(y)\nprint(log(tensor([-1])))\n")
        #expect(r.lines == ["[nan]", "[nan]"], "\(r.lines)")
        #expect(warnings(r).count == 1, "only the line outside allow_nan warns: \(r.errors)")
    }

    @Test func theSwitchIsPublicForBenchmarks() {
        var errors: [String] = []
        let i = Interpreter(output: { _ in }, onDiagnostic: { errors.append($0.description) })
        i.nanSentinel = false
        _ = i.run(source: "let y = log(tensor([-1]))\n", name: "quiet.cajal")
        #expect(errors.isEmpty, "\(errors)")
    }
}
