// Limits: a per-session step budget. A step is one loop turn (while, for) or one call — the
// places where the VM also polls for Ctrl-C — so the budget costs one decrement there. The
// grader sets it before each run; a session without a budget never counts down to zero.
// Beside it, a memory budget in bytes: the live tensor storage, strings, lists and records a run
// may add, counted on the session's own ledger (TensorCore's MemoryLedger; the heap reports its
// objects after each collection), so nothing another session or thread holds counts. A
// crossing stops only this session: the ledger tells the VM on its own thread, which asks
// itself for a safe point through the step counter (`requestSafePoint`), not through the
// process's interrupt flag that every interpreter polls.
import CInterrupt
import TensorCore

extension VM {
    /// Counts one step; true when the run must stop (the budget is spent, or Ctrl-C).
    @inline(__always) func tick() -> Bool {
        stepsLeft &-= 1
        return (stepsLeft < 0 || cajal_interrupt_pending() != 0) && mustStop()
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

    /// The slow half of `tick`: true unless only a garbage collection was asked for. When the
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
        return cajal_interrupt_pending() != 0
    }

    /// The error for a stop that `tick` asked for.
    func stopped() -> VMError {
        restoreHeldSteps()
        if stepsLeft >= 0, let budget = heap.ledger.exceededBudget {
            return VMError(.interrupted, "memory limit exceeded (\(MemoryLimit.byteString(Double(budget)))): the tensors, lists and strings kept alive need more",
                           hint: "keep fewer or smaller values alive: let big ones you no longer need go")
        }
        guard stepsLeft < 0 else { return interrupted() }
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
