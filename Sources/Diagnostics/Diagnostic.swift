// Diagnostic: one error (or warning) as a value: what, where, and what to try instead.

/// A problem found in a program, carrying its place. Rendered by `DiagnosticRenderer` only.
public struct Diagnostic: Error, Sendable, CustomStringConvertible {
    public enum Severity: String, Sendable {
        case error, warning, note
    }

    public var severity: Severity
    /// Stable identifier listed in docs/errors.md (`E0301`).
    public var id: DiagnosticID
    /// One line, lower case start, no trailing period: "undeclared variable 'x'".
    public var message: String
    /// The source the span points into; nil for errors without a place (usage, I/O).
    public var file: SourceFile?
    /// Where the problem is; a zero-length span marks a point.
    public var span: SourceSpan?
    /// What to try instead, when a common mistake shows ("declare it first: `var x = ...`").
    public var hint: String?
    /// Extra lines of context, each rendered as `note: ...`.
    public var notes: [String]
    /// Runtime errors: the Cajal call stack, innermost first.
    public var stackTrace: [StackFrame]

    public init(
        _ severity: Severity = .error, id: DiagnosticID, message: String,
        file: SourceFile? = nil, span: SourceSpan? = nil, hint: String? = nil,
        notes: [String] = [], stackTrace: [StackFrame] = []
    ) {
        self.severity = severity
        self.id = id
        self.message = message
        self.file = file
        self.span = span
        self.hint = hint
        self.notes = notes
        self.stackTrace = stackTrace
    }

    /// Line and column of the span's start, when there is one.
    public var location: SourceLocation? {
        guard let file, let span else { return nil }
        return file.location(of: span.start)
    }

    /// The plain (uncoloured) rendering.
    public var description: String { DiagnosticRenderer().render(self) }
}

/// One line of a runtime stack trace: `in clip (lesson.cajal:4:10)`.
public struct StackFrame: Hashable, Sendable {
    /// The function's name, or `<script>` for top-level code, `<anonymous>` for `fn(x) = ...`.
    public var function: String
    public var fileName: String
    public var location: SourceLocation

    public init(function: String, fileName: String, location: SourceLocation) {
        self.function = function
        self.fileName = fileName
        self.location = location
    }
}

extension Diagnostic {
    /// The most errors one phase reports: past this, the rest are counted, not shown (a
    /// thousand echoes of one typo help nobody, and each would print its source line).
    public static let errorLimit = 20
}

extension Array where Element == Diagnostic {
    /// At most `Diagnostic.errorLimit` errors (warnings and notes are kept); when some were left
    /// out, the last error kept says how many. `unstored` counts errors already dropped
    /// before they were stored (a phase stops storing at the limit).
    public func cappedErrors(unstored: Int = 0) -> [Diagnostic] {
        var kept: [Diagnostic] = []
        var errors = 0, dropped = unstored
        for d in self {
            if d.severity == .error {
                errors += 1
                if errors > Diagnostic.errorLimit { dropped += 1; continue }
            }
            kept.append(d)
        }
        guard dropped > 0, let last = kept.lastIndex(where: { $0.severity == .error }) else { return kept }
        kept[last].notes.append("and \(dropped) more error\(dropped == 1 ? "" : "s") not shown; fix these first, later errors are often echoes of them")
        return kept
    }
}
