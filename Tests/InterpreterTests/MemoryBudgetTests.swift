// MemoryBudgetTests: a memory budget belongs to one interpreter's runs, not to the process.
// Swift Testing runs suites in parallel in one process (and a host may run several sessions in
// one), so tensors another thread holds must not count against a run's budget, two budgets at
// once must not overwrite each other, and one run crossing its budget must not stop another
// interpreter. Each case is ordered so that the old process-wide budget fails it every time.
import Foundation
import Interpreter
import TensorCore
import Testing

@Suite(.serialized) struct MemoryBudgetTests {
    /// CI saw a check report "memory limit exceeded (512 MiB)" while other tests held tensors.
    /// Here another thread allocates 64 MiB after the budget of 16 MiB starts and holds it for
    /// the whole run, which allocates a few small tensors: the run must succeed.
    @Test func tensorsAnotherThreadHoldsDoNotCountAgainstARunsBudget() throws {
        let i = Interpreter(output: { _ in })
        i.beginMemoryBudget(16 << 20)
        final class Box: @unchecked Sendable { var held: [Tensor] = [] }
        let box = Box()
        let made = DispatchSemaphore(value: 0)
        Thread {
            for _ in 0..<8 { if let t = try? Tensor.ones([2 << 20]) { box.held.append(t) } }  // 8 MiB each
            made.signal()
        }.start()
        made.wait()
        #expect(box.held.count == 8)
        let r = i.evaluate("var s = 0\nfor k in 0..<10 {\n  let t = ones([1024]) * k\n  s += t.shape[0]\n}\ns")
        i.settleMemoryBudget()
        let crossed = i.endMemoryBudget()
        #expect(r.outcome == .success, "\(r.diagnostics.map(\.message))")
        #expect(r.display == "10240")
        #expect(!crossed)
        box.held = []
    }

    /// Interpreter A ends a run past its budget with no loop edge or call after the big
    /// tensor, so the crossing is still pending when B, which has no budget, runs a loop: B
    /// must run to the end, and A's verdict must still be "exceeded" when A settles.
    @Test func aCrossingStopsOnlyTheInterpreterWhoseBudgetItIs() throws {
        let a = Interpreter(output: { _ in }), b = Interpreter(output: { _ in })
        a.beginMemoryBudget(8 << 20)
        // 6 MiB, then 6 MiB more: the second crosses, and is the last thing the run does
        let big = a.evaluate("let one = ones([1572864])\nlet two = ones([1572864])")
        #expect(big.outcome == .success, "\(big.diagnostics.map(\.message))")
        let r = b.evaluate("var s = 0\nfor k in 0..<100 { s += k }\ns")
        #expect(r.outcome == .success, "\(r.diagnostics.map(\.message))")
        #expect(r.display == "4950")
        a.settleMemoryBudget()
        #expect(a.endMemoryBudget())
    }

    /// A request larger than the whole budget is refused at once, but only in the run whose
    /// budget it is: another thread asking for 40 GB (another test checking "would need 40 GB")
    /// gets the machine's limit, and the run's verdict stays "within budget".
    @Test func anotherThreadsHugeRequestIsNotThisRunsError() throws {
        let i = Interpreter(output: { _ in })
        i.beginMemoryBudget(16 << 20)
        final class Box: @unchecked Sendable { var message = "" }
        let box = Box()
        let asked = DispatchSemaphore(value: 0)
        Thread {
            do { _ = try Tensor.zeros([100_000, 100_000]) } catch let e as TensorError { box.message = e.message } catch {}
            asked.signal()
        }.start()
        asked.wait()
        #expect(box.message.hasPrefix("shape [100000, 100000] would need 37.3 GB; the limit is"), "\(box.message)")
        let r = i.evaluate("let t = ones([1024])\nt.shape[0]")
        i.settleMemoryBudget()
        #expect(r.display == "1024", "\(r.diagnostics.map(\.message))")
        #expect(!i.endMemoryBudget())
    }

    /// Two sessions with budgets at once, begun one after the other (the second used to
    /// replace the first's ceiling and flag): each run gets the verdict of its own budget.
    @Test func twoBudgetsAtOnceGiveEachRunItsOwnVerdict() throws {
        let small = Interpreter(output: { _ in }), large = Interpreter(output: { _ in })
        small.beginMemoryBudget(8 << 20)
        large.beginMemoryBudget(64 << 20)
        // 24 MiB kept, in three tensors of 8 MiB (each within the smaller budget by itself)
        let program = "var keep = []\nfor k in 0..<3 { keep.append(ones([2097152])) }\nlen(keep)"
        let a = small.evaluate(program)
        let b = large.evaluate(program)
        small.settleMemoryBudget()
        large.settleMemoryBudget()
        #expect(a.outcome == .runtimeError)
        #expect(a.diagnostics.first?.message.hasPrefix("memory limit exceeded (8 MB)") == true, "\(a.diagnostics.map(\.message))")
        #expect(b.outcome == .success, "\(b.diagnostics.map(\.message))")
        #expect(b.display == "3")
        #expect(small.endMemoryBudget())
        #expect(!large.endMemoryBudget())
    }

    /// The ledger counts the session's own tensors, and a freed one is credited back whichever
    /// thread frees it; the step count comes through a safe point the budget asked for.
    @Test func aSessionsTensorsAreChargedToItAndCreditedWhenFreed() throws {
        let i = Interpreter(output: { _ in })
        let before = i.liveTensorBytes
        final class Box: @unchecked Sendable { var tensor: Tensor? }
        let box = Box()
        box.tensor = i.evaluate("ones([1048576])").tensor  // 4 MiB, held by the host
        _ = i.evaluate("0")  // `_` no longer holds it
        #expect(i.liveTensorBytes - before >= 4 << 20, "\(i.liveTensorBytes - before)")
        let freed = DispatchSemaphore(value: 0)
        Thread { box.tensor = nil; freed.signal() }.start()
        freed.wait()
        #expect(i.liveTensorBytes - before < 1 << 20, "\(i.liveTensorBytes - before)")

        i.stepBudget = 1000
        i.beginMemoryBudget(1 << 20)
        // 512 KiB kept each turn: the third crosses the budget and the next call stops the run
        let r = i.evaluate("var keep = []\nfor k in 0..<10 { keep.append(ones([131072])) }\nlen(keep)")
        i.settleMemoryBudget()
        #expect(r.diagnostics.first?.message.hasPrefix("memory limit exceeded (1 MB)") == true, "\(r.diagnostics.map(\.message))")
        #expect(i.endMemoryBudget())
        #expect(i.stepsTaken > 3 && i.stepsTaken < 20, "\(i.stepsTaken)")
    }
}
