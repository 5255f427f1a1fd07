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

    /// Little alive, garbage a few MB an iteration (a training loop's temporaries and graphs):
    /// live tensor storage growing by 8 MiB collects, long before the 64 MB threshold, so the
    /// buffers come back to the storage cache while still warm. Forty iterations of four
    /// 1 MiB temporaries: about twenty collections; counting against the threshold, two.
    @Test func smallGarbageIsCollectedLongBeforeTheThreshold() {
        let i = Interpreter(output: { _ in })
        let before = i.vm.heap.collections
        let source = """
            var s = 0
            for k in 0..<40 {
                let a = ones([512, 512]) * k
                let b = a + 1
                s = s + (b * 2).shape[0]
            }
            print(s)
            """
        #expect(i.run(source: source) == .success)
        let collections = i.vm.heap.collections - before
        #expect(collections >= 8, "\(collections) collections in 40 iterations")
    }

    /// Much alive: the next collection waits until the garbage could match what is in use, so
    /// a program holding a large dataset is not marked over and over for a few MB of garbage.
    @Test func theNextCollectionWaitsForGrowthAsLargeAsWhatIsAlive() {
        let i = Interpreter(output: { _ in })
        #expect(i.run(source: "let data = zeros([8, 1024, 1024])\nprint(data.shape)") == .success)
        i.collectGarbage()
        #expect(i.vm.heap.tensorGrowthLimit >= 32 << 20)
    }
}
