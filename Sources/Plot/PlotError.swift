// PlotError: the one error type of the Plot module, with its wording in one place.
//
// Errors are thrown when a figure's data is built (a Series whose x and y differ in length, a
// heatmap whose values do not fill rows × cols); rendering a built figure never fails.

/// A problem with the data given to a plot. `what` names the place ("series 'loss' x",
/// "heatmap values"), so the caller can add its own call site in front.
public enum PlotError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Two arrays that must match in length do not.
    case lengthMismatch(what: String, expected: Int, got: Int)
    /// A flat array does not hold exactly the product of a shape.
    case shapeMismatch(what: String, shape: [Int], count: Int)
    /// A range whose ends are not finite or not increasing.
    case invalidRange(what: String, lo: Double, hi: Double)
    /// Any other bad value, with a short reason.
    case invalidValue(what: String, reason: String)

    public var description: String {
        switch self {
        case let .lengthMismatch(what, expected, got):
            return "\(what): expected \(expected) values, got \(got)"
        case let .shapeMismatch(what, shape, count):
            let dims = shape.map(String.init).joined(separator: " × ")
            let product = shape.reduce(1, *)
            return "\(what): shape [\(dims)] needs \(product) values, got \(count)"
        case let .invalidRange(what, lo, hi):
            return "\(what): range \(lo)...\(hi) must be finite with lo < hi"
        case let .invalidValue(what, reason):
            return "\(what): \(reason)"
        }
    }
}
