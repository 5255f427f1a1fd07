// Minibatches: every index exactly once per epoch, seeded shuffling, drop-last, and (x, y)
// rows that stay paired.
import Testing
import TensorCore
@testable import Datasets

@Suite struct MinibatchTests {
    @Test func firstShuffledEpochIsFrozen() throws {
        var r = RandomGenerator(seed: 42)
        #expect(try Minibatch.indices(count: 10, batchSize: 4, rng: &r) == [[9, 1, 4, 2], [8, 7, 6, 5], [3, 0]])
    }

    @Test(arguments: [(10, 3), (10, 5), (1, 4), (97, 8), (64, 64), (0, 2)])
    func everyIndexAppearsExactlyOncePerEpoch(count: Int, batchSize: Int) throws {
        var r = RandomGenerator(seed: 1)
        for _ in 0..<3 {
            let batches = try Minibatch.indices(count: count, batchSize: batchSize, rng: &r)
            #expect(batches.flatMap { $0 }.sorted() == Array(0..<count))
            #expect(batches.dropLast().allSatisfy { $0.count == batchSize })
            #expect(batches.count == (count + batchSize - 1) / batchSize)
        }
    }

    @Test func epochsDifferButTheSameSeedRepeats() throws {
        var a = RandomGenerator(seed: 3), b = RandomGenerator(seed: 3)
        let e1 = try Minibatch.indices(count: 50, batchSize: 7, rng: &a)
        let e2 = try Minibatch.indices(count: 50, batchSize: 7, rng: &a)
        #expect(e1 != e2)
        #expect(e1 == (try Minibatch.indices(count: 50, batchSize: 7, rng: &b)))
    }

    @Test func withoutShuffleTheOrderIsKeptAndTheGeneratorUntouched() throws {
        var r = RandomGenerator(seed: 3)
        let before = r
        #expect(try Minibatch.indices(count: 7, batchSize: 3, shuffle: false, rng: &r) == [[0, 1, 2], [3, 4, 5], [6]])
        var untouched = before
        #expect(r.nextUInt64() == untouched.nextUInt64())
    }

    @Test func dropLastDropsOnlyAShortFinalBatch() throws {
        var r = RandomGenerator(seed: 3)
        let b = try Minibatch.indices(count: 10, batchSize: 4, dropLast: true, rng: &r)
        #expect(b.count == 2 && b.allSatisfy { $0.count == 4 } && Set(b.flatMap { $0 }).count == 8)
        #expect(try Minibatch.indices(count: 8, batchSize: 4, dropLast: true, rng: &r).count == 2)
        #expect(try Minibatch.indices(count: 3, batchSize: 4, dropLast: true, rng: &r).isEmpty)
    }

    @Test func tensorBatchesKeepRowsAndLabelsPaired() throws {
        let x = try Tensor(shape: [10, 1, 2, 2], values: (0..<40).map(Float.init))
        let y = try Tensor(shape: [10], values: (0..<10).map { Float($0) * 10 })
        var r = RandomGenerator(seed: 9)
        let batches = try Minibatch.batches(x: x, y: y, batchSize: 4, rng: &r)
        #expect(batches.map { $0.x.shape } == [[4, 1, 2, 2], [4, 1, 2, 2], [2, 1, 2, 2]])
        for b in batches {
            let xv = b.x.toArray(), yv = b.y!.toArray()
            for (k, i) in b.indices.enumerated() {
                #expect(Array(xv[(k * 4)..<(k * 4 + 4)]) == (0..<4).map { Float(i * 4 + $0) })
                #expect(yv[k] == Float(i) * 10)
            }
        }
        #expect(try Minibatch.batches(x: x, batchSize: 10, shuffle: false, rng: &r)[0].x.toArray() == x.toArray())
    }

    @Test func mismatchedRowsAndBadSizesAreBadArguments() throws {
        var r = RandomGenerator(seed: 0)
        let x = try Tensor.zeros([5, 2]), y = try Tensor.zeros([4])
        #expect(datasetError { _ = try Minibatch.batches(x: x, y: y, batchSize: 2, rng: &r) }?.description
            == "bad argument 'y' to 'minibatches' (a tensor with 5 rows (as many as x) expected, got shape [4])")
        #expect(datasetError { _ = try Minibatch.indices(count: 5, batchSize: 0, rng: &r) } != nil)
        #expect(datasetError { _ = try Minibatch.batches(x: Tensor(scalar: 1), batchSize: 2, rng: &r) } != nil)
    }
}
