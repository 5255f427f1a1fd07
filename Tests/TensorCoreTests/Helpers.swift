// Helpers for the TensorCore tests: tolerance comparisons, tensor literals, naive references.
import Testing
@testable import TensorCore

/// |a − e| ≤ atol + rtol·|e| elementwise (NumPy `isclose`), with NaN equal to NaN.
func close(_ a: [Float], _ e: [Float], atol: Float = 1e-5, rtol: Float = 1e-5) -> Bool {
    guard a.count == e.count else { return false }
    for (x, y) in zip(a, e) {
        if x.isNaN && y.isNaN { continue }
        if x == y { continue }
        if !(Swift.abs(x - y) <= atol + rtol * Swift.abs(y)) { return false }
    }
    return true
}

/// Expects `t` to have `shape` and values within tolerance of `values`.
func expectTensor(
    _ t: Tensor, _ shape: [Int], _ values: [Float], atol: Float = 1e-5, rtol: Float = 1e-5,
    sourceLocation: SourceLocation = #_sourceLocation
) {
    #expect(t.shape == shape, "shape \(t.shape) != \(shape)", sourceLocation: sourceLocation)
    #expect(close(t.toArray(), values, atol: atol, rtol: rtol), "\(t.toArray()) != \(values)", sourceLocation: sourceLocation)
}

func T(_ shape: [Int], _ values: [Float]) -> Tensor { try! Tensor(shape: shape, values: values) }

/// Values 0, 1, 2, ... in `shape`, scaled (distinct, easy to trace).
func iota(_ shape: [Int], scale: Float = 1) -> Tensor {
    let n = shape.reduce(1, *)
    return T(shape, (0..<n).map { Float($0) * scale })
}

/// Row-major multi-index of flat position `i` in `shape`.
func unravel<S: RandomAccessCollection<Int>>(_ i: Int, _ shape: S) -> [Int] where S.Index == Int {
    var r = i
    var idx = [Int](repeating: 0, count: shape.count)
    for d in stride(from: shape.count - 1, through: 0, by: -1) where shape[d] > 0 {
        idx[d] = r % shape[d]
        r /= shape[d]
    }
    return idx
}

/// Expects `body` to throw a TensorError for `op`; returns it for further checks.
@discardableResult
func expectError(
    _ op: String, sourceLocation: SourceLocation = #_sourceLocation, _ body: () throws -> Any
) -> TensorError? {
    do {
        _ = try body()
        Issue.record("expected a \(op) error, got a result", sourceLocation: sourceLocation)
        return nil
    } catch let e as TensorError {
        #expect(e.op == op, "error op \(e.op) != \(op): \(e)", sourceLocation: sourceLocation)
        return e
    } catch {
        Issue.record("unexpected error \(error)", sourceLocation: sourceLocation)
        return nil
    }
}
