// Export+Notebook: an executed lesson as a Jupyter notebook (nbformat 4.5). Prose cells are
// markdown cells; code cells carry their outputs: `stream` (stdout) for printed text,
// `execute_result` for the final value, `display_data` for figures in the bundle the kernel
// sends (`image/svg+xml`, the `image/png` fallback with its alt text, a `text/plain` terminal
// rendering), `error` for a failing cell's diagnostics. The metadata names the Cajal kernel
// and language as the kernel does, so Jupyter runs the notebook with `cajal kernel`.
import Foundation
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
        // The kernelspec and language_info the Cajal kernel answers (Ipynb+MIME.swift).
        let metadata: [String: Any] = [
            "kernelspec": JupyterLanguage.kernelspec,
            "language_info": JupyterLanguage.languageInfo,
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
                // The bundle the kernel sends: SVG, the PNG fallback (base64, one string) and text.
                var data: [String: Any] = [:]
                for (mime, value) in MIMEBundle.figure(f) { data[mime] = mime == "image/png" ? value as Any : JSON.lines(value) as Any }
                let alt = MIMEBundle.altText(f)
                let png: [String: Any] = ["width": f.pixelSize.width, "height": f.pixelSize.height, "alt": alt]
                return ["output_type": "display_data", "metadata": ["image/png": png, "title": f.title] as [String: Any],
                        "data": data]
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
