// Limits: a per-session step budget. A step is one loop turn (while, for) or one call — the
// places where the VM also polls for Ctrl-C — so the budget costs one decrement there. The
// grader sets it before each run; a session without a budget never counts down to zero.
// Beside it, a memory budget in bytes: the live tensor storage, strings, lists and records a run
// may add, counted on the session's own ledger (TensorCore's MemoryLedger; the heap reports its
// objects after each collection), so nothing another session or thread holds counts. A
// crossing stops only this session: the ledger tells the VM on its own thread, which asks
// itself for a safe point through the step counter (`requestSafePoint`), not through the
// process's interrupt flag that every interpreter polls.
// A host may also ask one session, from another thread, to stop (`requestStop`: the grader's
// time and output limits). That request is the VM's own (`StopRequest`), counted in the word
// the tick already reads with Ctrl-C (CInterrupt's attention word), so it costs the ticks
// nothing, reaches the slow path at the next loop edge or call without another thread writing
// the step counter, and stops only the VM it was made of; Ctrl-C stays the process's.
import CInterrupt
import Foundation
import TensorCore

/// A request, from any thread, that one VM stop its run at its next loop edge or call. The
/// flag is this VM's; raising it also counts one request in CInterrupt's attention word, which
/// every VM's `tick` reads with Ctrl-C in its one load, so this VM reaches `mustStop` at once
/// (no other thread touches its `stepsLeft`). Other VMs reach theirs too while a request is
/// pending (until it is answered or withdrawn), find their own flag clear, and go on.
final class StopRequest: @unchecked Sendable {
    private let flag = UnsafeMutablePointer<CInt>.allocate(capacity: 1)
    private let lock = NSLock()
    private var message = ""

    init() { flag.initialize(to: 0) }

    deinit {
        cajal_withdraw_stop(flag)  // a request nobody answered must not stay counted
        flag.deallocate()
    }

    /// Asks for a stop that ends the run with `message`; a pending request keeps its own.
    func raise(_ message: String) {
        lock.withLock { if cajal_request_stop(flag) != 0 { self.message = message } }
    }

    /// True while a request is pending (one atomic load; `mustStop` only).
    var pending: Bool { cajal_stop_requested(flag) != 0 }

    /// Clears the request; its message if one was pending.
    func take() -> String? {
        lock.withLock { cajal_withdraw_stop(flag) != 0 ? message : nil }
    }
}

extension VM {
    /// Counts one step; true when the run must stop (the budget is spent, Ctrl-C, or a stop
    /// asked of this VM). The attention word is nonzero for Ctrl-C and while any VM's stop
    /// request is pending; `mustStop` sorts out whose.
    @inline(__always) func tick() -> Bool {
        stepsLeft &-= 1
        return (stepsLeft < 0 || cajal_attention_pending() != 0) && mustStop()
    }

    /// Makes the next `tick` take its slow path (`mustStop`), at no cost to the ticks: the
    /// steps left wait in `stepsHeld` and the counter reads -1 until then. Called on the VM's
    /// own thread (by the ledger, when a charge crosses the memory budget).
    func requestSafePoint() {
        guard stepsHeld == nil else { return }
        stepsHeld = stepsLeft
        stepsLeft = -1
    }

    /// Puts back the steps held by `requestSafePoint`, less the ticks taken since (each took
    /// one from -1).
    @inline(__always) func restoreHeldSteps() {
        guard let held = stepsHeld else { return }
        stepsLeft = held &+ 1 &+ stepsLeft
        stepsHeld = nil
    }

    /// The step count without a pending safe point's -1.
    var stepsRemaining: Int {
        get { stepsHeld.map { $0 &+ 1 &+ stepsLeft } ?? stepsLeft }
        set {
            if stepsHeld != nil { stepsHeld = newValue; stepsLeft = -1 } else { stepsLeft = newValue }
        }
    }

    /// The slow half of `tick`: true unless only a garbage collection, or another VM's stop,
    /// was asked for. When the
    /// session's live bytes cross its memory budget, tensors the program dropped are still
    /// counted until the collector frees them, so collect (every register of the running
    /// frames is a root, which keeps a little more than needed) and stop only if the count is
    /// still past the budget.
    @inline(never) func mustStop() -> Bool {
        restoreHeldSteps()
        guard stepsLeft >= 0 else { return true }
        if heap.ledger.takePressure() {
            if depth > 0 {
                let top = frames[depth]
                collectGarbage(liveTop: top.base + Int(top.code.registerCount))
                // The collection's report may have crossed again and asked for a safe point:
                // this is it.
                restoreHeldSteps()
                _ = heap.ledger.takePressure()
            }
            if heap.ledger.stillOverBudget() { return true }
        }
        return stopRequest.pending || cajal_interrupt_pending() != 0
    }

    /// The error for a stop that `tick` asked for.
    func stopped() -> VMError {
        restoreHeldSteps()
        if stepsLeft >= 0, let budget = heap.ledger.exceededBudget {
            return VMError(.interrupted, "memory limit exceeded (\(MemoryLimit.byteString(Double(budget)))): the tensors, lists and strings kept alive need more",
                           hint: "keep fewer or smaller values alive: let big ones you no longer need go")
        }
        guard stepsLeft < 0 else {
            // A stop asked of this VM is answered here; a Ctrl-C pending beside it is left for
            // the next tick (or its host) to take.
            if let why = stopRequest.take() { return VMError(.interrupted, why) }
            return interrupted()
        }
        let budget = stepBudget.map(String.init) ?? "?"
        return VMError(.runtimeError, "step limit exceeded (\(budget) loop turns and calls)",
                       hint: "an endless loop, runaway recursion, or far more work than the task needs")
    }
}

extension Interpreter {
    /// The most loop turns and calls the following runs may take, counted from when it is set;
    /// nil (the default) for no limit. After "step limit exceeded", set it again to go on.
    public var stepBudget: Int? {
        get { vm.stepBudget }
        set {
            vm.stepBudget = newValue
            vm.stepsRemaining = newValue ?? Int.max
        }
    }

    /// Steps taken since `stepBudget` was last set (0 when there is no budget).
    public var stepsTaken: Int {
        guard let b = vm.stepBudget else { return 0 }
        return b - vm.stepsRemaining
    }
}

extension Interpreter {
    /// Asks this session's run to stop at its next loop edge or call, with an `interrupted`
    /// error located there whose message is `message` (the grader's "time limit exceeded …").
    /// Safe from any thread (the grader's watchdog calls it from its own); it stops this
    /// session only, never another one in the process, and is not Ctrl-C. The request waits
    /// for the next run when none is running: withdraw it when the watched run ends first.
    public func requestStop(_ message: String) {
        vm.stopRequest.raise(message)
    }

    /// Withdraws a stop asked for by `requestStop` that no run answered; true if one was pending.
    @discardableResult
    public func withdrawStopRequest() -> Bool {
        vm.stopRequest.take() != nil
    }

    /// Starts a budget of `bytes` more live bytes than this session holds now (its tensor
    /// storage and its heap's objects, on its own ledger), for the runs that follow until
    /// `endMemoryBudget`. One request for more than the whole budget is an error at once
    /// ("memory limit exceeded: …", located at the call that asked); an allocation that
    /// crosses it asks this session's VM for a safe point, where at its next loop edge or call
    /// it collects garbage and stops if the live bytes are still past the budget. The count is
    /// of bytes the program made, so the same program stops at the same point on any machine;
    /// and it is this session's, so tensors other sessions or threads in the process hold do
    /// not count, and each session may have its own budget at the same time.
    public func beginMemoryBudget(_ bytes: Int) {
        vm.heap.ledger.beginBudget(bytes)
    }

    /// After a run: when an allocation crossed the budget and no loop edge or call came after
    /// it (one big tensor at the end of a file), collect garbage and settle whether the live
    /// bytes are past the budget, so `endMemoryBudget` says the same for the same program.
    public func settleMemoryBudget() {
        vm.restoreHeldSteps()
        guard vm.heap.ledger.takePressure() else { return }
        collectGarbage()
        _ = vm.heap.ledger.stillOverBudget()
    }

    /// Ends the budget; true when a run crossed it.
    @discardableResult
    public func endMemoryBudget() -> Bool {
        vm.restoreHeldSteps()
        return vm.heap.ledger.endBudget()
    }

    /// Bytes of tensor storage this session's runs allocated that are alive now.
    public var liveTensorBytes: Int { vm.heap.ledger.tensorBytes }

    /// Bytes allocated between two garbage collections (64 MB unless set). Strings, lists and
    /// records count against a memory budget as their collector finds them alive, so under a
    /// budget the grader collects more often (an eighth of the budget) and a run that fills a
    /// list stops near its budget, not one threshold past it.
    public var collectionThreshold: Int {
        get { vm.heap.threshold }
        set { vm.heap.threshold = newValue }
    }
}
