// Limits: a per-session step budget. A step is one loop turn (while, for) or one call — the
// places where the VM also polls for Ctrl-C — so the budget costs one decrement there. The
// grader sets it before each run; a session without a budget never counts down to zero.
// Beside it, a memory budget in bytes: the live tensor storage, strings, lists and records a run
// may add (TensorCore's MemoryLimit counts them; the heap reports its objects after each
// collection), stopped through the same interrupt flag.
import CInterrupt
import TensorCore

extension VM {
    /// Counts one step; true when the run must stop (the budget is spent, or Ctrl-C).
    @inline(__always) func tick() -> Bool {
        stepsLeft &-= 1
        return (stepsLeft < 0 || cajal_interrupt_pending() != 0) && mustStop()
    }

    /// The slow half of `tick`: true unless the flag only asked for a garbage collection. When
    /// the live tensor storage crosses the memory budget the flag is raised; tensors the
    /// program dropped are still counted until the collector frees them, so collect (every
    /// register of the running frames is a root, which keeps a little more than needed) and
    /// stop only if the count is still past the budget.
    @inline(never) func mustStop() -> Bool {
        guard stepsLeft >= 0, MemoryLimit.takePressure() else { return true }
        _ = cajal_take_interrupt()
        if depth > 0 {
            let top = frames[depth]
            collectGarbage(liveTop: top.base + Int(top.code.registerCount))
        }
        guard MemoryLimit.stillOverBudget() else { return false }
        cajal_raise_interrupt()
        return true
    }

    /// The error for a stop that `tick` asked for.
    func stopped() -> VMError {
        if stepsLeft >= 0, let budget = MemoryLimit.exceededBudget {
            _ = cajal_take_interrupt()
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
            vm.stepsLeft = newValue ?? Int.max
        }
    }

    /// Steps taken since `stepBudget` was last set (0 when there is no budget).
    public var stepsTaken: Int {
        guard let b = vm.stepBudget else { return 0 }
        return b - vm.stepsLeft
    }
}

extension Interpreter {
    /// Starts a budget of `bytes` more live tensor storage than the process holds now, for the
    /// runs that follow until `endMemoryBudget`. One request for more than the whole budget is
    /// an error at once ("memory limit exceeded: …", located at the call that asked); an
    /// allocation that crosses it raises the interrupt flag, and at its next loop edge or call
    /// the VM collects garbage and stops if the live bytes are still past the budget.
    /// The count is of bytes the program made, so the same program stops at the same point on
    /// any machine. The budget is the process's: one run at a time uses it.
    public static func beginMemoryBudget(_ bytes: Int) {
        MemoryLimit.beginBudget(bytes) { cajal_raise_interrupt() }
    }

    /// After a run: when an allocation crossed the budget and no loop edge or call came after
    /// it (one big tensor at the end of a file), collect garbage and settle whether the live
    /// bytes are past the budget, so `endMemoryBudget` says the same for the same program.
    public func settleMemoryBudget() {
        guard MemoryLimit.takePressure() else { return }
        collectGarbage()
        _ = MemoryLimit.stillOverBudget()
    }

    /// Ends the budget; true when a run crossed it.
    @discardableResult
    public static func endMemoryBudget() -> Bool {
        MemoryLimit.endBudget()
    }

    /// Bytes of tensor storage alive in this process.
    public static var liveTensorBytes: Int { MemoryLimit.liveBytes }

    /// Bytes allocated between two garbage collections (64 MB unless set). Strings, lists and
    /// records count against a memory budget as their collector finds them alive, so under a
    /// budget the grader collects more often (an eighth of the budget) and a run that fills a
    /// list stops near its budget, not one threshold past it.
    public var collectionThreshold: Int {
        get { vm.heap.threshold }
        set { vm.heap.threshold = newValue }
    }
}
