// SideLane: work off the critical path on the pool's worker. The backward sweep hands it the
// leaf-gradient sums (a weight's `grad += xᵀ·g` at every time step of an LSTM, a layer's
// weight gradient in an MLP), which nothing reads until the sweep ends, and goes on down the
// chain of gradients that the next op needs. In a learner's LSTM step the chain is small
// dependent ops, so the second core otherwise idles.
//
// Jobs run one at a time in the order given, each entirely on one thread: the same operations
// in the same order as the serial sweep, on the same data, so the same bits (a thread does not
// change a float's rounding; no job is split or reordered, and `Tensor.addProduct`'s beta = 1
// accumulation keeps its proof, which depends on the GEMM's arguments only). Jobs are taken,
// not assigned: the worker takes them while it is free, and `close` runs on the caller every
// job no worker has started, then waits only for the one running. A job never uses the pool
// itself (`WorkerPool.serial` is set while the worker runs one): the caller's own split passes
// take every part the busy worker does not. CAJAL_THREADS=1, a one-thread pool
// (`setComputeThreads(1)`) or `WorkerPool.serial` open no lane, and the caller runs the work
// inline.
import Foundation
import Synchronization

/// An open side lane: jobs submitted run in order, off the caller's thread when the pool's
/// worker is free, all finished when `close` returns. One lane is open at a time in the
/// process (a second `open` returns nil: its caller runs its jobs inline).
///
/// A job must touch only what no one else touches until `close`: the caller must neither
/// read nor write a job's results (nor anything a job writes) before `close`. The closure
/// keeps every tensor it captures alive until it ran.
public final class SideLane {
    private let pool: WorkerPool
    /// This task's probe when the lane opened, and the counts it is given at `close`.
    private let probe: LaneProbe?
    private var submitted = 0
    private let workerRunsAtOpen: Int

    private init(_ pool: WorkerPool) {
        self.pool = pool
        probe = SideLane.probe
        workerRunsAtOpen = pool.lane.ranOnWorker.load(ordering: .relaxed)
    }

    /// For tests: lanes opened inside `SideLane.$probe.withValue(p) { ... }` report to `p`
    /// when they close (the lane is the process's, so a test cannot otherwise tell whether its
    /// own sweep used it).
    @TaskLocal static var probe: LaneProbe?

    /// The fewest multiply-adds a product, or elements a reduction or sum, must take before
    /// the sweep hands it to the lane: below this the hand-off (a closure, a lock, perhaps
    /// waking the worker: 1–3 µs) costs about what the job saves. `CAJAL_SIDE_LANE=N` sets it
    /// (for measuring), `CAJAL_SIDE_LANE=0` turns the lane off.
    public static let minimumWork: Int = {
        let setting = ProcessInfo.processInfo.environment["CAJAL_SIDE_LANE"].flatMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        return setting.map { $0 <= 0 ? Int.max : $0 } ?? (1 << 14)
    }()

    /// True when an [m, k] @ [k, n] product is large enough for `sgemm` to split it over the
    /// pool's threads: on the sweep's thread it takes both cores, on the lane (where nothing
    /// is split) one. The sweep keeps such a product on its own thread.
    public static func productSplits(m: Int, n: Int, k: Int) -> Bool {
        let pool = WorkerPool.shared
        return pool.splitsGEMMs && gemmSplit(m: m, n: n, k: k, parts: pool.activeParts.load(ordering: .relaxed)) != nil
    }

    /// A lane on the shared pool, or nil when the work should run inline: the pool has no
    /// worker (CAJAL_THREADS=1), a one-thread setting, `WorkerPool.serial`, or another lane
    /// is open.
    public static func open() -> SideLane? {
        let pool = WorkerPool.shared
        guard minimumWork != Int.max, pool.activeParts.load(ordering: .relaxed) > 1, !WorkerPool.serial, pool.lane.claim()
        else { return nil }
        return SideLane(pool)
    }

    /// The work (as `minimumWork` counts it) queued before the worker is woken: a batch of
    /// jobs per wake-up call rather than one, as nothing waits for them before `close`. Each
    /// call costs the submitting thread a system call and both threads a context switch; one
    /// per job was 200 switches per step of a learner's LSTM.
    public static let wakeWork = 1 << 20

    /// Queues `job`, which does about `work` multiply-adds or elements, after every job
    /// submitted before it. When a job throws, the jobs after it do not run, and `close` throws
    /// that first error (a serial run would have stopped there).
    public func submit(work: Int, _ job: @escaping () throws -> Void) {
        submitted += 1
        if pool.lane.append(job, work: work, wakeAt: SideLane.wakeWork) { pool.wakeForLane() }
    }

    /// Runs every job not yet started on the calling thread, waits for the one running, and
    /// releases the lane; rethrows the first job's error. Call it on every exit of the
    /// caller's work (an error, an interrupt, a memory limit) before anything a job wrote is
    /// read.
    public func close() throws {
        defer {
            if let probe {
                let onWorker = pool.lane.ranOnWorker.load(ordering: .relaxed) - workerRunsAtOpen
                probe.closed(jobs: submitted, onWorker: onWorker)
            }
        }
        try pool.lane.finish()
    }
}

/// What the lanes a test opened did (`SideLane.probe`).
final class LaneProbe: @unchecked Sendable {
    private let counts = Mutex((lanes: 0, jobs: 0, onWorker: 0))
    /// Lanes closed, jobs submitted to them, and how many of those the worker ran.
    var totals: (lanes: Int, jobs: Int, onWorker: Int) { counts.withLock { $0 } }

    func closed(jobs: Int, onWorker: Int) {
        counts.withLock { $0 = ($0.lanes + 1, $0.jobs + jobs, $0.onWorker + onWorker) }
    }
}

/// The lane's queue (one per pool; `SideLane` is the way in). A mutex guards the jobs, the
/// flags and the first error; `running` makes the jobs run one at a time.
final class LaneQueue: @unchecked Sendable {
    /// Queued jobs from `head` on; a taken job's slot is cleared, so the tensors it holds go
    /// when it ran, not when the lane closes.
    private var jobs: [(() throws -> Void)?] = []
    private var head = 0
    /// A job is running (on the worker or the closing caller).
    private var running = false
    /// The worker is in `drain`: an appended job will be seen without a wake-up call.
    private var workerDraining = false
    private var failure: (any Error)?
    /// Work queued since the worker was last woken or seen draining.
    private var unannounced = 0
    /// True while a lane is open.
    private let owned = Atomic<Bool>(false)
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    /// Signalled (under `mutex`) each time a job finishes.
    private let finished = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    /// Jobs run by the worker, for tests (the lane really does run off the caller's thread).
    let ranOnWorker = Atomic<Int>(0)

    init() {
        pthread_mutex_init(mutex, nil)
        pthread_cond_init(finished, nil)
    }

    func claim() -> Bool { owned.compareExchange(expected: false, desired: true, ordering: .acquiring).exchanged }

    /// Queues a job of `work`; true when the worker must be woken: it is not draining, and the
    /// work queued since it last was has reached `wakeAt`.
    func append(_ job: @escaping () throws -> Void, work: Int, wakeAt: Int) -> Bool {
        pthread_mutex_lock(mutex)
        jobs.append(job)
        var wake = false
        if workerDraining {
            unannounced = 0
        } else {
            unannounced += work
            wake = unannounced >= wakeAt
            if wake { unannounced = 0 }
        }
        pthread_mutex_unlock(mutex)
        return wake
    }

    /// The next job, marked running; nil when none is queued or one is running. After a
    /// failure the queued jobs are dropped instead. Under `mutex`.
    private func take() -> (() throws -> Void)? {
        guard !running, head < jobs.count else { return nil }
        if failure != nil {
            for i in head..<jobs.count { jobs[i] = nil }
            head = jobs.count
            return nil
        }
        let job = jobs[head]
        jobs[head] = nil
        head += 1
        running = true
        return job
    }

    /// Runs `job` outside the lock, then marks it done and returns holding the lock.
    private func run(_ job: () throws -> Void) {
        var error: (any Error)?
        do { try job() } catch let e { error = e }
        pthread_mutex_lock(mutex)
        if failure == nil { failure = error }
        running = false
        pthread_cond_broadcast(finished)
    }

    /// The worker's side: runs queued jobs until none is left (or the closing caller runs
    /// one), without splitting any of them over the pool.
    func drain() {
        pthread_mutex_lock(mutex)
        guard !workerDraining, !running, head < jobs.count else {
            pthread_mutex_unlock(mutex)
            return
        }
        workerDraining = true
        WorkerPool.$serial.withValue(true) {
            while let job = take() {
                pthread_mutex_unlock(mutex)
                run(job)   // returns holding the lock
                ranOnWorker.add(1, ordering: .relaxed)
            }
        }
        workerDraining = false
        pthread_mutex_unlock(mutex)
    }

    /// The closing caller's side: runs every job not yet started, waits for the running one,
    /// resets the queue and releases the lane; throws the first job's error.
    func finish() throws {
        pthread_mutex_lock(mutex)
        while head < jobs.count || running {
            if let job = take() {
                pthread_mutex_unlock(mutex)
                run(job)
            } else if running {
                pthread_cond_wait(finished, mutex)
            }
        }
        jobs.removeAll(keepingCapacity: true)
        head = 0
        unannounced = 0
        let error = failure
        failure = nil
        pthread_mutex_unlock(mutex)
        owned.store(false, ordering: .releasing)
        if let error { throw error }
    }
}
