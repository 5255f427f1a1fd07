// The backward sweep hands leaf-gradient sums to a side lane on the pool's worker
// (Backward.swift, TensorCore's SideLane.swift): the gradients are the serial sweep's bit for
// bit, on an LSTM written step by step, an MLP and a conv net; a job that throws stops the
// lane, and backward throws its error with no job left running.
import Autograd
import Testing
@testable import TensorCore

/// A seeded uniform tensor in [-scale, scale).
private func random(_ shape: [Int], _ seed: UInt64, scale: Float = 1) throws -> Tensor {
    var rng = RandomGenerator(seed: seed)
    let n = shape.reduce(1, *)
    return try Tensor(shape: shape, values: (0..<n).map { _ in Float(rng.uniform() * 2 - 1) * scale })
}

private func bits(_ t: Tensor?) -> [UInt32]? { t?.toArray().map(\.bitPattern) }

/// A network: its parameters (fresh leaves) and its loss built from them.
struct LaneTestNet: Sendable, CustomTestStringConvertible {
    let name: String
    let build: @Sendable () throws -> (params: [Variable], loss: (GradContext, [Variable]) throws -> Variable)
    var testDescription: String { name }

    /// The parameters' gradients after one backward, with the lane allowed or not.
    func gradients(serial: Bool) throws -> [[UInt32]?] {
        let (params, loss) = try build()
        let ag = GradContext()
        let l = try loss(ag, params)
        if serial {
            try WorkerPool.$serial.withValue(true) { try l.backward() }
        } else {
            try l.backward()
        }
        return params.map { bits($0.grad) }
    }

    /// An LSTM step by step (input 16, hidden 64, batch 32, 6 time steps), gates sliced from
    /// one pre-activation x·Wx + h·Wh + b, as lesson 10's learner writes it.
    static let lstm = LaneTestNet(name: "lstm") {
        let (b, t, i, h) = (32, 6, 16, 64)
        let params = [
            Variable(try random([i, 4 * h], 1, scale: 0.125), requiresGrad: true),
            Variable(try random([h, 4 * h], 2, scale: 0.125), requiresGrad: true),
            Variable(try random([4 * h], 3, scale: 0.125), requiresGrad: true),
        ]
        let xs = try (0..<t).map { Variable(try random([b, i], 10 + UInt64($0))) }
        return (params, { ag, p in
            var hs = Variable(try Tensor.zeros([b, h]))
            var c = Variable(try Tensor.zeros([b, h]))
            func gate(_ z: Variable, _ k: Int) throws -> Variable {
                try ag.slice(z, [.all, .range(start: k * h, stop: (k + 1) * h, step: nil)])
            }
            for x in xs {
                let z = try ag.add(ag.add(ag.matmul(x, p[0]), ag.matmul(hs, p[1])), p[2])
                let (ig, fg, gg, og) = try (ag.sigmoid(gate(z, 0)), ag.sigmoid(gate(z, 1)), ag.tanh(gate(z, 2)), ag.sigmoid(gate(z, 3)))
                c = try ag.add(ag.mul(fg, c), ag.mul(ig, gg))
                hs = try ag.mul(og, ag.tanh(c))
            }
            return try ag.mean(ag.mul(hs, hs))
        })
    }

    /// A 784-128-10 MLP on a batch of 64.
    static let mlp = LaneTestNet(name: "mlp") {
        let params = [
            Variable(try random([784, 128], 4, scale: 0.05), requiresGrad: true),
            Variable(try random([128], 5, scale: 0.05), requiresGrad: true),
            Variable(try random([128, 10], 6, scale: 0.1), requiresGrad: true),
            Variable(try random([10], 7, scale: 0.1), requiresGrad: true),
        ]
        let x = Variable(try random([64, 784], 8))
        return (params, { ag, p in
            let hidden = try ag.relu(ag.add(ag.matmul(x, p[0]), p[1]))
            let out = try ag.add(ag.matmul(hidden, p[2]), p[3])
            return try ag.mean(ag.mul(out, out))
        })
    }

    /// A conv net: 5×5 conv 1 → 6 channels, ReLU, 2×2 max pooling, a linear layer 864 → 10.
    static let conv = LaneTestNet(name: "conv") {
        let params = [
            Variable(try random([6, 1, 5, 5], 9, scale: 0.2), requiresGrad: true),
            Variable(try random([6], 10, scale: 0.2), requiresGrad: true),
            Variable(try random([864, 10], 11, scale: 0.05), requiresGrad: true),
        ]
        let x = Variable(try random([32, 1, 28, 28], 12))
        return (params, { ag, p in
            let y = try ag.maxPool2d(ag.relu(ag.conv2d(x, p[0], bias: p[1])), kernel: 2)
            let out = try ag.matmul(ag.reshape(y, [32, 864]), p[2])
            return try ag.mean(ag.mul(out, out))
        })
    }
}

/// sum(x) with a derivative row that gives a gradient of the wrong shape, so adding it into
/// x's gradient fails: the lane's job throws.
private struct WrongShapedGradient: CustomOp {
    var name: String { "wrong_shaped_gradient" }
    func vjp(_ g: Tensor, saved: [Tensor], needs: [Bool]) throws -> [Tensor?] {
        [try Tensor.zeros([saved[0].shape[0], saved[0].shape[1] + 1])]
    }
}

@Suite struct SideLaneTests {
    @Test(arguments: [LaneTestNet.lstm, LaneTestNet.mlp, LaneTestNet.conv])
    func theLaneGivesTheSerialGradientsBitForBit(_ net: LaneTestNet) throws {
        // The lane is the process's: retry until this test's sweep had it and the worker ran
        // some of its jobs (concurrent tests may hold it, a busy machine may not wake the worker).
        let probe = LaneProbe()
        var withLane: [[UInt32]?] = []
        for _ in 0..<40 where probe.totals.onWorker == 0 {
            withLane = try SideLane.$probe.withValue(probe) { try net.gradients(serial: false) }
        }
        if WorkerPool.shared.parts > 1 {
            #expect(probe.totals.jobs > 0, "\(net.name): no sum went to the lane")
            #expect(probe.totals.onWorker > 0, "\(net.name): the worker never ran a job")
        }
        let serial = try net.gradients(serial: true)
        #expect(withLane.allSatisfy { $0 != nil })
        for (i, (a, b)) in zip(withLane, serial).enumerated() {
            #expect(a == b, "\(net.name): parameter \(i)'s gradient differs from the serial sweep's")
        }
    }

    @Test func aFailingJobStopsTheLaneAndBackwardThrowsItsError() throws {
        // loss = sum(bad(w1)) + sum(h @ w2): the sweep reaches h @ w2 first (w2's sums go to
        // the lane and are finished), then bad's row, whose sum into w1 throws on the lane.
        func run(serial: Bool) throws -> (error: String, w1: [UInt32]?, w2: [UInt32]?) {
            let w1 = Variable(try random([128, 128], 20), requiresGrad: true)
            let w2 = Variable(try random([256, 128], 21), requiresGrad: true)
            let h = Variable(try random([64, 256], 22))
            let ag = GradContext()
            let bad = ag.custom(WrongShapedGradient(), [w1], output: w1.value, saved: [w1.value])
            let loss = try ag.add(ag.sum(bad), ag.sum(ag.matmul(h, w2)))
            var message = ""
            do {
                if serial { try WorkerPool.$serial.withValue(true) { try loss.backward() } } else { try loss.backward() }
            } catch {
                message = "\(error)"
            }
            return (message, bits(w1.grad), bits(w2.grad))
        }
        let probe = LaneProbe()
        var withLane = (error: "", w1: [UInt32]?.none, w2: [UInt32]?.none)
        for _ in 0..<40 where probe.totals.lanes == 0 {
            withLane = try SideLane.$probe.withValue(probe) { try run(serial: false) }
        }
        let serial = try run(serial: true)
        #expect(!serial.error.isEmpty)
        #expect(withLane.error == serial.error, "the job's error is backward's")
        #expect(withLane.w1 == nil && serial.w1 == nil, "the failed sum left no gradient")
        #expect(withLane.w2 != nil && withLane.w2 == serial.w2, "the sums before it are whole")
        if WorkerPool.shared.parts > 1 {
            #expect(probe.totals.lanes > 0 && probe.totals.jobs >= 3, "w2's two jobs and w1's failing one")
        }
    }
}
