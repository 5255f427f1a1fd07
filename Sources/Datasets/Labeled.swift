// Labeled: the inputs-and-targets pair most generators and the shipped data return.
import TensorCore

/// Inputs `x` and targets `y` with the same first axis (one row per example).
///
/// Classification sets hold integer class labels as floats in `y` ([n]); regression and
/// boolean-function sets hold target rows ([n, k]). Each generator documents its shapes.
public struct Labeled: Sendable {
    /// Inputs, one example per row along axis 0.
    public var x: Tensor
    /// Targets, one per example along axis 0.
    public var y: Tensor

    public init(x: Tensor, y: Tensor) {
        self.x = x
        self.y = y
    }

    /// The number of examples (the length of axis 0 of `x`).
    public var count: Int { x.shape.first ?? 0 }
}

/// Whether images come as flat rows or as single-channel pictures.
public enum ImageLayout: String, Sendable, CaseIterable {
    /// [n, h·w]: one flat row of pixels per image, row-major.
    case flat
    /// [n, 1, h, w]: one channel, for convolutions.
    case image
}
