// Shipped: the two datasets that come with Cajal (lessons/data; attribution in its README.md)
// — the UCI 8×8 digits with the fixed split used by every lesson, and Fisher's iris — checked
// row by row so that a damaged file gives a located error, never a crash.
import Foundation
import TensorCore

/// Fisher's iris: 150 flowers, 4 measurements (cm), 3 species.
public struct Iris: Sendable {
    /// [150, 4]: sepal length, sepal width, petal length, petal width.
    public var x: Tensor
    /// [150]: species index 0, 1, 2 (as floats), 50 of each, in file order.
    public var y: Tensor
    /// Species by index: setosa, versicolor, virginica.
    public var classNames: [String]
}

public enum Shipped {
    /// Which rows of the digits.
    public enum DigitsSplit: String, Sendable, CaseIterable {
        /// The first 898 rows (scikit-learn's `train_test_split(test_size=0.5, shuffle=False)`).
        case train
        /// The last 899 rows.
        case test
        /// All 1,797 rows.
        case all
    }

    public static let digitsRows = 1797
    public static let digitsTrainRows = 898

    /// The UCI optdigits test set as shipped by scikit-learn (lessons/data/digits.csv):
    /// 8×8 images, pixels 0..16 divided by 16, labels 0..9.
    ///
    /// - Parameter directory: the data directory; nil means `DataDirectory.locate()`.
    /// - Returns: x [n, 64] (`.flat`) or [n, 1, 8, 8] (`.image`), y [n]; n = 898 (train),
    ///   899 (test) or 1,797 (all). No randomness: the split is fixed.
    ///
    /// Cajal: `let (X, y) = digits("train")`
    public static func digits(
        split: DigitsSplit = .all, layout: ImageLayout = .flat, directory: URL? = nil
    ) throws -> Labeled {
        let path = try (directory ?? DataDirectory.locate(file: "digits.csv")).appendingPathComponent("digits.csv").path
        let (pixels, labels) = try parseDigits(CSV.readText(path), path: path)
        let rows: Range<Int> = switch split {
        case .train: 0..<digitsTrainRows
        case .test: digitsTrainRows..<digitsRows
        case .all: 0..<digitsRows
        }
        let x = Array(pixels[(rows.lowerBound * 64)..<(rows.upperBound * 64)])
        let shape = layout == .flat ? [rows.count, 64] : [rows.count, 1, 8, 8]
        return Labeled(x: try Tensor(shape: shape, values: x), y: try Tensor.vector(Array(labels[rows])))
    }

    /// Checks and parses digits.csv: 1,797 lines of 64 integers 0..16 then a label 0..9.
    static func parseDigits(_ text: String, path: String) throws -> (pixels: [Float], labels: [Float]) {
        let table = try CSV.parse(text: text, source: path, header: .absent)
        let (n, cols) = (table.values.shape[0], table.values.shape[1])
        guard cols == 65 || n == 0 else {
            throw DatasetError.malformed(path: path, line: table.lines.first,
                                         message: "row 1 has \(cols) columns, expected 65 (64 pixels then a label)")
        }
        guard n == digitsRows else {
            throw DatasetError.malformed(path: path, line: nil,
                                         message: "has \(n) rows, expected \(digitsRows) (the shipped UCI digits)")
        }
        let v = table.values.toArray()
        var pixels = [Float](repeating: 0, count: n * 64), labels = [Float](repeating: 0, count: n)
        for r in 0..<n {
            for c in 0..<65 {
                let value = v[r * 65 + c]
                let ok = value == value.rounded() && value >= 0 && value <= (c < 64 ? 16 : 9)
                guard ok else {
                    let what = c < 64 ? "pixel \(c + 1) is \(value), expected an integer 0...16"
                                      : "the label is \(value), expected an integer 0...9"
                    throw DatasetError.malformed(path: path, line: table.lines[r], message: "row \(r + 1): \(what)")
                }
                if c < 64 { pixels[r * 64 + c] = value / 16 } else { labels[r] = value }
            }
        }
        return (pixels, labels)
    }

    /// Fisher's iris (lessons/data/iris.csv): a header `150,4,setosa,versicolor,virginica`,
    /// then 150 rows of 4 measurements and a class index.
    ///
    /// Cajal: `let flowers = iris()`
    public static func iris(directory: URL? = nil) throws -> Iris {
        let path = try (directory ?? DataDirectory.locate(file: "iris.csv")).appendingPathComponent("iris.csv").path
        return try parseIris(CSV.readText(path), path: path)
    }

    static func parseIris(_ text: String, path: String) throws -> Iris {
        let table = try CSV.parse(text: text, source: path, header: .present)
        let head = table.header ?? []
        guard head.count >= 3, let n = Int(head[0]), let f = Int(head[1]), head.count == 2 + 3, f == 4 else {
            throw DatasetError.malformed(path: path, line: 1,
                message: "header is \"\(head.joined(separator: ","))\", expected \"150,4,<3 class names>\"")
        }
        let (rows, cols) = (table.values.shape[0], table.values.shape[1])
        guard cols == f + 1, rows == n else {
            throw DatasetError.malformed(path: path, line: nil,
                message: "has \(rows) rows of \(cols) columns, expected \(n) rows of \(f + 1) as the header says")
        }
        let v = table.values.toArray()
        var x: [Float] = [], y: [Float] = []
        for r in 0..<rows {
            let label = v[r * cols + f]
            guard label == label.rounded(), label >= 0, label < 3 else {
                throw DatasetError.malformed(path: path, line: table.lines[r],
                                             message: "row \(r + 1): class \(label), expected 0, 1 or 2")
            }
            x += v[(r * cols)..<(r * cols + f)]
            y.append(label)
        }
        return Iris(x: try Tensor(shape: [rows, f], values: x), y: try Tensor.vector(y), classNames: Array(head[2...]))
    }
}
