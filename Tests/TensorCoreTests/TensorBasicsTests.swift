// TensorBasicsTests: creation, element access, views and copy-on-write, movement and
// integer-tensor indexing, each against values worked out by hand.
import Testing
@testable import TensorCore

@Suite struct CreationTests {
    @Test func constantsAndIdentity() throws {
        #expect(try Tensor.zeros([2, 3]).toArray() == [Float](repeating: 0, count: 6))
        #expect(try Tensor.ones([3]).toArray() == [1, 1, 1])
        #expect(try Tensor.full([2], 7).toArray() == [7, 7])
        #expect(try Tensor.eye(3).toArray() == [1, 0, 0, 0, 1, 0, 0, 0, 1])
        #expect(Tensor(scalar: 4).shape == [])
        #expect(try Tensor(scalar: 4).item() == 4)
        #expect(try Tensor.zeros([0, 3]).count == 0)
    }

    @Test func nestedArraysGiveShapeAndValues() throws {
        let t = try Tensor(nested: [[1, 2, 3], [4, 5, 6]] as [[Int]])
        expectTensor(t, [2, 3], [1, 2, 3, 4, 5, 6])
        let d = try Tensor(nested: [[[0.5], [1.5]]] as [Any])
        #expect(d.shape == [1, 2, 1])
        #expect(try Tensor(nested: 3.0).shape == [])
        #expect(try Tensor(nested: [] as [Int]).shape == [0])
        expectError("tensor") { try Tensor(nested: [[1, 2], [3]] as [[Int]]) }
        expectError("tensor") { try Tensor(nested: [[1, 2], 3] as [Any]) }
        expectError("tensor") { try Tensor(nested: ["a"]) }
    }
}

@Suite struct ViewAndCopyOnWriteTests {
    @Test func transposeAndSliceShareStorage() throws {
        let a = iota([3, 4])
        let t = a.transposed()
        #expect(t.shape == [4, 3])
        #expect(t.sharesStorage(with: a))
        #expect(!t.isContiguous)
        #expect(try t.element(at: [3, 1]) == 7)
        let s = try a.sliced([.range(start: 1, stop: nil, step: nil), .index(-1)])
        #expect(s.sharesStorage(with: a))
        #expect(s.toArray() == [7, 11])
    }

    @Test func writingToACopyLeavesTheOriginal() throws {
        let a = iota([2, 2])
        var b = a
        try b.setElement(9, at: [0, 0])
        #expect(a.toArray() == [0, 1, 2, 3])
        #expect(b.toArray() == [9, 1, 2, 3])
        var c = a.transposed()
        try c.setElement(5, at: [0, 1])
        #expect(a.toArray() == [0, 1, 2, 3])
        #expect(c.toArray() == [0, 5, 1, 3])
    }

    @Test func sliceAssignmentBroadcastsAndCopiesOnWrite() throws {
        let a = try Tensor.zeros([3, 4])
        var b = a
        try b.assign([.all, .range(start: 1, stop: 3, step: nil)], T([2], [1, 2]))
        #expect(a.toArray() == [Float](repeating: 0, count: 12))
        #expect(b.toArray() == [0, 1, 2, 0, 0, 1, 2, 0, 0, 1, 2, 0])
        try b.assign([.index(-1), .range(start: nil, stop: nil, step: -1)], T([4], [4, 3, 2, 1]))
        #expect(b.toArray().suffix(4) == [1, 2, 3, 4])
        try b.assign([.index(0)], scalar: 7)
        #expect(b.toArray().prefix(4) == [7, 7, 7, 7])
    }

    @Test func selfOverlappingAssignmentReadsTheOldValues() throws {
        var a = iota([5])
        try a.assign([.range(start: 1, stop: nil, step: nil)], try a.sliced([.range(start: nil, stop: -1, step: nil)]))
        #expect(a.toArray() == [0, 0, 1, 2, 3])
    }

    @Test func inPlaceUpdateBroadcasts() throws {
        var w = iota([2, 3])
        let keep = w
        try w.formBinary(.sub, T([3], [1, 1, 1]))
        #expect(w.toArray() == [-1, 0, 1, 2, 3, 4])
        #expect(keep.toArray() == [0, 1, 2, 3, 4, 5])
    }
}

@Suite struct MovementTests {
    @Test func reshapeInfersOneAxis() throws {
        let a = iota([2, 3])
        #expect(try a.reshaped([3, -1]).shape == [3, 2])
        #expect(try a.reshaped([-1]).shape == [6])
        #expect(try a.transposed().reshaped([6]).toArray() == [0, 3, 1, 4, 2, 5])
        #expect(try Tensor.zeros([0, 4]).reshaped([-1, 2]).shape == [0, 2])
    }

    @Test func permuteExpandFlip() throws {
        let a = iota([2, 3, 4])
        let p = try a.permuted([2, 0, 1])
        #expect(p.shape == [4, 2, 3])
        #expect(try p.element(at: [1, 1, 2]) == 21)
        let e = try T([3, 1], [1, 2, 3]).expanded(to: [2, 3, 2])
        #expect(e.toArray() == [1, 1, 2, 2, 3, 3, 1, 1, 2, 2, 3, 3])
        #expect(try iota([2, 3]).flipped(axes: [1]).toArray() == [2, 1, 0, 5, 4, 3])
        #expect(try iota([2, 3]).flipped(axes: [0, -1]).toArray() == [5, 4, 3, 2, 1, 0])
        #expect(try iota([2, 3]).swappingAxes(0, 1).toArray() == [0, 3, 1, 4, 2, 5])
        #expect(try iota([3]).unsqueezed(0).shape == [1, 3])
        #expect(try iota([1, 3, 1]).squeezed().shape == [3])
    }

    @Test func padConcatStack() throws {
        let a = T([2, 2], [1, 2, 3, 4])
        let p = try a.padded([(1, 0), (0, 2)], value: -1)
        expectTensor(p, [3, 4], [-1, -1, -1, -1, 1, 2, -1, -1, 3, 4, -1, -1])
        let c = try Tensor.concat([a, T([1, 2], [5, 6])], axis: 0)
        expectTensor(c, [3, 2], [1, 2, 3, 4, 5, 6])
        let c1 = try Tensor.concat([a, a.transposed()], axis: -1)
        expectTensor(c1, [2, 4], [1, 2, 1, 3, 3, 4, 2, 4])
        let s = try Tensor.stack([T([2], [1, 2]), T([2], [3, 4]), T([2], [5, 6])], axis: 1)
        expectTensor(s, [2, 3], [1, 3, 5, 2, 4, 6])
    }

    @Test func gatherTakeAndTheirInverses() throws {
        let a = iota([3, 4])
        let g = try a.gather(axis: 1, indices: T([3, 1], [3, 0, -1]))
        expectTensor(g, [3, 1], [3, 4, 11])
        let g0 = try a.gather(axis: 0, indices: T([1, 4], [2, 1, 0, 2]))
        expectTensor(g0, [1, 4], [8, 5, 2, 11])
        let s = try Tensor.scatterAdd(into: [3, 4], axis: 1, indices: T([3, 2], [1, 1, 0, 3, 2, 2]), values: T([3, 2], [1, 2, 3, 4, 5, 6]))
        expectTensor(s, [3, 4], [0, 3, 0, 0, 3, 0, 0, 4, 0, 0, 11, 0])
        let k = try a.take(T([2], [2, 0]), axis: 0)
        expectTensor(k, [2, 4], [8, 9, 10, 11, 0, 1, 2, 3])
        let k1 = try a.take(T([2, 2], [0, 3, 3, 1]), axis: 1)
        expectTensor(k1, [3, 2, 2], [0, 3, 3, 1, 4, 7, 7, 5, 8, 11, 11, 9])
        let back = try Tensor.takeBackward(into: [3, 2], axis: 0, indices: T([3], [2, 0, 2]), values: T([3, 2], [1, 1, 2, 2, 3, 3]))
        expectTensor(back, [3, 2], [2, 2, 0, 0, 4, 4])
        expectTensor(try Tensor.oneHot(T([3], [2, 0, 1]), classes: 3), [3, 3], [0, 0, 1, 1, 0, 0, 0, 1, 0])
    }

    @Test func whereSelectsWithBroadcasting() throws {
        let r = try Tensor.where(T([2, 1], [1, 0]), T([3], [1, 2, 3]), Tensor(scalar: -1))
        expectTensor(r, [2, 3], [1, 2, 3, -1, -1, -1])
    }

    @Test func sumToUndoesBroadcasting() throws {
        let g = try Tensor.ones([2, 3, 4])
        expectTensor(try g.sum(toShape: [3, 1]), [3, 1], [8, 8, 8])
        expectTensor(try g.sum(toShape: [4]), [4], [6, 6, 6, 6])
        expectTensor(try g.sum(toShape: []), [], [24])
    }

    @Test func emptyReductions() throws {
        let e = try Tensor.zeros([0, 3])
        expectTensor(try e.reduce(.sum, axes: [0]), [3], [0, 0, 0])
        #expect(try e.reduce(.mean, axes: [0]).toArray().allSatisfy(\.isNaN))
        expectError("max") { try e.reduce(.max, axes: [0]) }
        expectTensor(try e.reduce(.max, axes: [1]), [0], [])
    }

    @Test func nanPropagatesThroughMaxAndMaximum() throws {
        let a = T([3], [1, .nan, 3])
        #expect(try a.reduce(.max).item().isNaN)
        #expect(try a.argmax().item() == 1)
        let m = try Tensor.binary(.maximum, a, T([3], [2, 2, .nan]))
        #expect(m.toArray()[0] == 2 && m.toArray()[1].isNaN && m.toArray()[2].isNaN)
    }
}

@Test func addAssignAddsIntoARegionOnly() throws {
    var x = try Tensor(shape: [2, 4], values: [1, 2, 3, 4, 5, 6, 7, 8])
    let kept = x
    try x.addAssign([.range(start: nil, stop: nil, step: nil), .range(start: 3, stop: nil, step: -2)],
                    Tensor(shape: [2, 2], values: [10, 20, 30, 40]))
    #expect(x.toArray() == [1, 22, 3, 14, 5, 46, 7, 38])
    #expect(kept.toArray() == [1, 2, 3, 4, 5, 6, 7, 8])  // the copy shared storage: copied on write
    // A strided value (a transposed view) is read in its logical order.
    var y = try Tensor.zeros([3, 3])
    try y.addAssign([.range(start: 1, stop: nil, step: nil), .range(start: 1, stop: nil, step: nil)],
                    Tensor(shape: [2, 2], values: [1, 2, 3, 4]).permuted([1, 0]))
    #expect(y.toArray() == [0, 0, 0, 0, 1, 3, 0, 2, 4])
    #expect(throws: TensorError.self) {
        try y.addAssign([.range(start: 0, stop: 2, step: 1)], Tensor(shape: [3, 3], values: [Float](repeating: 1, count: 9)))
    }
}

/// `assign` and `addAssign` share one region check (`checkedRegion`) but keep their own
/// behaviour: assign drops a value's leading axes of size 1 beyond the region's rank, addAssign
/// does not; each names its operation, and the message shows the value's shape as given.
@Test func assignAndAddAssignCheckTheRegionEachInItsOwnWords() throws {
    var x = try Tensor.zeros([2, 3])
    let row = try Tensor(shape: [1, 1, 3], values: [1, 2, 3])
    try x.assign([.index(1)], row)
    #expect(x.toArray() == [0, 0, 0, 1, 2, 3])
    let wide = try Tensor.ones([2, 3])   // broadcasts with [3], but to more than the region
    let a = expectError("slice assignment") { try x.assign([.index(0)], wide) }
    #expect(a?.message == "cannot assign a value of shape [2, 3] to a region of shape [3]")
    #expect(a?.shapes == [[2, 3], [2, 3]])
    let b = expectError("slice addition") { try x.addAssign([.index(0)], row) }
    #expect(b?.message == "cannot add a value of shape [1, 1, 3] to a region of shape [3]")
    #expect(b?.shapes == [[2, 3], [1, 1, 3]])
    #expect(x.toArray() == [0, 0, 0, 1, 2, 3])  // a refused write leaves the tensor as it was
}

/// `fromDisjointRegions` writes a block of rows (an LSTM's gates, [B, H] each in [B, 4H])
/// straight into place and anything else through its general path; either way each element of
/// a region holds its value (one part) or value + 0 (several: −0 becomes +0, a NaN stays that
/// NaN), and every element no region reaches holds +0.
@Test func disjointRegionsHoldEachValueAsTheAddsOfItsSlicesWould() throws {
    let values: [Float] = [-0.0, 1, -2, .nan, 3, -0.0, .infinity, 0x1p-140, -.nan, 5, -0.0, 7]
    let block = T([3, 4], values)
    func cols(_ a: Int, _ b: Int) -> [SliceSpec] { [.all, .range(start: a, stop: b, step: nil)] }
    func expected(_ parts: [(cols: Range<Int>, value: (Int, Int) -> Float)], addingZero: Bool) -> [UInt32] {
        var out = [Float](repeating: 0, count: 3 * 9)
        for part in parts {
            for r in 0..<3 {
                for (k, c) in part.cols.enumerated() { out[r * 9 + c] = addingZero ? part.value(r, k) + 0 : part.value(r, k) }
            }
        }
        return out.map(\.bitPattern)
    }
    let rowsOfBlock = { (r: Int, k: Int) in values[r * 4 + k] }
    // Four parts tiling [3, 9]: two blocks of rows, a transposed view and a broadcast row (the
    // last two take the general path).
    let transposed = try T([4, 3], values).permuted([1, 0])
    let row = T([1], [-0.0])
    let parts: [(specs: [SliceSpec], value: Tensor)] = [
        (cols(0, 4), block), (cols(4, 5), try block.sliced(cols(1, 2))), (cols(5, 8), try transposed.sliced(cols(0, 3))),
        (cols(8, 9), row),
    ]
    let reference: [(cols: Range<Int>, value: (Int, Int) -> Float)] = [
        (0..<4, rowsOfBlock), (4..<5, { r, _ in values[r * 4 + 1] }), (5..<8, { r, k in values[k * 3 + r] }),
        (8..<9, { _, _ in -0.0 }),
    ]
    for addingZero in [false, true] {
        let got = try Tensor.fromDisjointRegions([3, 9], parts, addingZero: addingZero)
        #expect(got.toArray().map(\.bitPattern) == expected(reference, addingZero: addingZero), "addingZero \(addingZero)")
    }
    // One block, the rest of the tensor left to +0.
    let one = try Tensor.fromDisjointRegions([3, 9], [(cols(2, 6), block)], addingZero: false)
    #expect(one.toArray().map(\.bitPattern) == expected([(2..<6, rowsOfBlock)], addingZero: false))
}

/// `map` reads a view whose rows are contiguous but apart (`z[:, 0:H]`) row by row in place:
/// the same bits as on a contiguous copy, for every function, at row lengths around the
/// eight-lane width.
@Test(arguments: UnaryOp.allCases)
func mapOfARowBlockViewGivesTheBitsOfMapOfItsCopy(op: UnaryOp) throws {
    var rng = RandomGenerator(seed: 3)
    let z = T([5, 40], (0..<200).map { i in i % 17 == 0 ? [-0.0, .nan, .infinity][i % 3] : (Float(rng.uniform()) - 0.5) * 12 })
    for (a, b) in [(0, 9), (9, 17), (17, 40), (3, 4)] {
        let view = try z.sliced([.all, .range(start: a, stop: b, step: nil)])
        #expect(!view.isContiguous || b - a == 40)
        #expect(view.map(op).toArray().map(\.bitPattern) == view.contiguousCopy().map(op).toArray().map(\.bitPattern),
                "\(op) on columns \(a)..<\(b)")
    }
}
