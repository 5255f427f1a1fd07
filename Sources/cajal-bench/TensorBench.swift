// TensorBench: `cajal-bench tensor`. sgemm GFLOP/s through Tensor.matmul and through
// cblas_sgemm directly, in one run, at n = 256, 1024, 2048 (median of several reps after a
// warm-up), their ratio; the time of a LeNet-sized conv2d forward; and the per-call cost of
// tiny ops (the overhead that dominates an XOR-sized training step).
import COpenBLAS
import Foundation
import TensorCore

/// Nanoseconds on the monotonic clock.
private func now() -> UInt64 { DispatchTime.now().uptimeNanoseconds }

/// The median of `reps` timings (seconds) of `body`, after `warmup` untimed calls.
private func medianSeconds(reps: Int, warmup: Int = 2, _ body: () throws -> Void) rethrows -> Double {
    for _ in 0..<warmup { try body() }
    var times: [Double] = []
    for _ in 0..<reps {
        let t0 = now()
        try body()
        times.append(Double(now() - t0) / 1e9)
    }
    times.sort()
    return times[times.count / 2]
}

/// Median time per call of a tiny op: each rep runs `inner` calls.
private func nanosPerCall(inner: Int, reps: Int = 15, _ body: () throws -> Void) rethrows -> Double {
    try medianSeconds(reps: reps) { for _ in 0..<inner { try body() } } * 1e9 / Double(inner)
}

/// GFLOP/s at the median and at the fastest rep, through Tensor.matmul and cblas_sgemm.
private struct SgemmRow {
    var tensor: Double, blas: Double, tensorBest: Double, blasBest: Double
}

private func sgemmRow(n: Int, reps: Int) throws -> SgemmRow {
    var rng = RandomGenerator(seed: UInt64(n))
    let a = try Tensor.uniform([n, n], low: -1, high: 1, rng: &rng)
    let b = try Tensor.uniform([n, n], low: -1, high: 1, rng: &rng)
    let av = a.toArray()
    let bv = b.toArray()
    var c = [Float](repeating: 0, count: n * n)
    let flop = 2 * Double(n) * Double(n) * Double(n)
    var sink: Float = 0
    let direct = {
        av.withUnsafeBufferPointer { pa in
            bv.withUnsafeBufferPointer { pb in
                c.withUnsafeMutableBufferPointer { pc in
                    cblas_sgemm(
                        CblasRowMajor, CblasNoTrans, CblasNoTrans, Int32(n), Int32(n), Int32(n), 1,
                        pa.baseAddress, Int32(n), pb.baseAddress, Int32(n), 0, pc.baseAddress, Int32(n))
                }
            }
        }
    }
    // Alternate the two so that machine noise hits both alike.
    var tTensor: [Double] = []
    var tBlas: [Double] = []
    for _ in 0..<2 {
        direct()
        sink += try Tensor.matmul(a, b).element(at: [0, 0])
    }
    for _ in 0..<reps {
        var t0 = now()
        let r = try Tensor.matmul(a, b)
        tTensor.append(Double(now() - t0) / 1e9)
        sink += try r.element(at: [n - 1, n - 1])
        t0 = now()
        direct()
        tBlas.append(Double(now() - t0) / 1e9)
    }
    if sink.isNaN { print("") }
    tTensor.sort()
    tBlas.sort()
    return SgemmRow(
        tensor: flop / tTensor[reps / 2] / 1e9, blas: flop / tBlas[reps / 2] / 1e9,
        tensorBest: flop / tTensor[0] / 1e9, blasBest: flop / tBlas[0] / 1e9)
}

private func lenetConv() throws -> (first: Double, second: Double) {
    var rng = RandomGenerator(seed: 5)
    let x1 = try Tensor.uniform([64, 1, 28, 28], low: 0, high: 1, rng: &rng)
    let w1 = try Tensor.normal([6, 1, 5, 5], std: 0.2, rng: &rng)
    let b1 = try Tensor.zeros([6])
    let x2 = try Tensor.uniform([64, 6, 14, 14], low: -1, high: 1, rng: &rng)
    let w2 = try Tensor.normal([16, 6, 5, 5], std: 0.08, rng: &rng)
    let b2 = try Tensor.zeros([16])
    let first = try medianSeconds(reps: 25) { _ = try Tensor.conv2d(x1, w1, bias: b1, stride: 1, padding: 2) }
    let second = try medianSeconds(reps: 25) { _ = try Tensor.conv2d(x2, w2, bias: b2, stride: 1, padding: 0) }
    return (first, second)
}

private func pad(_ s: String, _ n: Int) -> String {
    s.count >= n ? s : String(repeating: " ", count: n - s.count) + s
}

private func fmt(_ v: Double, _ decimals: Int) -> String { String(format: "%.\(decimals)f", v) }

/// `cajal-bench tensor`: prints the table described at the top of this file.
func runTensorBench(_ args: [String]) throws {
    let env = ProcessInfo.processInfo.environment
    print("cajal-bench tensor  (OpenBLAS kernel \(blasCoreName()), OPENBLAS_CORETYPE=\(env["OPENBLAS_CORETYPE"] ?? "unset"), "
        + "OPENBLAS_NUM_THREADS=\(env["OPENBLAS_NUM_THREADS"] ?? "unset"))")
    print("")
    print("sgemm, square float32, GFLOP/s = 2n³ / time; median of the reps (fastest rep in brackets)")
    print("     n   Tensor.matmul          cblas_sgemm            ratio (fastest)")
    for (n, reps) in [(256, 41), (1024, 15), (2048, 7)] {
        let r = try sgemmRow(n: n, reps: reps)
        let cells = [
            pad(String(n), 6), pad(fmt(r.tensor, 1), 14), pad("(" + fmt(r.tensorBest, 1) + ")", 8),
            pad(fmt(r.blas, 1), 12), pad("(" + fmt(r.blasBest, 1) + ")", 8),
            pad(fmt(r.tensor / r.blas * 100, 1), 7) + " %", pad("(" + fmt(r.tensorBest / r.blasBest * 100, 1) + " %)", 9),
        ]
        print(cells.joined(separator: " "))
    }
    print("")
    let (c1, c2) = try lenetConv()
    print("LeNet conv2d forward, batch 64 (im2col + one sgemm), median of 25")
    print("  1×28×28 → 6×5×5, padding 2   \(pad(fmt(c1 * 1e3, 3), 8)) ms")
    print("  6×14×14 → 16×5×5             \(pad(fmt(c2 * 1e3, 3), 8)) ms")
    print("  both                          \(pad(fmt((c1 + c2) * 1e3, 3), 8)) ms")
    print("")
    try overheadRows()
}

/// The cost of one call of tiny ops, where bookkeeping, not arithmetic, is the time.
private func overheadRows() throws {
    var rng = RandomGenerator(seed: 9)
    let x = try Tensor.uniform([4, 2], low: -1, high: 1, rng: &rng)
    let w = try Tensor.uniform([2, 2], low: -1, high: 1, rng: &rng)
    let bias = try Tensor.uniform([2], low: -1, high: 1, rng: &rng)
    print("per-call cost of tiny ops (XOR-sized), median ns per call")
    let rows: [(String, () throws -> Void)] = [
        ("[4,2] + [4,2]", { _ = try x + x }),
        ("[4,2] + [2] (broadcast)", { _ = try x + bias }),
        ("[4,2] * 0.5", { _ = x * 0.5 }),
        ("sigmoid [4,2]", { _ = x.map(.sigmoid) }),
        ("[4,2] @ [2,2]", { _ = try Tensor.matmul(x, w) }),
        ("[4,2].T @ [4,2]", { _ = try Tensor.matmul(x.transposed(), x) }),
        ("sum over axis 0 of [4,2]", { _ = try x.reduce(.sum, axes: [0]) }),
        ("mean of [4,2]", { _ = try x.reduce(.mean) }),
    ]
    for (name, body) in rows {
        let ns = try nanosPerCall(inner: 20000, body)
        print("  \(name.padding(toLength: 28, withPad: " ", startingAt: 0)) \(pad(fmt(ns, 0), 6)) ns")
    }
}
