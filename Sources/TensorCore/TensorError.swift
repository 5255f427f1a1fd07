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

    /// The same, with the shapes given as a tensor holds them.
    public init(op: String, message: String, shapes: [Dims], hint: String? = nil) {
        self.init(op: op, message: message, shapes: shapes.map(\.array), hint: hint)
    }

    /// `op: message`; the hint is kept apart so the caller can render it on its own line.
    public var description: String { "\(op): \(message)" }
}

/// `[2, 3]`: how shapes are written in every message.
public func shapeString<C: Collection<Int>>(_ shape: C) -> String {
    "[" + shape.map(String.init).joined(separator: ", ") + "]"
}

extension Tensor {
    /// The most elements one tensor may hold: the memory limit (MemoryLimit.bytes) in
    /// float32 elements. Larger requests throw instead of trapping.
    public static var maxElements: Int { MemoryLimit.bytes / 4 }

    /// The element count of `shape`, checking for negative dims, overflow and the memory limit.
    static func checkedCount(_ shape: Dims, op: String) throws -> Int {
        if let d = shape.first(where: { $0 < 0 }) {
            throw TensorError(
                op: op, message: "negative dimension \(d) in shape \(shapeString(shape))",
                shapes: [shape])
        }
        if shape.contains(0) { return 0 }
        guard let n = MemoryLimit.product(shape) else {
            let need = shape.reduce(4.0) { $0 * Double($1) }
            throw TensorError(
                op: op, message: "shape \(shapeString(shape)) would need \(MemoryLimit.byteString(need)); the limit is "
                    + MemoryLimit.byteString(Double(MemoryLimit.bytes)),
                shapes: [shape], hint: "use a smaller shape or a smaller batch")
        }
        do { try MemoryLimit.check(count: n, op: op, what: "shape \(shapeString(shape))") } catch var e as TensorError {
            e.shapes = [shape.array]
            throw e
        }
        return n
    }

    /// The element count of `shape`, checked as above.
    static func checkedCount(_ shape: [Int], op: String) throws -> Int {
        try checkedCount(Dims(shape), op: op)
    }

    /// `axis` made non-negative (Python style: -1 is the last axis), or a TensorError.
    static func normalizedAxis(_ axis: Int, rank: Int, op: String, shape: Dims) throws -> Int {
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
    static func normalizedAxes(_ axes: [Int], rank: Int, op: String, shape: Dims) throws -> [Int] {
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
    static func integerIndex(_ v: Float, op: String, shape: Dims) throws -> Int {
        guard v.isFinite, v == v.rounded(), Swift.abs(v) < 9.0e15 else {
            throw TensorError(
                op: op, message: "index \(v) is not a whole number", shapes: [shape],
                hint: "indices must be integers; use round() or floor() first")
        }
        return Int(v)
    }
}
