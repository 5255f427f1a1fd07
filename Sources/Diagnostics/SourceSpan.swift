// SourceSpan and SourceLocation: where a thing is in a SourceFile.

/// A half-open range of UTF-8 byte offsets `start..<end` into a `SourceFile`'s `bytes`.
/// An empty span (`start == end`) marks a point, such as the end of input.
public struct SourceSpan: Hashable, Sendable, CustomStringConvertible {
    public var start: Int
    public var end: Int

    public init(start: Int, end: Int) {
        self.start = start
        self.end = max(start, end)
    }

    /// A point span at `offset`.
    public static func point(_ offset: Int) -> SourceSpan { SourceSpan(start: offset, end: offset) }

    /// The smallest span covering both.
    public func union(_ other: SourceSpan) -> SourceSpan {
        SourceSpan(start: min(start, other.start), end: max(end, other.end))
    }

    public var length: Int { end - start }
    public var description: String { "\(start)..<\(end)" }
}

/// A 1-based line and a 1-based column counted in characters (grapheme clusters).
public struct SourceLocation: Hashable, Sendable, CustomStringConvertible {
    public var line: Int
    public var column: Int

    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    public var description: String { "\(line):\(column)" }
}
