// DatasetError: the one error type of the Datasets room, and the wording of every message it
// renders. Bad arguments to a generator, a missing or damaged data file, a foreign .npy or IDX
// file: all end here as values carrying the place (function and argument, or path and line).

/// Something a caller of the Datasets room got wrong, or a file that is not what it should be.
///
///     bad argument 'noise' to 'moons' (a number >= 0 expected, got -0.5)
///     lessons/data/digits.csv:12: row 12 has 64 columns, expected 65
public enum DatasetError: Error, Equatable, Sendable, CustomStringConvertible {
    /// An argument out of its documented range: `function`, argument `name`, what was
    /// `expected`, what was `got`.
    case badArgument(function: String, name: String, expected: String, got: String)
    /// A file that could not be opened or read at all.
    case unreadable(path: String, reason: String)
    /// A file whose contents are not what the format says; `line` is 1-based when the format
    /// has lines (CSV), `nil` for binary formats (then `message` names the byte offset).
    case malformed(path: String, line: Int?, message: String)
    /// The shipped data directory was not found; `searched` lists every place looked at.
    case dataNotFound(file: String, searched: [String])
    /// Writing a file failed; nothing was left at `path` half-written.
    case writeFailed(path: String, reason: String)
    /// A value the format cannot hold (a shape too large, a dtype not supported).
    case unsupported(what: String, message: String)

    public var description: String {
        switch self {
        case let .badArgument(function, name, expected, got):
            return "bad argument '\(name)' to '\(function)' (\(expected) expected, got \(got))"
        case let .unreadable(path, reason):
            return "\(path): cannot read: \(reason)"
        case let .malformed(path, line, message):
            if let line { return "\(path):\(line): \(message)" }
            return "\(path): \(message)"
        case let .dataNotFound(file, searched):
            return "cannot find the shipped data file \(file); looked in:\n"
                + searched.map { "  " + $0 }.joined(separator: "\n")
                + "\nset CAJAL_DATA to the directory that holds \(file)"
        case let .writeFailed(path, reason):
            return "\(path): cannot write: \(reason)"
        case let .unsupported(what, message):
            return "\(what): \(message)"
        }
    }
}

/// Argument checks for the generators, all speaking the same dialect.
enum Check {
    /// Throws `badArgument` unless `ok`.
    static func that(
        _ ok: Bool, _ function: String, _ name: String, _ expected: String, _ got: @autoclosure () -> String
    ) throws {
        if !ok { throw DatasetError.badArgument(function: function, name: name, expected: expected, got: got()) }
    }

    /// `value` must lie in `range`.
    static func count(_ value: Int, in range: ClosedRange<Int>, _ function: String, _ name: String) throws {
        let expected = range.upperBound == Int.max
            ? "an integer >= \(range.lowerBound)"
            : "an integer in \(range.lowerBound)...\(range.upperBound)"
        try that(range.contains(value), function, name, expected, "\(value)")
    }

    /// `value` must be finite and at least `minimum` (strictly more when `strict`).
    static func number(
        _ value: Float, atLeast minimum: Float, strict: Bool = false, _ function: String, _ name: String
    ) throws {
        let ok = value.isFinite && (strict ? value > minimum : value >= minimum)
        let expected = "a number \(strict ? ">" : ">=") \(formatNumber(minimum))"
        try that(ok, function, name, expected, formatNumber(value))
    }
}

/// A float written the way a learner would type it: `2` not `2.0`, `0.1` not `0.10000000149`.
func formatNumber(_ v: Float) -> String {
    if v.isFinite && v == v.rounded() && Swift.abs(v) < 1e15 { return String(Int64(v)) }
    return "\(v)"
}
