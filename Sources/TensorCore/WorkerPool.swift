// WorkerPool: both cores for the big memory-bound passes — im2col and col2im, pooling,
// elementwise maps and per-row reductions over large tensors. One small persistent pool: the
// calling thread plus (cores − 1, at most 3) workers started on first use. A pass is split into
// contiguous parts over independent outputs, so every output is computed by the same code in
// the same order as the serial loop: results are bit-identical whether or not the pool runs.
//
// The pool is the process's one team of threads: when it has workers, OpenBLAS runs on one
// thread (unless OPENBLAS_NUM_THREADS or OMP_NUM_THREADS is set). Two teams on the same cores
// cost more than OpenBLAS's threads bring: its idle worker spins on sched_yield through the
// pool's passes, the pool's worker had to sleep between passes so as not to spin through
// OpenBLAS's GEMMs, and a LeNet step took a third more CPU than on one thread, in 590 context
// switches (docs/performance.md, session 8). With OpenBLAS's threads asked for, the pool
// never overlaps them: a pass runs between two sgemm calls on the interpreter's thread, and
// its workers go to sleep after a spin of a few microseconds. The pool also splits the large
// GEMMs themselves where that keeps the bits (`splitsGEMMs`), so both cores work on them too.
// CAJAL_THREADS=1 (or OPENBLAS_NUM_THREADS=1 alone) runs everything on the calling thread.
//
// A job's parts are taken, not assigned: the caller runs the first part, then takes every
// part no worker has started, and waits only for parts already running. On a machine where
// the other cores are busy, a worker can take a whole time slice (milliseconds) to wake; with
// parts assigned, the caller then waited for it and the split pass took longer than running
// it alone. Now two threads are never slower than one by more than the wake-up call.
import Foundation
import Synchronization

/// The pool that splits large passes over the cores (see the file comment).
final class WorkerPool: @unchecked Sendable {
    /// The process's pool: workers = min(cores, 4) − 1, none when OPENBLAS_NUM_THREADS,
    /// OMP_NUM_THREADS or CAJAL_THREADS ask for one thread.
    static let shared: WorkerPool = {
        let workers = defaultWorkerCount()
        // One team of threads: OpenBLAS on one thread beside the pool, unless the environment
        // asks OpenBLAS for threads of its own (OPENBLAS_NUM_THREADS=2 gives the old setup:
        // OpenBLAS's threads for the GEMMs, the pool for the rest, no split).
        let blasThreads = openBLASThreads(environment: ProcessInfo.processInfo.environment)
        let split = workers > 0 && blasThreads != nil && defaultSplitsGEMMs()
        if let blasThreads { setBLASThreadCount(blasThreads) }
        return WorkerPool(workers: workers, splitGEMMs: split)
    }()

    /// The thread count the pool gives OpenBLAS at start: one, whether the pool has workers
    /// (one team of threads) or not (CAJAL_THREADS=1: everything on the calling thread), or
    /// nil to leave it when OPENBLAS_NUM_THREADS or OMP_NUM_THREADS ask OpenBLAS for threads
    /// of its own. (Until session 10 only a pool with workers set it, so CAJAL_THREADS=1 left
    /// OpenBLAS its two threads: 31,000–44,000 involuntary context switches in 300 steps of
    /// lstm_b32_seq, its idle thread spinning against the caller.)
    static func openBLASThreads(environment env: [String: String]) -> Int? {
        let blasAsked = ["OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS"].contains { !(env[$0] ?? "").isEmpty }
        return blasAsked ? nil : 1
    }

    /// OpenBLAS's thread count when the pool started (1 when the pool splits GEMMs): the most
    /// `setComputeThreads` gives it back.
    let blasThreadsAtStart = blasThreadCount()

    /// True when large GEMMs are split over the pool (`sgemm` and `GEMMSplit` in BLAS.swift):
    /// OpenBLAS on one thread and both cores on the GEMMs, one team of threads. On by default
    /// where the cut keeps the bits (OpenBLAS's SkylakeX kernel, the one `cajal` picks on an
    /// AVX-512 CPU: `GEMMSplit` gives the source lines); `CAJAL_SPLIT_GEMM=0` turns it off.
    /// Elsewhere the GEMMs run on the calling thread alone (OpenBLAS still on one thread).
    let splitsGEMMs: Bool
    /// How long (loads of the job counter) a worker, and a caller waiting for its workers,
    /// spin before they sleep: a few microseconds. Spinning 2¹⁷ loads after every pass of a
    /// LeNet step, the GEMMs on one thread, cost 30 ms of CPU per step at load 11 (6 ms with
    /// the short spin).
    let spinLimit: Int

    /// The fewest elements (or comparable units of work) a pass must touch before it is
    /// split: below this, waking a worker (a few microseconds) costs more than it saves.
    static let threshold = 1 << 15

    /// How many threads run a job: the caller and the workers.
    let parts: Int
    /// How many of them a job may use now (`setComputeThreads`), at most `parts`.
    let activeParts: Atomic<Int>

    private let generation = Atomic<Int>(0)
    /// The current job's next part to take, and how many of its parts are done.
    private let nextPart = Atomic<Int>(0)
    private let partsDone = Atomic<Int>(0)
    /// True while the current job's parts may be taken. A worker counts itself in `joined`
    /// before it looks (both sequentially consistent): once the caller has closed the job and
    /// seen `joined` at zero, no worker holds or will read the job.
    private let accepting = Atomic<Bool>(false)
    private let joined = Atomic<Int>(0)
    private let busy = Atomic<Bool>(false)
    private let started = Atomic<Bool>(false)
    /// False only in tests: a pool whose workers never come, as when every other core is busy.
    private let startsWorkers: Bool
    /// True inside `WorkerPool.$serial.withValue(true) { ... }`: every pass runs on the
    /// calling thread alone (tests compare the two; a task-local, so concurrent tests keep
    /// their pool).
    @TaskLocal static var serial = false
    /// The job being run (taking and running parts until none is left), written before
    /// `accepting` is set and read only by a worker that has joined and seen it set.
    private let job = UnsafeMutablePointer<(() -> Void)?>.allocate(capacity: 1)
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let wake = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    /// Signalled (under `mutex`) by the worker that finishes a job's last part, so the caller
    /// sleeps instead of spinning while a worker's part runs on a busy machine.
    private let done = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    /// Jobs that ran split, for tests (a pass above the threshold really does use the pool).
    let splitJobs = Atomic<Int>(0)
    /// Jobs that ran split inside `WorkerPool.$splitsSeen.withValue(counter) { ... }`, on any
    /// pool: a test's own count, which other tests using the shared pool meanwhile don't move.
    final class SplitCounter: Sendable {
        let jobs = Atomic<Int>(0)
        init() {}
    }
    @TaskLocal static var splitsSeen: SplitCounter? = nil

    init(workers: Int, splitGEMMs: Bool = false, startsWorkers: Bool = true) {
        parts = Swift.max(1, workers + 1)
        self.startsWorkers = startsWorkers
        splitsGEMMs = splitGEMMs && parts > 1
        spinLimit = 2000
        activeParts = Atomic(parts)
        job.initialize(to: nil)
        pthread_mutex_init(mutex, nil)
        pthread_cond_init(wake, nil)
        pthread_cond_init(done, nil)
    }

    static func defaultWorkerCount() -> Int {
        let env = ProcessInfo.processInfo.environment
        for key in ["CAJAL_THREADS", "OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS"] {
            if let v = env[key].flatMap({ Int($0.trimmingCharacters(in: .whitespaces)) }), v >= 1 {
                return Swift.min(v, 4) - 1
            }
        }
        return Swift.min(ProcessInfo.processInfo.activeProcessorCount, 4) - 1
    }

    /// Whether the shared pool splits GEMMs: unless `CAJAL_SPLIT_GEMM=0`, when OpenBLAS runs a
    /// kernel for which a cut keeps the bits (`GEMMSplit`). Asked when the pool starts, after
    /// `useFastBLASKernel` has chosen the kernel.
    static func defaultSplitsGEMMs() -> Bool {
        let off = ProcessInfo.processInfo.environment["CAJAL_SPLIT_GEMM"]?.trimmingCharacters(in: .whitespaces) == "0"
        return !off && blasCoreName() == "SkylakeX"
    }

    /// Runs `body` over `0..<count` split into at most `parts` contiguous ranges, one per
    /// thread (or `pieces` ranges, taken by the threads as they come), when `work` (elements
    /// touched) reaches `threshold`; otherwise `body(0..<count)`
    /// on the caller. Returns when every range is done. `body` must write disjoint outputs
    /// for disjoint ranges; which thread runs a range is not fixed (the caller takes the ranges
    /// no worker has started). A call made while the pool is busy (from a worker, or another
    /// thread) runs serially.
    func forEachRange(_ count: Int, work: Int, pieces: Int? = nil, _ body: (Range<Int>) -> Void) {
        let threads = activeParts.load(ordering: .relaxed)
        let n = Swift.min(threads > 1 ? Swift.max(pieces ?? threads, 1) : 1, count)
        guard n > 1, work >= WorkerPool.threshold, !WorkerPool.serial,
              busy.compareExchange(expected: false, desired: true, ordering: .acquiring).exchanged
        else {
            body(0..<count)
            return
        }
        defer { busy.store(false, ordering: .releasing) }
        startWorkers()
        splitJobs.add(1, ordering: .relaxed)
        WorkerPool.splitsSeen?.jobs.add(1, ordering: .relaxed)
        let range = { (i: Int) -> Range<Int> in (count * i / n)..<(count * (i + 1) / n) }
        withoutActuallyEscaping(body) { body in
            let runParts = { [self] in
                while case let i = nextPart.add(1, ordering: .relaxed).oldValue, i < n {
                    body(range(i))
                    if partsDone.add(1, ordering: .acquiringAndReleasing).newValue == n {
                        pthread_mutex_lock(mutex)
                        pthread_cond_broadcast(done)
                        pthread_mutex_unlock(mutex)
                    }
                }
            }
            job.pointee = runParts
            nextPart.store(0, ordering: .relaxed)
            partsDone.store(0, ordering: .relaxed)
            accepting.store(true, ordering: .sequentiallyConsistent)
            pthread_mutex_lock(mutex)
            generation.add(1, ordering: .releasing)
            pthread_cond_broadcast(wake)
            pthread_mutex_unlock(mutex)
            runParts()   // the first part, then every part no worker has taken
            // Only parts a worker is running are left: a short spin (they take about as long
            // as the caller's), then sleep until the last one signals: spinning here would hold
            // the core a worker needs.
            var spins = 0
            while partsDone.load(ordering: .acquiring) < n && spins < spinLimit { spins += 1 }
            if partsDone.load(ordering: .acquiring) < n {
                pthread_mutex_lock(mutex)
                while partsDone.load(ordering: .acquiring) < n { pthread_cond_wait(done, mutex) }
                pthread_mutex_unlock(mutex)
            }
            // Close the job; a worker that joined meanwhile finds no part left and leaves.
            accepting.store(false, ordering: .sequentiallyConsistent)
            while joined.load(ordering: .sequentiallyConsistent) > 0 { sched_yield() }
            job.pointee = nil
        }
    }

    private func startWorkers() {
        guard parts > 1, startsWorkers, started.compareExchange(expected: false, desired: true, ordering: .relaxed).exchanged else { return }
        // The generation before the first job: a worker that starts running after the job
        // was posted must still see it as new.
        let first = generation.load(ordering: .acquiring)
        for index in 1..<parts {
            let thread = Thread { [self] in self.workerLoop(index, seen: first) }
            thread.name = "cajal-pool-\(index)"
            thread.stackSize = 1 << 20
            thread.start()
        }
    }

    private func workerLoop(_ index: Int, seen first: Int) {
        var seen = first
        while true {
            // A short spin (back-to-back passes come within microseconds), then sleep: a
            // spinning worker would take a core from OpenBLAS's threads during the next GEMM.
            var spins = 0
            while generation.load(ordering: .acquiring) == seen && spins < spinLimit { spins += 1 }
            if generation.load(ordering: .acquiring) == seen {
                pthread_mutex_lock(mutex)
                while generation.load(ordering: .acquiring) == seen { pthread_cond_wait(wake, mutex) }
                pthread_mutex_unlock(mutex)
            }
            seen = generation.load(ordering: .acquiring)
            joined.add(1, ordering: .sequentiallyConsistent)
            if accepting.load(ordering: .sequentiallyConsistent) { runJob() }
            joined.subtract(1, ordering: .sequentiallyConsistent)
        }
    }

    /// Takes and runs the open job's parts; its hold on the job ends when this returns.
    @inline(never) private func runJob() { job.pointee?() }
}

/// `WorkerPool.shared.forEachRange`: the way the kernels split a pass.
@inline(__always) func parallelRanges(_ count: Int, work: Int, _ body: (Range<Int>) -> Void) {
    WorkerPool.shared.forEachRange(count, work: work, body)
}

/// Splits `n` elements into chunks that start at multiples of 64 (so a SIMD kernel sees every
/// element in the same lane as in one serial call) and calls `body(start, count)` for each,
/// over the cores when `n` is large.
@inline(__always) func parallelElements(_ n: Int, _ body: (Int, Int) -> Void) {
    let blocks = (n + 63) / 64
    parallelRanges(blocks, work: n) { r in
        let (start, end) = (r.lowerBound * 64, Swift.min(n, r.upperBound * 64))
        if end > start { body(start, end - start) }
    }
}

/// The threads the tensor kernels use: OpenBLAS's and the pool's (the pool is capped at its
/// own size). `setComputeThreads(1)` makes every kernel run on the calling thread, for
/// one-thread measurements in the same process as default-thread ones.
public var computeThreads: Int {
    let pool = WorkerPool.shared
    return Swift.max(blasThreadCount(), pool.activeParts.load(ordering: .relaxed))
}

/// Sets the threads of OpenBLAS and of the pool (see `computeThreads`), each at most what it
/// had at start: with `OPENBLAS_NUM_THREADS=1 CAJAL_THREADS=2`, or when the pool splits GEMMs,
/// OpenBLAS stays on one thread.
public func setComputeThreads(_ n: Int) {
    setBLASThreadCount(Swift.min(n, WorkerPool.shared.blasThreadsAtStart))
    WorkerPool.shared.activeParts.store(Swift.max(1, Swift.min(n, WorkerPool.shared.parts)), ordering: .relaxed)
}

/// Tensor buffers of 1 KiB and more handed out since the process started: `reused` from the
/// storage cache, `fresh` from malloc. A steady training step allocates no fresh ones.
public func tensorStorageCounts() -> (reused: Int, fresh: Int) { StorageCache.counts }
