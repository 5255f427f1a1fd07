// Export+Notebook: an executed lesson as a Jupyter notebook (nbformat 4.5). Prose cells are
// markdown cells; code cells carry their outputs: `stream` (stdout) for printed text,
// `execute_result` for the final value, `display_data` with `image/svg+xml` and a
// `text/plain` terminal rendering for figures, `error` for a failing cell's diagnostics.
// The metadata names the Cajal kernel and language.
import Plot

extension ExecutedLesson {
    /// The notebook as nbformat 4.5 JSON text (deterministic: sorted keys, stable cell ids).
    public func ipynb() -> String {
        var cells: [[String: Any]] = []
        var count = 0
        for (index, (cell, run)) in zip(lesson.cells, runs).enumerated() {
            let id = String(format: "cell-%03d", index + 1)
            switch cell.kind {
            case .markdown:
                cells.append(["cell_type": "markdown", "id": id, "metadata": [String: Any](),
                              "source": JSON.lines(cell.source)])
            case .code:
                count += 1
                let outputs = run.map { notebookOutputs($0, count: count) } ?? []
                var meta: [String: Any] = [:]
                if cell.options.expectsError { meta["tags"] = ["raises-exception"] }
                cells.append(["cell_type": "code", "id": id, "metadata": meta,
                              "execution_count": count, "outputs": outputs,
                              "source": JSON.lines(cell.source)])
            }
        }
        let metadata: [String: Any] = [
            "kernelspec": ["name": "cajal", "display_name": "Cajal", "language": "cajal"],
            "language_info": ["name": "cajal", "file_extension": ".cajal",
                              "mimetype": "text/x-cajal", "pygments_lexer": "text"],
            "cajal": ["seed": Int(clamping: seed)],
        ]
        return JSON.text(["cells": cells, "metadata": metadata, "nbformat": 4, "nbformat_minor": 5] as [String: Any])
    }

    func notebookOutputs(_ run: CellRun, count: Int) -> [[String: Any]] {
        let failed = run.outcome != .success
        return run.items.map { item -> [String: Any] in
            switch item {
            case .stream(let s):
                return ["output_type": "stream", "name": "stdout", "text": JSON.lines(s)]
            case .value(let s):
                return ["output_type": "execute_result", "execution_count": count,
                        "metadata": [String: Any](), "data": ["text/plain": JSON.lines(s)]]
            case .figure(let f):
                let plain = f.terminal(TerminalOptions(colorMode: .none, ascii: false))
                return ["output_type": "display_data", "metadata": [String: Any](),
                        "data": ["image/svg+xml": JSON.lines(f.svg()), "text/plain": JSON.lines(plain)]]
            case .error(let s):
                guard failed else {
                    return ["output_type": "stream", "name": "stderr", "text": JSON.lines(s)]
                }
                let headline = s.split(separator: "\n").first.map(String.init) ?? s
                let lines = s.split(separator: "\n", omittingEmptySubsequences: false).map { String($0) }
                return ["output_type": "error", "ename": run.outcome == .staticError ? "StaticError" : "RuntimeError",
                        "evalue": headline, "traceback": lines]
            }
        }
    }
}

import Foundation
