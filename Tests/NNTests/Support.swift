// Support: helpers the NN tests share — inputs made the way the PyTorch reference scripts make
// them, and a closeness check against frozen reference values.
import Autograd
import Foundation
import TensorCore
import Testing

/// scale · sin(0.7·k + phase) for flat index k, as the reference script makes its inputs.
func fixed(_ shape: Dims, _ phase: Double, _ scale: Double, grad: Bool = true) -> Variable {
    let n = shape.reduce(1, *)
    let values = (0..<n).map { Float(scale * Foundation.sin(0.7 * Double($0) + phase)) }
    return Variable(try! Tensor(shape: shape, values: values), requiresGrad: grad)
}

func expectClose(_ t: Tensor, _ want: [Float], _ what: String, tol: Float = 2e-6,
                         sourceLocation: SourceLocation = #_sourceLocation) {
    let got = t.toArray()
    let worst = zip(got, want).map { Swift.abs($0 - $1) }.max() ?? .infinity
    #expect(got.count == want.count && worst <= tol, "\(what): \(got) vs \(want)", sourceLocation: sourceLocation)
}
