// Synthetic images: frozen values, shapes in both layouts, the bar mask matches the bar, and
// each shape class draws what its name says.
import Testing
import TensorCore
@testable import Datasets

@Suite struct ImagesTests {
    @Test func barsFirstValuesAndMaskAreFrozen() throws {
        var r = RandomGenerator(seed: 42)
        let b = try Images.bars(n: 4, rng: &r)
        #expect(b.x.shape == [4, 64] && b.mask.shape == [4, 64] && b.y.toArray() == [0, 1, 0, 1])
        #expect(close(Array(b.x.toArray().prefix(6)), [0.6719059, -0.34398758, 1.6917309, -0.037949443, 1.9684812, -0.6447371]))
        let on = b.mask.toArray().enumerated().filter { $0.1 == 1 }.map(\.0)
        #expect(on == [2, 3, 4, 76, 84, 92, 140, 141, 142, 213, 221, 229])
    }

    @Test func eachBarIsThreePixelsInTheRightDirection() throws {
        var r = RandomGenerator(seed: 8)
        let b = try Images.bars(n: 200, size: 8, length: 3, noise: 0, amplitude: 1, layout: .image, rng: &r)
        #expect(b.x.shape == [200, 1, 8, 8])
        let x = b.x.toArray(), m = b.mask.toArray(), y = b.y.toArray()
        #expect(x == m)  // no noise, amplitude 1: the image is the mask
        for i in 0..<200 {
            let on = (0..<64).filter { m[i * 64 + $0] == 1 }
            #expect(on.count == 3)
            let rows = Set(on.map { $0 / 8 }), cols = Set(on.map { $0 % 8 })
            if y[i] == 0 { #expect(rows.count == 1 && cols.count == 3) } else { #expect(rows.count == 3 && cols.count == 1) }
        }
    }

    @Test func shapesFirstValuesAreFrozenAndClassesDrawTheirShape() throws {
        var r = RandomGenerator(seed: 42)
        let s = try Images.shapes(n: 3, rng: &r)
        #expect(s.x.shape == [3, 1, 12, 12] && s.y.toArray() == [0, 1, 2])
        #expect(close(Array(s.x.toArray().prefix(6)), [0.22712679, -0.011706819, -0.032897163, -0.16819231, 0.013909346, -0.19429374]))
        r = RandomGenerator(seed: 5)
        let clean = try Images.shapes(n: 300, size: 12, minExtent: 5, maxExtent: 9, noise: 0, layout: .flat, rng: &r)
        #expect(clean.x.shape == [300, 144])
        let x = clean.x.toArray()
        for i in 0..<300 {
            let img = Array(x[(i * 144)..<(i * 144 + 144)])
            let on = img.indices.filter { img[$0] == 1 }
            let rows = on.map { $0 / 12 }, cols = on.map { $0 % 12 }
            let e = rows.max()! - rows.min()! + 1
            #expect(e == cols.max()! - cols.min()! + 1 && (5...9).contains(e))
            switch i % 3 {
            case 0: #expect(on.count == 4 * e - 4)  // a square outline
            case 1: #expect(on.count == 2 * e - 1)  // a plus: one row and one column
            default:  // a ring: the centre is empty
                #expect(on.count >= 8 && img[(rows.min()! + e / 2) * 12 + cols.min()! + e / 2] == 0)
            }
        }
    }

    @Test func imageArgumentsAreChecked() {
        var r = RandomGenerator(seed: 0)
        #expect(datasetError { _ = try Images.bars(n: 1, size: 2, length: 3, rng: &r) } != nil)
        #expect(datasetError { _ = try Images.shapes(n: 1, size: 6, minExtent: 5, maxExtent: 9, rng: &r) } != nil)
    }
}
