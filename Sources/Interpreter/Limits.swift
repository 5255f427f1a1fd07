// Limits: a per-session step budget. A step is one loop turn (while, for) or one call — the
// places where the VM also polls for Ctrl-C — so the budget costs one decrement there. The
// grader sets it before each run; a session without a budget never counts down to zero.
import CInterrupt

extension VM {
    /// Counts one step; true when the run must stop (the budget is spent, or Ctrl-C).
    @inline(__always) func tick() -> Bool {
        stepsLeft &-= 1
        return stepsLeft < 0 || cajal_interrupt_pending() != 0
    }

    /// The error for a stop that `tick` asked for.
    func stopped() -> VMError {
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
