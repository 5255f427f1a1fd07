// CollectorStressTests: the count schedule of collector stress (CAJAL_GC_STRESS=N, N > 1, which
// the script tests use): every Nth allocation makes the next safe point collect.
@testable import Interpreter
import Testing

@Suite struct CollectorStressTests {
    /// Collections during a loop that allocates one list per iteration (300 in all), with a
    /// collection every `n`th allocation (0: the ordinary 64 MB threshold, never reached here).
    func collections(every n: Int) -> Int {
        let i = Interpreter(output: { _ in })
        i.vm.heap.stressEvery = n
        let before = i.vm.heap.collections
        #expect(i.run(source: "var xs = []\nfor i in 0..<300 { xs = [i] }\nprint(xs)\n") == .success)
        return i.vm.heap.collections - before
    }

    @Test func everyNthAllocationMakesTheNextSafePointCollect() {
        let off = collections(every: 0)
        let every3 = collections(every: 3)
        let every30 = collections(every: 30)
        #expect(off == 0)
        #expect(every3 >= 90, "\(every3) collections")
        #expect(every30 >= 9 && every30 * 5 < every3, "\(every30) against \(every3)")
    }
}
