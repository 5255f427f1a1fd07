// LessonSession: one interpreter session that runs a lesson's code cells in order and
// captures each cell's output as items (printed text, the final value, figures, diagnostics),
// so the terminal runner, the checker and the exporters all see the same thing.
import Diagnostics
import Foundation
import Interpreter
import Plot

/// One piece of a cell's output, in the order it happened.
public enum OutputItem {
    /// Text written by `print` (and other builtins that print).
    case stream(String)
    /// The display text of the cell's final expression value (shown as in the REPL).
    case value(String)
    /// A figure a plot builtin displayed.
    case figure(Figure)
    /// A diagnostic, rendered without colour.
    case error(String)

    /// The lines this item contributes to the checked output. A figure checks as
    /// `[plot: title]` (its picture is compared by the Plot room's snapshots, not here).
    public var checkedText: String {
        switch self {
        case .stream(let s): return s
        case .value(let s): return s + "\n"
        case .figure(let f): return f.title.isEmpty ? "[plot]\n" : "[plot: \(f.title)]\n"
        case .error(let s): return s.hasSuffix("\n") ? s : s + "\n"
        }
    }
}

/// What running one code cell gave.
public struct CellRun {
    public var items: [OutputItem]
    public var outcome: RunOutcome
    public var diagnostics: [Diagnostic]
    /// True when the cell was stopped with Ctrl-C.
    public var interrupted: Bool { diagnostics.contains { $0.id == .interrupted } }

    /// The output as lines for comparison with `#>` lines (no trailing empty line).
    public var checkedLines: [String] {
        let text = items.map(\.checkedText).joined()
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { trimTrailing(String($0)) }
        if lines.last == "" { lines.removeLast() }
        return lines
    }
}

/// A lesson's live session. `onItem` sees every output item as it happens (the terminal runner
/// prints them there); `run(cell:)` returns them too.
public final class LessonSession {
    public let interpreter: Interpreter
    /// The name diagnostics show for the file (e.g. `tour/lesson.cajal`).
    public let fileName: String
    public var onItem: (OutputItem) -> Void
    private var items: [OutputItem] = []

    public init(seed: UInt64, fileName: String, onItem: @escaping (OutputItem) -> Void = { _ in }) {
        self.fileName = fileName
        self.onItem = onItem
        interpreter = Interpreter(seed: seed)
        reclaim()
    }

    /// Points the session's print output and figures at this lesson again (after the REPL
    /// borrowed the interpreter).
    public func reclaim() {
        interpreter.output = { [unowned self] text in self.record(.stream(text)) }
        interpreter.onFigure = { [unowned self] figure in self.record(.figure(figure)) }
    }

    /// Keeps an output item of the running cell and passes it on to `onItem`.
    func record(_ item: OutputItem) {
        if case .stream(let s) = item, case .stream(let previous)? = items.last {
            items[items.count - 1] = .stream(previous + s)
        } else {
            items.append(item)
        }
        onItem(item)
    }

    /// Runs one code cell. Its source is padded with blank lines so diagnostics point at the
    /// cell's lines in the lesson file.
    public func run(_ cell: Cell) -> CellRun {
        items = []
        let padding = String(repeating: "\n", count: max(0, cell.bodyLine - 1))
        let result = interpreter.evaluate(padding + cell.runnableSource, name: fileName)
        if let display = result.display { record(.value(display)) }
        let renderer = DiagnosticRenderer(color: false)
        for d in result.diagnostics { record(.error(renderer.render(d))) }
        return CellRun(items: items, outcome: result.outcome, diagnostics: result.diagnostics)
    }
}
