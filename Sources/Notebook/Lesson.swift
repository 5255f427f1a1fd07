// Lesson: a literate .cajal file as cells. The format (docs/notebooks.md) is Jupytext's
// "percent" form: `# %%` starts a code cell, `# %% [markdown]` a prose cell whose lines are
// `# ` comments holding Markdown. Lines `#> ` inside a code cell are its recorded output; a
// header line `# cajal: seed=0` records the seed the outputs were made with.

/// Options on a code cell's marker line: `# %% tolerance=1e-3 error=expected check=no`.
public struct CellOptions: Equatable, Sendable {
    /// Numbers in the output match when |actual − recorded| ≤ tolerance · max(1, |recorded|);
    /// nil: the lesson's default.
    public var tolerance: Double?
    /// The cell is meant to fail (its diagnostic is part of the recorded output).
    public var expectsError = false
    /// The output is not compared (timings, anything machine-dependent).
    public var check = true

    public init(tolerance: Double? = nil, expectsError: Bool = false, check: Bool = true) {
        self.tolerance = tolerance
        self.expectsError = expectsError
        self.check = check
    }

    /// The options as written after `# %%` (empty when all are defaults).
    public var text: String {
        var parts: [String] = []
        if let t = tolerance { parts.append("tolerance=\(formatTolerance(t))") }
        if expectsError { parts.append("error=expected") }
        if !check { parts.append("check=no") }
        return parts.joined(separator: " ")
    }
}

/// One cell of a lesson.
public struct Cell: Equatable, Sendable {
    public enum Kind: Equatable, Sendable { case markdown, code }
    public var kind: Kind
    /// Markdown (the `# ` prefixes removed) or Cajal source (recorded-output lines removed).
    public var source: String
    public var options: CellOptions
    /// The recorded output lines of a code cell (the text after `#> `), in order.
    public var recorded: [String]
    /// The 1-based line of the cell's marker in the file (of its first line when it has none).
    public var line: Int
    /// The code as it stands in the file (recorded-output lines are comments there), and the
    /// file line it starts on: what runs, so diagnostics point into the file.
    public var runnableSource: String
    public var bodyLine: Int

    public init(kind: Kind, source: String, options: CellOptions = CellOptions(), recorded: [String] = [], line: Int = 1,
                runnableSource: String? = nil, bodyLine: Int? = nil) {
        self.kind = kind
        self.source = source
        self.options = options
        self.recorded = recorded
        self.line = line
        self.runnableSource = runnableSource ?? source
        self.bodyLine = bodyLine ?? line + 1
    }
}

/// A lesson: an optional preamble (code before the first marker, usually only the header) and cells.
public struct Lesson: Equatable, Sendable {
    /// The seed the recorded outputs were made with (`# cajal: seed=N`); nil when absent.
    public var seed: UInt64?
    /// The default tolerance of every code cell (`# cajal: seed=0 tolerance=1e-6`).
    public var tolerance: Double
    public var cells: [Cell]

    public static let defaultTolerance = 1e-6

    public init(seed: UInt64? = nil, tolerance: Double = Lesson.defaultTolerance, cells: [Cell]) {
        self.seed = seed
        self.tolerance = tolerance
        self.cells = cells
    }

    /// The title: the first Markdown heading of the lesson, else nil.
    public var title: String? {
        for cell in cells where cell.kind == .markdown {
            for line in cell.source.split(separator: "\n") where line.hasPrefix("#") {
                return line.drop(while: { $0 == "#" }).trimmingCharacters(in: .whitespaces)
            }
        }
        return nil
    }

    /// The code cells, in order.
    public var codeCells: [Cell] { cells.filter { $0.kind == .code } }

    /// Whether `text` is a lesson rather than a plain script: it has a cell marker or a header.
    public static func looksLikeLesson(_ text: String) -> Bool {
        text.split(separator: "\n", omittingEmptySubsequences: false).contains { line in
            line.hasPrefix("# %%") || line.hasPrefix("# cajal:")
        }
    }
}

func formatTolerance(_ t: Double) -> String {
    var s = "\(t)"
    if s.hasSuffix(".0") { s.removeLast(2) }
    return s
}

import Foundation
