// CollectionTriggerTests: what makes the collector run. An object's byteSize counts the tensor
// it holds, not the tensors its autograd node saved for the backward; growth of live tensor
// storage must trigger a collection too, or garbage graphs pile up between collections
// (lstm_b32_seq grew to 446 MB before this).
@testable import Interpreter
import Testing

@Suite struct CollectionTriggerTests {
    /// Thirty fused LSTM sequences (B 32, T 64, H 128): each result record holds ~1.1 MB of
    /// tensors (hs, h, c), while the node behind it saves ~6 MB more (gates, cells, hidden
    /// states of all 64 steps). With an 8 MB threshold, counting the results alone collects
    /// about every seventh iteration; counting live storage, about every iteration or two.
    @Test func tensorsAGraphSavesCountTowardTheNextCollection() {
        let i = Interpreter(output: { _ in })
        i.collectionThreshold = 8 << 20
        let before = i.vm.heap.collections
        let source = """
            seed(1)
            let x = randn([32, 64, 16])
            let wx = param(randn([16, 512]) * 0.1)
            let wh = param(randn([128, 512]) * 0.1)
            let b = param(zeros([512]))
            var last = 0
            for k in 0..<30 {
                let s = lstm_sequence(x, zeros([32, 128]), zeros([32, 128]), wx, wh, b)
                last = s.h.shape
            }
            print(last)
            """
        #expect(i.run(source: source) == .success)
        let collections = i.vm.heap.collections - before
        #expect(collections >= 12, "\(collections) collections in 30 iterations")
    }
}
