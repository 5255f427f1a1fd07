// WorkerPoolTests: the pool that splits large passes over the cores (WorkerPool.swift) and
// the storage cache (TensorStorage.swift). Every split kernel gives the serial result bit for
// bit, on sizes above the pool's threshold with ragged tails; the pool covers each index once;
// freed buffers are handed out again.
import Foundation
import Testing
@testable import TensorCore

/// The float bit patterns, so that NaNs and signed zeros compare exactly.
private func bits(_ t: Tensor) -> [UInt32] { t.toArray().map(\.bitPattern) }

/// Runs `body` until one of its runs split a pass on the pool, counted by this test's own
/// counter, for up to 30 s. The shared pool runs a call on its caller while another thread
/// holds it (other suites run beside this one), which it does by design.
private func untilSplit(_ what: String, _ body: () throws -> Void) rethrows {
    let deadline = Date().addingTimeInterval(30)
    repeat {
        let seen = WorkerPool.SplitCounter()
        try WorkerPool.$splitsSeen.withValue(seen) { try body() }
        if WorkerPool.shared.parts == 1 || seen.jobs.load(ordering: .relaxed) > 0 { return }
        usleep(10_000)
    } while Date() < deadline
    Issue.record("\(what) never used the pool in 30 s of tries")
}

/// `make()` computed by the pool and on the calling thread alone; equal bit for bit, tried
/// again until one of its calls did split (`untilSplit`).
private func expectSameSerially(_ what: String, _ make: () throws -> [Tensor]) throws {
    let serial = try WorkerPool.$serial.withValue(true) { try make() }
    try untilSplit(what) {
        let parallel = try make()
        for (p, s) in zip(parallel, serial) {
            #expect(p.shape == s.shape)
            #expect(bits(p) == bits(s), "\(what): the parallel result differs from the serial one")
        }
    }
}

@Test func poolCoversEveryIndexOnceAcrossThreads() {
    let pool = WorkerPool(workers: 3)
    for count in [1, 2, 3, 4, 5, 97, 1000] {
        let hits = UnsafeMutablePointer<Int>.allocate(capacity: count)
        hits.initialize(repeating: 0, count: count)
        defer { hits.deallocate() }
        for _ in 0..<20 {
            pool.forEachRange(count, work: WorkerPool.threshold) { r in for i in r { hits[i] += 1 } }
        }
        #expect((0..<count).allSatisfy { hits[$0] == 20 }, "count \(count)")
    }
    // Below the threshold, and nested calls, run on the caller.
    var calls = 0
    pool.forEachRange(10, work: WorkerPool.threshold - 1) { r in calls += 1; #expect(r == 0..<10) }
    #expect(calls == 1)
    var inner = 0
    pool.forEachRange(1, work: WorkerPool.threshold) { _ in
        pool.forEachRange(4, work: WorkerPool.threshold) { r in inner += r.count }
    }
    #expect(inner == 4)
}

@Test func elementwiseKernelsSplitBitIdentically() throws {
    var r = RandomGenerator(seed: 5)
    let n = WorkerPool.threshold * 3 + 13   // a ragged tail after the 64-element chunks
    var values = try Tensor.uniform([n], low: -30, high: 30, rng: &r).toArray()
    for k in [0, 7, 64, n / 2, n - 1] { values[k] = [Float.nan, -0.0, .infinity, -.infinity, 88.5][k % 5] }
    let x = try Tensor(shape: [n], values: values)
    let y = try Tensor.uniform([n], low: -2, high: 2, rng: &r)
    try expectSameSerially("unary") { UnaryOp.allCases.map { x.map($0) } }
    try expectSameSerially("binary") {
        try BinaryOp.allCases.flatMap { op in
            [try Tensor.binary(op, x, y), Tensor.binary(op, x, Float(1.5)), Tensor.binary(op, Float(0.5), y)]
        }
    }
    let m = try Tensor.uniform([1237, 61], low: -1, high: 1, rng: &r)
    let b = try Tensor.uniform([61], low: -1, high: 1, rng: &r)
    try expectSameSerially("row broadcast") {
        return [try Tensor.binary(.add, m, b), try Tensor.binary(.mul, b, m)]
    }
    try expectSameSerially("fused backward") {
        [try Tensor.sigmoidBackward(y: x, grad: y), try Tensor.tanhBackward(y: x, grad: y),
         try Tensor.reluBackward(x: x, grad: y)]
    }
}

@Test func convAndPoolingSplitBitIdentically() throws {
    var r = RandomGenerator(seed: 8)
    let x = try Tensor.uniform([37, 3, 19, 17], low: -1, high: 1, rng: &r)
    let w = try Tensor.uniform([5, 3, 4, 3], low: -1, high: 1, rng: &r)
    let b = try Tensor.uniform([5], low: -1, high: 1, rng: &r)
    let dy = try Tensor.uniform([37, 5, 18, 17], low: -1, high: 1, rng: &r)   // conv2d's output shape
    try expectSameSerially("conv2d") {
        let (y, cols) = try Tensor.conv2dKeepingColumns(x, w, bias: b, stride: 1, padding: 1)
        let g = try Tensor.conv2dBackward(x, w, gradOutput: dy, stride: 1, padding: 1, columns: cols)
        let strided = try Tensor.conv2dBackward(x, w, gradOutput: try Tensor.conv2d(x, w, stride: 2, padding: 2).map(.sin),
                                                stride: 2, padding: 2)
        return [y, cols, g.dX, g.dW, g.dB, strided.dX, strided.dW, strided.dB]
    }
    let big = try Tensor.uniform([64, 6, 24, 23], low: -1, high: 1, rng: &r)
    try expectSameSerially("max pooling") {
        let (v2, i2) = try Tensor.maxPool2d(big, kernel: 2)
        let (v3, i3) = try Tensor.maxPool2d(big, kernel: 3, stride: 2)
        let d2 = try Tensor.maxPool2dBackward(gradOutput: v2.map(.cos), indices: i2, inputShape: big.shape)
        let d3 = try Tensor.maxPool2dBackward(gradOutput: v3.map(.cos), indices: i3, inputShape: big.shape)
        return [v2, i2, v3, i3, d2, d3]
    }
}

@Test func maxPoolBackwardStillReportsABadIndexWhenSplit() throws {
    let dy = try Tensor.filled([64, 8, 12, 12], 1, op: "test")
    var idx = try Tensor.filled([64, 8, 12, 12], 0, op: "test").toArray()
    idx[40 * 144 + 5] = 10_000
    let indices = try Tensor(shape: dy.shape, values: idx)
    // Until a call did split: one that ran serially (another suite holding the shared pool)
    // says nothing about the split pass.
    untilSplit("max pooling's backward with a bad index") {
        #expect(throws: TensorError.self) {
            try Tensor.maxPool2dBackward(gradOutput: dy, indices: indices, inputShape: [64, 8, 24, 24])
        }
    }
}

/// A worker that starts running only after the first job was posted must still take it
/// (it once waited for the next one, and the caller for it, forever): fresh pools, one job each.
/// The deadline is kept here, on a thread of the test's own, from when the jobs really start:
/// Swift Testing's `.timeLimit` counts from when the test is scheduled, and in the full
/// parallel run on two cores a test can wait minutes for a thread before its body runs.
@Test func aFreshPoolRunsItsFirstJob() {
    let finished = DispatchSemaphore(value: 0)
    final class Outcome: @unchecked Sendable { var allSeen = true }   // read after the semaphore
    let outcome = Outcome()
    let runner = Thread {
        for _ in 0..<20 {
            let pool = WorkerPool(workers: 1)
            let seen = UnsafeMutablePointer<Bool>.allocate(capacity: 2)
            seen.initialize(repeating: false, count: 2)
            pool.forEachRange(2, work: WorkerPool.threshold) { r in for i in r { seen[i] = true } }
            if !(seen[0] && seen[1]) { outcome.allSeen = false }
            seen.deallocate()
        }
        finished.signal()
    }
    runner.start()
    let onTime = finished.wait(timeout: .now() + 60) == .success
    #expect(onTime, "20 fresh pools did not run their first jobs within 60 s: a worker waits for a job it missed")
    #expect(!onTime || outcome.allSeen)
}

/// A job does not wait for workers that have not come: the caller takes every part no worker
/// has started. A pool whose workers never start (as when the other cores are busy for a
/// whole time slice) finishes its jobs on the caller alone, each index once; before session
/// 10 the caller waited for its workers' assigned parts, here forever. And on a real pool,
/// thousands of back-to-back jobs (the caller and the workers racing for parts, workers
/// arriving after a job has closed) still cover each index exactly once.
@Test func aJobDoesNotWaitForWorkersThatHaveNotCome() {
    let finished = DispatchSemaphore(value: 0)
    final class Outcome: @unchecked Sendable { var lateOK = true, racedOK = true }   // read after the semaphore
    let outcome = Outcome()
    let runner = Thread {
        let absent = WorkerPool(workers: 3, startsWorkers: false)
        let real = WorkerPool(workers: 3)
        for count in [2, 3, 4, 5, 97] {
            let hits = UnsafeMutablePointer<Int>.allocate(capacity: count)
            hits.initialize(repeating: 0, count: count)
            absent.forEachRange(count, work: WorkerPool.threshold) { r in for i in r { hits[i] += 1 } }
            if !(0..<count).allSatisfy({ hits[$0] == 1 }) { outcome.lateOK = false }
            for _ in 0..<1000 {
                real.forEachRange(count, work: WorkerPool.threshold) { r in for i in r { hits[i] += 1 } }
            }
            if !(0..<count).allSatisfy({ hits[$0] == 1001 }) { outcome.racedOK = false }
            hits.deallocate()
        }
        finished.signal()
    }
    runner.start()
    let onTime = finished.wait(timeout: .now() + 60) == .success
    #expect(onTime, "a pool without workers did not finish its jobs within 60 s: the caller waits for absent workers")
    #expect(!onTime || outcome.lateOK, "the caller alone did not cover each index once")
    #expect(!onTime || outcome.racedOK, "racing for parts, some index was run twice or never")
}

/// OpenBLAS runs on one thread unless OPENBLAS_NUM_THREADS or OMP_NUM_THREADS ask otherwise,
/// CAJAL_THREADS=1 included (it once left OpenBLAS its own threads, spinning beside the caller).
@Test func openBLASRunsOnOneThreadUnlessAskedOtherwise() {
    #expect(WorkerPool.openBLASThreads(environment: [:]) == 1)
    #expect(WorkerPool.openBLASThreads(environment: ["CAJAL_THREADS": "1"]) == 1)
    #expect(WorkerPool.openBLASThreads(environment: ["CAJAL_THREADS": "2"]) == 1)
    #expect(WorkerPool.openBLASThreads(environment: ["OPENBLAS_NUM_THREADS": "2"]) == nil)
    #expect(WorkerPool.openBLASThreads(environment: ["CAJAL_THREADS": "1", "OMP_NUM_THREADS": "2"]) == nil)
    #expect(WorkerPool.openBLASThreads(environment: ["OPENBLAS_NUM_THREADS": ""]) == 1)
}

@Test func theStorageCacheKeepsAtMostItsBudget() {
    // Five buffers of 16 MiB (plus a float, a size no other test uses) freed one after another:
    // the 64 MiB budget keeps at most four of them, whatever else the cache holds.
    let n = (16 << 20) / 4 + 1
    let buffers = (0..<5).map { _ in StorageCache.allocate(n) }
    for p in buffers { StorageCache.release(p, n) }
    let kept = StorageCache.state.withLock { $0.kept(n) }
    #expect(kept <= 4)
    #expect(StorageCache.state.withLock { $0.cachedBytes } <= StorageCache.budget)
    for _ in 0..<kept { UnsafeMutableRawPointer(StorageCache.allocate(n)).deallocate() }  // give them back
}

/// A buffer still held is never handed out again, and what it holds stays as written, while
/// buffers of its size go round through the cache.
@Test func theStorageCacheNeverHandsOutABufferInUse() throws {
    let n = 12_421   // an odd size no other test allocates
    var held = try (0..<100).map { i in try Tensor.filled([n], Float(i), op: "test") }
    held.removeLast(60)   // 60 buffers go back; 40 are still held
    let address = { (t: Tensor) in UInt(bitPattern: t.base) }
    let kept = Set(held.map(address))
    let again = try (0..<80).map { _ in try Tensor.filled([n], -1, op: "test") }
    let fresh = Set(again.map(address))
    #expect(fresh.count == 80 && fresh.isDisjoint(with: kept))
    for (i, t) in held.enumerated() { #expect(t.toArray().allSatisfy { $0 == Float(i) }) }
    #expect(again.allSatisfy { $0.toArray().allSatisfy { $0 == -1 } })
}

/// Jobs run back to back complete, each index once, whether the worker is asleep when they
/// start (it slept through a pause after an earlier job), never comes (a pool whose workers
/// never start), or the job is cut into more pieces than threads (`pieces:`, as
/// lstm_sequence's recurrence is); and after them the pool still runs jobs.
@Test func jobsCutIntoPiecesCompleteWithTheWorkerAsleepOrAbsent() {
    let finished = DispatchSemaphore(value: 0)
    final class Outcome: @unchecked Sendable { var failures: [String] = [] }   // read after the semaphore
    let outcome = Outcome()
    let runner = Thread {
        let asleep = WorkerPool(workers: 1), absent = WorkerPool(workers: 1, startsWorkers: false)
        let count = 97
        let hits = UnsafeMutablePointer<Int>.allocate(capacity: count)
        defer { hits.deallocate() }
        for (name, pool) in [("asleep", asleep), ("absent", absent)] {
            for pieces in [nil, 2, 8, 200] {
                hits.initialize(repeating: 0, count: count)
                pool.forEachRange(count, work: WorkerPool.threshold) { r in for i in r { hits[i] += 1 } }
                Thread.sleep(forTimeInterval: 0.02)   // the worker is past its spin: asleep
                let jobs = pool.splitJobs.load(ordering: .relaxed)
                for _ in 0..<200 {
                    pool.forEachRange(count, work: WorkerPool.threshold, pieces: pieces) { r in
                        for i in r { hits[i] += 1 }
                    }
                }
                pool.forEachRange(count, work: WorkerPool.threshold) { r in for i in r { hits[i] += 1 } }
                if !(0..<count).allSatisfy({ hits[$0] == 202 }) {
                    outcome.failures.append("\(name), \(pieces.map(String.init) ?? "default") pieces: an index ran other than 202 times")
                }
                if pool.splitJobs.load(ordering: .relaxed) - jobs != 201 {
                    outcome.failures.append("\(name), \(pieces.map(String.init) ?? "default") pieces: jobs ran serially")
                }
            }
        }
        finished.signal()
    }
    runner.start()
    let onTime = finished.wait(timeout: .now() + 60) == .success
    #expect(onTime, "jobs cut into pieces did not finish within 60 s")
    #expect(!onTime || outcome.failures.isEmpty, "\(outcome.failures)")
}

