// FastMathBench: `cajal-bench fastmath`. The SIMD exp, tanh and sigmoid of TensorCore
// (Tensor+FastMath.swift) against libm: the error in float32 ulps of the Float64 libm value
// over every 61st float from 2⁻³¹ to 110 of both signs (worst, and the share that is exactly
// the rounded libm value), and the time per element through Tensor.map against a scalar
// libm loop over 65,536 floats.
import Foundation
import TensorCore

private func orderedBits(_ x: Float) -> Int64 {
    let b = Int64(x.bitPattern & 0x7FFF_FFFF)
    return x.sign == .minus ? -b : b
}

private func nanosPerElement(_ n: Int, _ body: () -> Void) -> Double {
    for _ in 0..<3 { body() }
    var best = Double.infinity
    for _ in 0..<15 {
        let t0 = DispatchTime.now().uptimeNanoseconds
        body()
        best = min(best, Double(DispatchTime.now().uptimeNanoseconds - t0))
    }
    return best / Double(n)
}

func runFastMathBench(_ args: [String]) throws {
    let lo = Float(0x1p-31).bitPattern, hi = Float(110).bitPattern
    let positive = stride(from: lo, through: hi, by: 61).map { Float(bitPattern: $0) }
    let sweep = positive + positive.map { -$0 }
    let input = try Tensor(shape: [sweep.count], values: sweep)
    let timing = try Tensor(shape: [65536], values: (0..<65536).map { Float($0) / 4096 - 8 })
    let timingValues = timing.toArray()
    let cases: [(UnaryOp, (Double) -> Double, (Float) -> Float)] = [
        (.exp, Foundation.exp, { Foundation.exp($0) }),
        (.tanh, Foundation.tanh, { Foundation.tanh($0) }),
        (.sigmoid, { 1 / (1 + Foundation.exp(-$0)) }, { 1 / (1 + Foundation.exp(-$0)) }),
    ]
    print("op        inputs    worst ulps (at)            exact share   SIMD ns/elt  libm ns/elt")
    for (op, reference, scalar) in cases {
        let got = input.map(op).toArray()
        var worst: (Int64, Float) = (0, 0)
        var exact = 0
        for (x, y) in zip(sweep, got) {
            let d = abs(orderedBits(y) - orderedBits(Float(reference(Double(x)))))
            if d == 0 { exact += 1 }
            if d > worst.0 { worst = (d, x) }
        }
        var out = [Float](repeating: 0, count: timingValues.count)
        let simd = nanosPerElement(timingValues.count) { _ = timing.map(op) }
        let libm = nanosPerElement(timingValues.count) {
            for i in 0..<timingValues.count { out[i] = scalar(timingValues[i]) }
        }
        let label = op.rawValue.padding(toLength: 8, withPad: " ", startingAt: 0)
        let at = "\(worst.0) (\(worst.1))".padding(toLength: 26, withPad: " ", startingAt: 0)
        print(label + String(format: "  %7d  ", sweep.count) + at
              + String(format: " %10.4f%%  %11.2f  %11.2f", 100 * Double(exact) / Double(sweep.count), simd, libm)
              + (out[0] == 0 ? " " : ""))
    }
}
