// Never a crash on a damaged file: thousands of randomly truncated and byte-flipped copies of
// real .npy, IDX and CSV files either decode to a consistent tensor or throw a DatasetError or
// TensorError. A trap anywhere in a decoder would end the test run.
import Foundation
import Testing
import TensorCore
@testable import Datasets

@Suite struct FuzzTests {
    /// `data` truncated at a random point, or with 1–4 random bytes overwritten.
    func mutate(_ data: Data, _ r: inout RandomGenerator) -> Data {
        var d = data
        if r.int(below: 3) == 0 { return d.prefix(r.int(below: d.count + 1)) }
        for _ in 0...r.int(below: 4) where !d.isEmpty {
            d[r.int(below: d.count)] = UInt8(r.int(below: 256))
        }
        return d
    }

    /// Decodes `count` mutants of `data`; returns how many decoded and how many threw.
    func survive(_ data: Data, count: Int, seed: UInt64, _ decode: (Data) throws -> Tensor) -> (ok: Int, thrown: Int) {
        var r = RandomGenerator(seed: seed)
        var ok = 0, thrown = 0
        for _ in 0..<count {
            do {
                let t = try decode(mutate(data, &r))
                #expect(t.count == t.shape.reduce(1, *))
                ok += 1
            } catch is DatasetError {
                thrown += 1
            } catch is TensorError {
                thrown += 1
            } catch {
                Issue.record("unexpected error type: \(error)")
            }
        }
        return (ok, thrown)
    }

    @Test(arguments: ["f4_2x3.npy", "fortran_2x3x2.npy", "v2_2x2.npy", "i8_4.npy", "scalar_f4.npy"])
    func damagedNPYFilesNeverCrash(name: String) throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: fixture(name)))
        let (ok, thrown) = survive(data, count: 2000, seed: 1) { try NPY.decode($0) }
        #expect(ok + thrown == 2000 && thrown > 100)
    }

    @Test(arguments: ["images_2x3x4.idx", "labels_2.idx", "float_3.idx"])
    func damagedIDXFilesNeverCrash(name: String) throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: fixture(name)))
        let (ok, thrown) = survive(data, count: 2000, seed: 2) { try IDX.decode($0) }
        #expect(ok + thrown == 2000 && thrown > 100)
    }

    @Test func damagedCSVTextNeverCrashes() throws {
        let text = "x,y,label\n0.5,1e-3,0\n-2,  3 ,1\n\"4\",5,2\r\n"
        let (ok, thrown) = survive(Data(text.utf8), count: 3000, seed: 3) {
            try CSV.parse(text: String(decoding: $0, as: UTF8.self)).values
        }
        #expect(ok + thrown == 3000 && ok > 100 && thrown > 100)
    }
}
