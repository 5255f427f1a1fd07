// When nothing is recorded: inside withNoGrad, and when no operand requires a gradient — for
// every op and composite of the gradcheck lists, each result must be a plain leaf.
import Autograd
import TensorCore
import Testing

let everyCase = unaryCases + binaryCases + reduceCases + movementCases + productCases + compositeCases

@Suite struct RecordingTests {
    @Test("no-grad scope records nothing, for every op", arguments: everyCase)
    func noGradScope(_ c: GradCase) throws {
        let ag = GradContext()
        let y = try ag.withNoGrad { try c.output(ag) }
        #expect(y.node == nil && !y.requiresGrad)
        #expect(ag.isRecording)
    }

    @Test("operands that need no gradient record nothing, for every op", arguments: everyCase)
    func noGradOperands(_ c: GradCase) throws {
        let ag = GradContext()
        let y = try c.output(ag, requiringGrad: false)
        #expect(y.node == nil && !y.requiresGrad)
    }

    @Test("recording and not recording compute the same values, for every op", arguments: everyCase)
    func sameValues(_ c: GradCase) throws {
        let ag = GradContext()
        let recorded = try c.output(ag)
        let plain = try ag.withNoGrad { try c.output(ag) }
        #expect(isClose(recorded.value, plain.value, atol: 1e-5, rtol: 1e-5))
    }
}
