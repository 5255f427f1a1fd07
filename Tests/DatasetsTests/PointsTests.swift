// Point clouds: frozen first values for seed 42 (so any change to the stream or the
// generator fails), shapes, balanced labels, and the geometry each generator promises.
import Foundation
import Testing
import TensorCore
@testable import Datasets

@Suite struct PointsTests {
    // Frozen values were produced by this implementation on 2026-11-26 (xoshiro256** seed 42)
    // and checked against the properties below; compare at 1e-5 (see `close`).

    @Test func blobsFirstValuesAreFrozen() throws {
        var r = RandomGenerator(seed: 42)
        let b = try Points.blobs(n: 10, centers: 3, rng: &r)
        #expect(b.x.shape == [10, 2] && b.y.shape == [10])
        #expect(close(Array(b.x.toArray().prefix(6)), [-3.224408, -2.4996717, 0.33447373, 3.4003608, 4.5351095, 4.1628714]))
        #expect(b.y.toArray() == [0, 1, 2, 0, 1, 2, 0, 1, 2, 0])
    }

    @Test func moonsFirstValuesAreFrozen() throws {
        var r = RandomGenerator(seed: 42)
        let m = try Points.moons(n: 10, noise: 0.1, rng: &r)
        #expect(close(Array(m.x.toArray().prefix(6)), [0.92395735, 0.17209376, 2.0104904, -0.041973382, -0.6217181, 0.5777022]))
    }

    @Test func circlesSpiralsAndRingFirstValuesAreFrozen() throws {
        var r = RandomGenerator(seed: 42)
        let c = try Points.circles(n: 10, noise: 0.05, rng: &r)
        #expect(close(Array(c.x.toArray().prefix(6)), [0.8435884, 0.45871314, 0.46423748, -0.3816495, -0.18500084, -1.0785506]))
        r = RandomGenerator(seed: 42)
        let s = try Points.spirals(n: 10, arms: 3, rng: &r)
        #expect(close(Array(s.x.toArray().prefix(6)), [0.050696023, 0.04192892, -0.16347313, -0.97023535, -0.017305626, -0.7578368]))
        r = RandomGenerator(seed: 42)
        let g = try Points.ring(n: 10, rng: &r)
        #expect(close(Array(g.x.toArray().prefix(6)), [1.9916927, -0.017666426, 1.4218827, -1.4757315, -1.4114317, -1.4530723]))
        #expect(Array(g.y.toArray().prefix(6)) == [0, 7, 5, 4, 6, 7])
    }

    @Test func theSameSeedGivesTheSameDataAndAnotherSeedDoesNot() throws {
        var a = RandomGenerator(seed: 7), b = RandomGenerator(seed: 7), c = RandomGenerator(seed: 8)
        let x1 = try Points.moons(n: 50, rng: &a).x.toArray()
        #expect(x1 == (try Points.moons(n: 50, rng: &b).x.toArray()))
        #expect(x1 != (try Points.moons(n: 50, rng: &c).x.toArray()))
    }

    @Test func labelsAreBalancedAcrossClasses() throws {
        var r = RandomGenerator(seed: 1)
        #expect(classCounts(try Points.blobs(n: 301, centers: 3, rng: &r).y, 3) == [101, 100, 100])
        #expect(classCounts(try Points.moons(n: 200, rng: &r).y, 2) == [100, 100])
        #expect(classCounts(try Points.circles(n: 201, rng: &r).y, 2) == [101, 100])
        #expect(classCounts(try Points.spirals(n: 300, arms: 5, rng: &r).y, 5) == [60, 60, 60, 60, 60])
        let ring = classCounts(try Points.ring(n: 8000, rng: &r).y, 8)
        #expect(ring.allSatisfy { (850...1150).contains($0) }, "\(ring)")
    }

    @Test func noiselessMoonsLieOnTheirHalfCircles() throws {
        var r = RandomGenerator(seed: 3)
        let m = try Points.moons(n: 100, noise: 0, rng: &r)
        let x = m.x.toArray(), y = m.y.toArray()
        for i in 0..<100 {
            let (a, b) = (x[2 * i], x[2 * i + 1])
            let (cx, cy): (Float, Float) = y[i] == 0 ? (0, 0) : (1, 0.5)
            #expect(Swift.abs(((a - cx) * (a - cx) + (b - cy) * (b - cy)).squareRoot() - 1) < 1e-5)
            #expect(y[i] == 0 ? b >= -1e-6 : b <= 0.5 + 1e-6)
        }
    }

    @Test func noiselessCirclesHaveRadiusOneAndFactor() throws {
        var r = RandomGenerator(seed: 3)
        let c = try Points.circles(n: 60, noise: 0, factor: 0.3, rng: &r)
        let x = c.x.toArray(), y = c.y.toArray()
        for i in 0..<60 {
            let radius = (x[2 * i] * x[2 * i] + x[2 * i + 1] * x[2 * i + 1]).squareRoot()
            #expect(Swift.abs(radius - (y[i] == 0 ? 1 : 0.3)) < 1e-5)
        }
    }

    @Test func blobsClusterAroundOneCentrePerClass() throws {
        var r = RandomGenerator(seed: 5)
        let b = try Points.blobs(n: 90, centers: 3, dims: 4, std: 0.01, rng: &r)
        #expect(b.x.shape == [90, 4])
        let x = b.x.toArray()
        for i in 3..<90 {  // each point sits within a few std of the point 3 rows up (same class)
            let d = (0..<4).map { x[i * 4 + $0] - x[(i - 3) * 4 + $0] }.map { $0 * $0 }.reduce(0, +).squareRoot()
            #expect(d < 0.1)
        }
    }

    @Test func ringPointsSitOnTheRingAtTheirMode() throws {
        var r = RandomGenerator(seed: 9)
        let g = try Points.ring(n: 500, modes: 8, radius: 2, std: 0.02, rng: &r)
        let x = g.x.toArray(), y = g.y.toArray()
        for i in 0..<500 {
            let theta = 2 * Float.pi * y[i] / 8
            let d = hypot(x[2 * i] - 2 * cos(theta), x[2 * i + 1] - 2 * sin(theta))
            #expect(d < 0.12)  // 6 std
        }
    }

    @Test func badArgumentsAreReportedNotTrapped() {
        var r = RandomGenerator(seed: 0)
        #expect(datasetError { _ = try Points.moons(n: 0, rng: &r) }
            == .badArgument(function: "moons", name: "n", expected: "an integer in 1...10000000", got: "0"))
        #expect(datasetError { _ = try Points.moons(n: 10, noise: -1, rng: &r) }?.description
            == "bad argument 'noise' to 'moons' (a number >= 0 expected, got -1)")
        #expect(datasetError { _ = try Points.circles(n: 10, factor: 1.5, rng: &r) } != nil)
        #expect(datasetError { _ = try Points.blobs(n: 2, centers: 3, rng: &r) } != nil)
        #expect(datasetError { _ = try Points.spirals(n: 10, noise: .nan, rng: &r) } != nil)
    }
}
