// TensorError: the one error type of the tensor core, and the shape and axis checks that
// produce it. Every misuse of a tensor op ends here, never in a trap.
import Foundation

/// A misuse of a tensor operation: which op, what went wrong, the shapes involved, and a hint
/// when the likely fix is evident.
///
///     matmul: inner dimensions differ: [2, 3] @ [2, 3]
///     hint: did you mean A @ B.T?
public struct TensorError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The operation's user-facing name: "matmul", "reshape", "sum", ...
    public var op: String
    /// What went wrong, with the shapes written out: "inner dimensions differ: [2, 3] @ [2, 3]".
    public var message: String
    /// The operand shapes involved, in argument order.
    public var shapes: [[Int]]
    /// A suggested fix, when a common mistake shows ("did you mean A @ B.T?").
    public var hint: String?

    public init(op: String, message: String, shapes: [[Int]] = [], hint: String? = nil) {
        self.op = op
        self.message = message
        self.shapes = shapes
        self.hint = hint
    }

    /// `op: message`; the hint is kept apart so the caller can render it on its own line.
    public var description: String { "\(op): \(message)" }
}

/// `[2, 3]`: how shapes are written in every message.
public func shapeString(_ shape: [Int]) -> String {
    "[" + shape.map(String.init).joined(separator: ", ") + "]"
}

extension Tensor {
    /// The most elements one tensor may hold: 8 GiB of float32 (2^31 elements), or half the
    /// machine's physical memory if that is less. Larger requests throw instead of trapping.
    public static let maxElements: Int = {
        let eightGiB = 1 << 31
        let half = Int(clamping: ProcessInfo.processInfo.physicalMemory / 2) / 4
        return Swift.max(1 << 20, Swift.min(eightGiB, half))
    }()

    /// The element count of `shape`, checking for negative dims, overflow and the size limit.
    static func checkedCount(_ shape: [Int], op: String) throws -> Int {
        var n = 1
        var overflow = false
        for d in shape {
            if d < 0 {
                throw TensorError(
                    op: op, message: "negative dimension \(d) in shape \(shapeString(shape))",
                    shapes: [shape])
            }
            if !overflow {
                let (p, o) = n.multipliedReportingOverflow(by: d)
                if o { overflow = true } else { n = p }
            }
        }
        if shape.contains(0) { return 0 }
        if overflow || n > maxElements {
            let bytes = overflow ? "more than 2^63" : "\(n.multipliedReportingOverflow(by: 4).partialValue)"
            throw TensorError(
                op: op,
                message: "shape \(shapeString(shape)) needs \(bytes) bytes; the limit is "
                    + "\(maxElements / (1 << 28)) GiB (\(maxElements) elements)",
                shapes: [shape], hint: "use a smaller shape or a smaller batch")
        }
        return n
    }

    /// `axis` made non-negative (Python style: -1 is the last axis), or a TensorError.
    static func normalizedAxis(_ axis: Int, rank: Int, op: String, shape: [Int]) throws -> Int {
        let a = axis < 0 ? axis + rank : axis
        guard a >= 0 && a < rank else {
            throw TensorError(
                op: op,
                message: "axis \(axis) is out of range for a rank-\(rank) tensor of shape \(shapeString(shape))",
                shapes: [shape],
                hint: rank == 0 ? "a scalar has no axes" : "axes run from \(-rank) to \(rank - 1)")
        }
        return a
    }

    /// Several axes normalised; duplicates are an error.
    static func normalizedAxes(_ axes: [Int], rank: Int, op: String, shape: [Int]) throws -> [Int] {
        var out = axes
        for (i, axis) in axes.enumerated() {
            let a = try normalizedAxis(axis, rank: rank, op: op, shape: shape)
            if out[..<i].contains(a) {
                throw TensorError(
                    op: op, message: "axis \(axis) repeated in \(axes) for shape \(shapeString(shape))",
                    shapes: [shape])
            }
            if a != axis { out[i] = a }
        }
        return out
    }

    /// The integer a float index stands for, or a TensorError if it is not a whole number.
    static func integerIndex(_ v: Float, op: String, shape: [Int]) throws -> Int {
        guard v.isFinite, v == v.rounded(), Swift.abs(v) < 9.0e15 else {
            throw TensorError(
                op: op, message: "index \(v) is not a whole number", shapes: [shape],
                hint: "indices must be integers; use round() or floor() first")
        }
        return Int(v)
    }
}
