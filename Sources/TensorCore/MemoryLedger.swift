// MemoryLedger: one session's account of memory, and its budget. The grader's `memory:` limit
// (and `cajal run --memory`) is a budget on what one interpreter keeps alive: the tensor
// storage its runs allocated, and the bytes of its own strings, lists and records as its
// collector last counted them. It used to be one count and one ceiling for the whole process,
// so under Swift Testing's parallel suites another test's tensors counted against a grading
// run, two budgets overwrote each other, and a crossing raised the interrupt flag every
// interpreter polls. Now each interpreter has its ledger:
//
// - The interpreter installs its ledger on the thread that runs a program (`charging`), for
//   as long as it runs. `TensorStorage` charges each new buffer to the ledger installed on
//   the allocating thread (one thread-local read, `pthread_getspecific`, and one atomic add:
//   no lock, no reference count) and keeps its address, so the buffer credits the same ledger
//   when it is freed, later or on another thread. The worker pool's threads have no ledger
//   installed and allocate nothing: they compute into buffers the calling thread allocated
//   (WorkerPool.swift). Storage made with no ledger installed (a host building tensors
//   between runs) is charged to none.
// - Ledgers are never freed, so that address stays good without a retain per buffer: `make`
//   hands out a ledger its owner closed (`close`) once every buffer charged to it is freed,
//   else a new one. A process has about as many as it ever had sessions alive at once.
// - The heap reports its objects' bytes after each collection to its own ledger.
// - A crossing of the budget calls the ledger's `onCrossed` on the charging thread, which is
//   the running interpreter's own thread: the VM asks itself for a safe point there, and no
//   other interpreter sees it.
//
// The counts are of bytes the program made, so the same program stops at the same point on
// any machine and beside any other work in the process.
import Foundation
import Synchronization

/// One session's live bytes (its tensor storage and its heap's objects) and its memory budget.
public final class MemoryLedger: @unchecked Sendable {
    /// Tensor storage charged here and not yet freed.
    private let tensorLive = Atomic<Int>(0)
    /// The session's strings, lists and records, as its heap last counted them.
    private let heapLive = Atomic<Int>(0)
    /// The total past which the budget is crossed (Int.max: no budget).
    private let ceiling = Atomic<Int>(Int.max)
    /// The budget's size in bytes (for messages and for the one-request check).
    private let budgetBytes = Atomic<Int>(0)
    /// Set when the budget was exceeded; read and cleared by `endBudget`.
    private let overBudget = Atomic<Bool>(false)
    /// Set when a charge crossed the ceiling: the interpreter collects garbage at its next
    /// safe point and then asks `stillOverBudget`.
    private let pressure = Atomic<Bool>(false)

    /// Called on the charging thread when a charge crosses the budget (once until
    /// `takePressure`). Set once by the owner before the ledger is used; the interpreter asks
    /// itself for a safe point here.
    public var onCrossed: (() -> Void)?
    /// True from `make` to `close` (guarded by `pool`'s lock).
    private var inUse = true
    /// True while a budget is on (counted once in `budgets`).
    private let hasBudget = Atomic<Bool>(false)

    private init() {}

    /// Every ledger made, never freed (see the file comment).
    private static let pool = Mutex<[MemoryLedger]>([])
    /// Ledgers with a budget on: while there are none, a size check does not look for the
    /// thread's ledger at all.
    private static let budgets = Atomic<Int>(0)

    /// A ledger for a new owner, with nothing charged to it and no budget: one a former owner
    /// closed and whose buffers are all freed, or a new one.
    public static func make() -> MemoryLedger {
        pool.withLock { ledgers in
            if let free = ledgers.first(where: { !$0.inUse && $0.tensorBytes == 0 }) {
                free.inUse = true
                return free
            }
            let ledger = MemoryLedger()
            ledgers.append(ledger)
            return ledger
        }
    }

    /// The owner is done with this ledger (and will install it no more): its budget ends and
    /// its callback is dropped. Buffers still charged to it credit it when freed; then `make`
    /// may hand it to another owner.
    public func close() {
        endBudget()
        onCrossed = nil
        heapLive.store(0, ordering: .relaxed)
        Self.pool.withLock { _ in inUse = false }
    }

    /// Tensor storage charged to this ledger and alive now.
    public var tensorBytes: Int { tensorLive.load(ordering: .relaxed) }

    /// The owner's objects, as its collector last counted them.
    public var heapBytes: Int { heapLive.load(ordering: .relaxed) }

    /// Everything the budget counts.
    public var totalBytes: Int { tensorLive.load(ordering: .relaxed) &+ heapLive.load(ordering: .relaxed) }

    // MARK: charging

    @inline(__always) func charge(_ bytes: Int) {
        let now = tensorLive.add(bytes, ordering: .relaxed).newValue &+ heapLive.load(ordering: .relaxed)
        if now > ceiling.load(ordering: .relaxed) { crossedCeiling() }
    }

    @inline(__always) func credit(_ bytes: Int) {
        tensorLive.subtract(bytes, ordering: .relaxed)
    }

    /// The heap's report, after a collection, of how much its live objects grew (or shrank)
    /// since its last report. Growth past the ceiling counts as a charge crossing it.
    public func heapBytesChanged(by delta: Int) {
        let now = heapLive.add(delta, ordering: .relaxed).newValue &+ tensorLive.load(ordering: .relaxed)
        if delta > 0 && now > ceiling.load(ordering: .relaxed) { crossedCeiling() }
    }

    @inline(never) private func crossedCeiling() {
        guard !pressure.exchange(true, ordering: .relaxed) else { return }
        onCrossed?()
    }

    /// The budget in bytes when one request of `bytes` is more than all of the budget of the
    /// ledger installed on this thread (that budget is then marked exceeded); nil when there
    /// is no such ledger or budget, or the request fits.
    @inline(__always) static func currentRefuses(_ bytes: Int) -> Int? {
        guard budgets.load(ordering: .relaxed) > 0, let p = pthread_getspecific(key) else { return nil }
        return Unmanaged<MemoryLedger>.fromOpaque(p)._withUnsafeGuaranteedRef { $0.refuses(bytes) }
    }

    private func refuses(_ bytes: Int) -> Int? {
        guard ceiling.load(ordering: .relaxed) != Int.max else { return nil }
        let budget = budgetBytes.load(ordering: .relaxed)
        guard bytes > budget else { return nil }
        overBudget.store(true, ordering: .relaxed)
        return budget
    }

    // MARK: the budget

    /// Starts a budget: from now on at most `bytes` more live bytes than this ledger counts
    /// now. A charge that crosses it calls `onCrossed`; a size check (`MemoryLimit.check`) on
    /// a thread where this ledger is installed throws, before anything is allocated, for one
    /// request of more than the whole budget.
    public func beginBudget(_ bytes: Int) {
        if !hasBudget.exchange(true, ordering: .relaxed) { Self.budgets.add(1, ordering: .relaxed) }
        overBudget.store(false, ordering: .relaxed)
        pressure.store(false, ordering: .relaxed)
        budgetBytes.store(bytes, ordering: .relaxed)
        let (c, o) = totalBytes.addingReportingOverflow(bytes)
        ceiling.store(o ? Int.max : c, ordering: .relaxed)
    }

    /// The budget's size in bytes when it was exceeded (without ending it), else nil.
    public var exceededBudget: Int? {
        overBudget.load(ordering: .relaxed) ? budgetBytes.load(ordering: .relaxed) : nil
    }

    /// Ends the budget; true when it was exceeded.
    @discardableResult
    public func endBudget() -> Bool {
        if hasBudget.exchange(false, ordering: .relaxed) { Self.budgets.subtract(1, ordering: .relaxed) }
        ceiling.store(Int.max, ordering: .relaxed)
        pressure.store(false, ordering: .relaxed)
        return overBudget.exchange(false, ordering: .relaxed)
    }

    /// True (once) when a charge crossed the budget since the last call.
    public func takePressure() -> Bool {
        pressure.load(ordering: .relaxed) && pressure.exchange(false, ordering: .relaxed)
    }

    /// After a garbage collection: true, and the budget marked exceeded, when the live bytes
    /// are still past it.
    public func stillOverBudget() -> Bool {
        guard totalBytes > ceiling.load(ordering: .relaxed) else { return false }
        overBudget.store(true, ordering: .relaxed)
        return true
    }

    // MARK: the thread's ledger

    /// The thread-local slot that holds the installed ledger (unretained: ledgers are never
    /// freed).
    private static let key: pthread_key_t = {
        var key = pthread_key_t()
        precondition(pthread_key_create(&key, nil) == 0, "no thread-local key for the memory ledger")
        return key
    }()

    /// The ledger installed on the calling thread, if any.
    public static var current: MemoryLedger? {
        guard let p = pthread_getspecific(key) else { return nil }
        return Unmanaged<MemoryLedger>.fromOpaque(p).takeUnretainedValue()
    }

    /// TensorStorage's charge of a new buffer of `bytes` to the ledger installed on this
    /// thread; the ledger's address (nil: none), for `released`.
    @inline(__always) static func allocated(_ bytes: Int) -> UnsafeMutableRawPointer? {
        guard let p = pthread_getspecific(key) else { return nil }
        Unmanaged<MemoryLedger>.fromOpaque(p)._withUnsafeGuaranteedRef { $0.charge(bytes) }
        return p
    }

    /// TensorStorage's credit of a freed buffer of `bytes` to the ledger `allocated` charged.
    @inline(__always) static func released(_ bytes: Int, from ledger: UnsafeMutableRawPointer?) {
        guard let p = ledger else { return }
        Unmanaged<MemoryLedger>.fromOpaque(p)._withUnsafeGuaranteedRef { $0.credit(bytes) }
    }

    /// Runs `body` with this ledger installed on the calling thread: tensor storage allocated
    /// on this thread meanwhile is charged to it, and size checks answer to its budget. The
    /// ledger installed before (if any) is installed again afterwards.
    public func charging<R>(_ body: () throws -> R) rethrows -> R {
        let mine = Unmanaged.passUnretained(self).toOpaque()
        let previous = pthread_getspecific(Self.key)
        if previous == mine { return try body() }
        pthread_setspecific(Self.key, mine)
        defer { pthread_setspecific(Self.key, previous) }
        return try body()
    }
}
