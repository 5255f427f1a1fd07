// DimsTests: the inline shape type — it reads, compares, hashes and prints like [Int] at
// every rank, keeps ranks up to four without a heap array, and spills above that; tensors of
// spilled ranks work as before.
import Testing
@testable import TensorCore

@Suite struct DimsTests {
    @Test func readsLikeAnArrayAtEveryRank() {
        for n in 0...7 {
            let a = Array(stride(from: 2, to: 2 + 3 * n, by: 3))
            let d = Dims(a)
            #expect(d.count == n)
            #expect(d.isEmpty == (n == 0))
            #expect(Array(d) == a)
            #expect(d.array == a)
            #expect(d.map { $0 } == a)
            #expect(d.description == a.description)
            #expect("\(d)" == "\(a)")
            #expect(String(reflecting: d) == String(reflecting: a))
            #expect(shapeString(d) == shapeString(a))
            for i in 0..<n { #expect(d[i] == a[i]) }
            #expect(d.reversed() == Dims(a.reversed()))
            #expect(Dims(d.dropFirst()) == Array(a.dropFirst()))
            #expect(Dims(d.dropLast(2)) == Array(a.dropLast(2)))
            #expect(d.reduce(1, *) == a.reduce(1, *))
        }
    }

    @Test func upToFourNumbersStayInline() {
        var d = Dims()
        for k in 1...4 {
            d.append(k)
            #expect(d.isSpilled == false)
        }
        #expect(d == [1, 2, 3, 4])
        let literal: Dims = [7, 8, 9, 10]
        #expect(literal.isSpilled == false)
        #expect(Dims(repeating: 5, count: 4).isSpilled == false)
        #expect(Dims(repeating: 5, count: 4) == [5, 5, 5, 5])
    }

    @Test func aFifthNumberSpillsAndRemovingItComesBack() {
        var d: Dims = [1, 2, 3, 4]
        d.append(5)
        #expect(d.isSpilled)
        #expect(d == [1, 2, 3, 4, 5])
        d[4] = 50
        d[0] = 10
        #expect(d == [10, 2, 3, 4, 50])
        d.removeLast()
        #expect(d.isSpilled == false)
        #expect(d == [10, 2, 3, 4])
        #expect(Dims(repeating: 1, count: 6) == [1, 1, 1, 1, 1, 1])
        #expect(Dims(repeating: 1, count: 6).isSpilled)
    }

    @Test func aLongListIsInternedOnceWhateverBuildsIt() throws {
        // Numbers no other test uses. The table is the process's and other tests intern lists
        // of their own meanwhile (CI at 38b89c6 saw its count move by 3 where this test adds
        // 2), so the test asks about its own lists and the ones a builder would pass through.
        let numbers = [9_001, 9_002, 9_003, 9_004, 9_005, 9_006]
        #expect(!DimsSpill.isInterned(numbers))
        let first = Dims(numbers)
        #expect(DimsSpill.isInterned(numbers))
        for _ in 0..<1_000 {
            #expect(Dims(numbers) == first)
            #expect(Dims(count: 6) { for i in 0..<6 { $0[i] = numbers[i] } } == first)
            #expect(Dims(numbers.reversed()).reversed() == first)
        }
        // The reversed list is one more entry; no partial list was interned on the way: none
        // of the builder's part-filled states, nor a five-long part (the shortest list that
        // spills), in either order.
        #expect(DimsSpill.isInterned(numbers.reversed()))
        for part in [numbers[..<5], numbers[1...], numbers.reversed()[..<5], numbers.reversed()[1...]] {
            #expect(!DimsSpill.isInterned(Array(part)))
        }
        for k in 1..<6 {
            #expect(!DimsSpill.isInterned(Array(numbers[..<k]) + Array(repeating: 0, count: 6 - k)))
            #expect(!DimsSpill.isInterned(Array(numbers.reversed()[..<k]) + Array(repeating: 0, count: 6 - k)))
        }
        #expect(first.spilled == Dims(numbers).spilled)
    }

    @Test func editsLikeAnArray() {
        var d: Dims = [2, 3]
        d.insert(1, at: 0)
        #expect(d == [1, 2, 3])
        d.remove(at: 1)
        #expect(d == [1, 3])
        d.removeFirst()
        #expect(d == [3])
        d[0] = 4
        #expect(d == [4])
        #expect(d + [5, 6] == [4, 5, 6])
        #expect([4] + Dims([5, 6, 7, 8, 9]) == [4, 5, 6, 7, 8, 9])
        var e: Dims = [1, 2, 3, 4, 5, 6]
        e.replaceSubrange(1..<5, with: [0])
        #expect(e == [1, 0, 6])
        #expect(e.isSpilled == false)
        e.swapAt(0, 2)
        #expect(e == [6, 0, 1])
    }

    @Test func equalityAndHashingIgnoreHowTheValueWasBuilt() {
        var grown = Dims()
        for k in [3, 1, 4, 1, 5] { grown.append(k) }
        let built = Dims([3, 1, 4, 1, 5])
        #expect(grown == built)
        #expect(grown.hashValue == built.hashValue)
        var shrunk: Dims = [3, 1, 4, 1, 5, 9]
        shrunk.removeLast()
        #expect(shrunk == built)
        #expect(Set([grown, built, shrunk]).count == 1)
        let inline: Dims = [2, 3]
        #expect(inline != [2, 3, 0])
        #expect(inline != [2])
        #expect(inline != Dims([2, 3, 1, 1, 1]))
        #expect(Set<Dims>([[2, 3], [3, 2], [2, 3], [], [2, 3, 1, 1, 1]]).count == 4)
        // The unused inline slots never leak into comparisons.
        var a: Dims = [1, 2, 3]
        a.removeLast()
        #expect(a == [1, 2])
        #expect(a.hashValue == Dims([1, 2]).hashValue)
    }

    @Test func comparesWithArraysBothWays() {
        let d: Dims = [2, 3]
        let a = [2, 3]
        #expect(d == a)
        #expect(a == d)
        #expect(!(d != a))
        #expect(d != [3, 2])
        #expect([3, 2] != d)
    }

    @Test func tensorsOfSpilledRanksWorkAsBefore() throws {
        // [2, 1, 3, 1, 2]: rank 5, spilled shape and strides.
        let x = try Tensor(shape: [2, 1, 3, 1, 2], values: (0..<12).map(Float.init))
        #expect(x.shape == [2, 1, 3, 1, 2])
        #expect(x.strides == [6, 6, 2, 2, 1])
        #expect(x.shape.isSpilled)
        #expect(try x.element(at: [1, 0, 2, 0, 1]) == 11)
        let s = try x.reduce(.sum, axes: [0, 2])
        expectTensor(s, [1, 1, 2], [30, 36])
        let t = x.transposed()
        #expect(t.shape == [2, 1, 3, 1, 2])
        #expect(t.strides == [1, 2, 2, 6, 6])
        expectTensor(t.contiguous(), [2, 1, 3, 1, 2], [0, 6, 2, 8, 4, 10, 1, 7, 3, 9, 5, 11])
        let y = try x + Tensor(shape: [2], values: [100, 200])
        #expect(y.shape == [2, 1, 3, 1, 2])
        let added: [Float] = (0..<12).map { (i: Int) -> Float in Float(i) + (i % 2 == 0 ? 100 : 200) }
        #expect(y.toArray() == added)
        let r = try x.reshaped([3, 4])
        #expect(r.shape.isSpilled == false)
        expectTensor(r, [3, 4], (0..<12).map(Float.init))
        let e = try x.expanded(to: [2, 2, 1, 3, 1, 2])
        #expect(e.shape == [2, 2, 1, 3, 1, 2])
        #expect(e.count == 24)
        let v = try x.sliced([.index(1), .range(start: nil, stop: nil, step: nil), .range(start: 1, stop: nil, step: nil)])
        expectTensor(v.contiguous(), [1, 2, 1, 2], [8, 9, 10, 11])
    }

    @Test func messagesPrintShapesAsArrays() throws {
        let x = Tensor(scalar: 1)
        let big = try Tensor.zeros([1, 1, 1, 1, 2])
        #expect(big.shape.description == "[1, 1, 1, 1, 2]")
        let e0 = expectError("reshape") { try x.reshaped([2, 3]) }
        #expect(e0?.message == "cannot reshape [] (1 elements) into [2, 3]")
        #expect(e0?.shapes == [[], [2, 3]])
        let e1 = expectError("reshape") { try big.reshaped([3]) }
        #expect(e1?.message == "cannot reshape [1, 1, 1, 1, 2] (2 elements) into [3]")
        #expect(e1?.shapes == [[1, 1, 1, 1, 2], [3]])
        let e2 = expectError("add") { try iota([2, 3]) + iota([4]) }
        #expect(e2?.message == "shapes [2, 3] and [4] cannot be broadcast together (axis -1: 3 vs 4)")
    }
}
