// One XOR 2-2-1 training step (forward, backward, SGD update on the 4 points) through the
// Autograd API, checked against the same training written out by hand in Float64 (the
// derivatives of a sigmoid net under mean squared error, as in Rumelhart, Hinton & Williams
// 1986): the losses of 200 steps agree. It also prints the median time of a step, a figure
// and not an assertion (`cajal-bench train` compares it with PyTorch). With a release build:
//
//   swift test -c release --filter XORStepTimingTests
//
// PyTorch (CPU) took 0.094 ms per step (median) on a 2-core x86-64 machine of this kind,
// measured before the project started.
import Autograd
import Foundation
import TensorCore
import Testing

/// A 2-2-1 sigmoid network on XOR with squared error, trained by plain SGD.
struct XORNet {
    let ag = GradContext()
    let x = Variable(tensor([4, 2], [0, 0, 0, 1, 1, 0, 1, 1]))
    let t = Variable(tensor([4, 1], [0, 1, 1, 0]))
    let params: [Variable]

    init(seed: UInt64) throws {
        var rng = RandomGenerator(seed: seed)
        params = try [[2, 2], [2], [2, 1], [1]].map {
            Variable(try Tensor.uniform($0, low: -0.5, high: 0.5, rng: &rng), requiresGrad: true)
        }
    }

    /// One step: forward, mse loss, backward, p ← p − lr·∂p under no-grad. Returns the loss.
    func step(lr: Float) throws -> Float {
        let h = ag.sigmoid(try ag.add(ag.matmul(x, params[0]), params[1]))
        let y = ag.sigmoid(try ag.add(ag.matmul(h, params[2]), params[3]))
        let loss = try ag.mse(y, t)
        try loss.backward()
        try ag.withNoGrad {
            for p in params {
                guard let g = p.grad else { continue }
                p.value = try p.value - g * lr
                p.grad = nil
            }
        }
        return try loss.value.item()
    }
}

/// The same network and training in Float64, derivatives by hand.
struct HandXOR {
    var w1: [[Double]], b1: [Double], w2: [Double], b2: Double
    let x: [[Double]] = [[0, 0], [0, 1], [1, 0], [1, 1]]
    let t: [Double] = [0, 1, 1, 0]

    init(_ p: [Variable]) {
        let v = p.map { $0.value.toArray().map(Double.init) }
        w1 = [[v[0][0], v[0][1]], [v[0][2], v[0][3]]]
        b1 = v[1]
        w2 = v[2]
        b2 = v[3][0]
    }

    static func sigmoid(_ z: Double) -> Double { 1 / (1 + exp(-z)) }

    /// One step; returns the loss before the update.
    mutating func step(lr: Double) -> Double {
        var gw1 = [[0.0, 0.0], [0.0, 0.0]], gb1 = [0.0, 0.0], gw2 = [0.0, 0.0], gb2 = 0.0
        var loss = 0.0
        for (xi, ti) in zip(x, t) {
            let h = (0..<2).map { j in HandXOR.sigmoid(xi[0] * w1[0][j] + xi[1] * w1[1][j] + b1[j]) }
            let y = HandXOR.sigmoid(h[0] * w2[0] + h[1] * w2[1] + b2)
            loss += (y - ti) * (y - ti) / 4
            let dz2 = 2 * (y - ti) / 4 * y * (1 - y)
            gb2 += dz2
            for j in 0..<2 {
                gw2[j] += dz2 * h[j]
                let dz1 = dz2 * w2[j] * h[j] * (1 - h[j])
                gb1[j] += dz1
                gw1[0][j] += dz1 * xi[0]
                gw1[1][j] += dz1 * xi[1]
            }
        }
        for i in 0..<2 { for j in 0..<2 { w1[i][j] -= lr * gw1[i][j] } }
        for j in 0..<2 { b1[j] -= lr * gb1[j]; w2[j] -= lr * gw2[j] }
        b2 -= lr * gb2
        return loss
    }
}

@Suite struct XORStepTimingTests {
    @Test func xorStepsMatchTheHandWrittenDerivatives() throws {
        let net = try XORNet(seed: 1)
        var hand = HandXOR(net.params)
        for step in 0..<200 {
            let ours = Double(try net.step(lr: 0.5)), theirs = hand.step(lr: 0.5)
            #expect(abs(ours - theirs) <= 1e-5 + 1e-4 * theirs, "step \(step): autograd \(ours), by hand \(theirs)")
            if abs(ours - theirs) > 1e-5 + 1e-4 * theirs { break }
        }
    }

    @Test func xorTrainingStepTime() throws {
        let net = try XORNet(seed: 1)
        let first = try net.step(lr: 0.5)
        var medians: [Double] = []
        var last = first
        for _ in 0..<30 {
            let start = DispatchTime.now().uptimeNanoseconds
            for _ in 0..<100 { last = try net.step(lr: 0.5) }
            medians.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 100 / 1e6)
        }
        medians.sort()
        #if DEBUG
            let build = "debug build: not a speed figure"
        #else
            let build = "release build"
        #endif
        print(String(format: "XOR 2-2-1 training step: median %.4f ms, fastest %.4f ms (%@; PyTorch 0.094 ms)",
                     medians[15], medians[0], build))
        #expect(last < first)
    }
}
