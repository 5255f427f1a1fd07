// FastMathTests: the SIMD exp, tanh and sigmoid of Tensor+FastMath.swift against Float64 libm
// rounded to float32, in ulps, over a sweep of about half a million inputs per sign (every
// 601st float from 2⁻³¹ to 110, subnormal results included), the specials (±0, ±inf, NaN,
// overflow and underflow edges), and Tensor.map's eight-lane loop and its tail.
import Foundation
import Testing
@testable import TensorCore

/// Floats in the order of their values as integers, so that the difference counts ulps
/// (−0 and +0 are both 0).
private func orderedBits(_ x: Float) -> Int64 {
    let b = Int64(x.bitPattern & 0x7FFF_FFFF)
    return x.sign == .minus ? -b : b
}

/// ulps between `got` and `want`; 0 when both are NaN, Int64.max when only one is.
func ulpDistance(_ got: Float, _ want: Float) -> Int64 {
    if got.isNaN || want.isNaN { return got.isNaN && want.isNaN ? 0 : .max }
    return Swift.abs(orderedBits(got) - orderedBits(want))
}

/// The sweep: ±(every 601st float bit pattern from 2⁻³¹ to 110).
private let sweep: [Float] = {
    let lo = Float(0x1p-31).bitPattern
    let hi = Float(110).bitPattern
    let positive = stride(from: lo, through: hi, by: 601).map { Float(bitPattern: $0) }
    return positive + positive.map { -$0 }
}()

/// The largest ulp error of `op` through Tensor.map over the sweep, and the worst input.
private func worstError(_ op: UnaryOp, _ reference: (Double) -> Double) -> (ulps: Int64, at: Float) {
    let got = try! Tensor(shape: [sweep.count], values: sweep).map(op).toArray()
    var worst: (ulps: Int64, at: Float) = (0, 0)
    for (x, y) in zip(sweep, got) {
        let d = ulpDistance(y, Float(reference(Double(x))))
        if d > worst.ulps { worst = (d, x) }
    }
    return worst
}

private func sigmoid64(_ x: Double) -> Double { 1 / (1 + Foundation.exp(-x)) }

@Test func expIsWithinOneUlpOfLibm() {
    let worst = worstError(.exp, Foundation.exp)
    #expect(worst.ulps <= 1, "exp: \(worst.ulps) ulps at \(worst.at)")
}

@Test func tanhIsWithinOneUlpOfLibm() {
    let worst = worstError(.tanh, Foundation.tanh)
    #expect(worst.ulps <= 1, "tanh: \(worst.ulps) ulps at \(worst.at)")
}

@Test func sigmoidIsWithinTwoUlpsOfLibm() {
    let worst = worstError(.sigmoid, sigmoid64)
    #expect(worst.ulps <= 2, "sigmoid: \(worst.ulps) ulps at \(worst.at)")
}

@Test func fastMathSpecialsMatchLibm() {
    let inputs: [Float] = [0, -0.0, .infinity, -.infinity, .nan, 88.72, 88.73, 89, 1000, -87.3, -100,
                           -103.9, -104, -105, -1000, .leastNonzeroMagnitude, -.leastNonzeroMagnitude,
                           .greatestFiniteMagnitude, -.greatestFiniteMagnitude, 1, -1, 0.625, -0.625, 9, -9, 20, -20]
    let cases: [(UnaryOp, (Double) -> Double)] = [(.exp, Foundation.exp), (.tanh, Foundation.tanh), (.sigmoid, sigmoid64)]
    for (op, reference) in cases {
        let got = try! Tensor(shape: [inputs.count], values: inputs).map(op).toArray()
        for (x, y) in zip(inputs, got) {
            let want = Float(reference(Double(x)))
            #expect(ulpDistance(y, want) <= 2, "\(op)(\(x)) = \(y), libm \(want)")
        }
    }
    // Signs and exact values that a learner sees printed.
    let z = try! Tensor(shape: [4], values: [0, -0.0, .infinity, -.infinity])
    #expect(z.map(.exp).toArray() == [1, 1, .infinity, 0])
    #expect(z.map(.sigmoid).toArray() == [0.5, 0.5, 1, 0])
    let t = z.map(.tanh).toArray()
    #expect(t == [0, 0, 1, -1] && t[1].sign == .minus)
}

@Test func fastMathTailMatchesTheVectorLoop() {
    // Lengths around the 8-lane width: every element must equal the one-value function.
    for n in [1, 5, 7, 8, 9, 15, 16, 17, 31] {
        let xs = (0..<n).map { Float($0) * 0.37 - 3 }
        let t = try! Tensor(shape: [n], values: xs)
        #expect(t.map(.exp).toArray() == xs.map(Tensor.fastExp))
        #expect(t.map(.tanh).toArray() == xs.map(Tensor.fastTanh))
        #expect(t.map(.sigmoid).toArray() == xs.map(Tensor.fastSigmoid))
    }
}
