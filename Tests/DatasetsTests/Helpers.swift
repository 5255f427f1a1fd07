// Helpers for DatasetsTests: where the fixtures and the shipped data are, float comparison
// with a stated tolerance, class counts, and a scratch directory per test.
import Foundation
import TensorCore
@testable import Datasets

/// Tests/DatasetsTests, from this file's path.
let testsDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
/// Tests/DatasetsTests/fixtures.
let fixtures = testsDirectory.appendingPathComponent("fixtures")
/// lessons/data in this checkout.
let shippedData = testsDirectory.deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("lessons/data")

func fixture(_ name: String) -> String { fixtures.appendingPathComponent(name).path }

/// Frozen generator values are compared at 1e-5 absolute: the random stream is integer
/// arithmetic and identical everywhere, but values that pass through sin/cos/log may differ by
/// an ulp between C libraries.
func close(_ a: [Float], _ b: [Float], tolerance: Float = 1e-5) -> Bool {
    a.count == b.count && zip(a, b).allSatisfy { Swift.abs($0 - $1) <= tolerance }
}

/// How many labels equal each class 0..<k.
func classCounts(_ y: Tensor, _ k: Int) -> [Int] {
    var c = [Int](repeating: 0, count: k)
    for v in y.toArray() { c[Int(v)] += 1 }
    return c
}

/// A fresh empty directory under the system temporary directory.
func scratchDirectory() throws -> URL {
    let url = FileManager.default.temporaryDirectory
        .appendingPathComponent("cajal-datasets-\(UUID().uuidString)", isDirectory: true)
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

/// The error a throwing call raised, as a DatasetError (nil if it did not throw one).
func datasetError(_ body: () throws -> Void) -> DatasetError? {
    do { try body() } catch let e as DatasetError { return e } catch { return nil }
    return nil
}
