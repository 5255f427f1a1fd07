// Export+Notebook: an executed lesson as a Jupyter notebook (nbformat 4.5). Prose cells are
// markdown cells; code cells carry their outputs: `stream` (stdout) for printed text,
// `execute_result` for the final value, `display_data` for figures in the bundle the kernel
// sends (`image/svg+xml`, the `image/png` fallback with its alt text, a `text/plain` terminal
// rendering), `error` for a failing cell's diagnostics. The metadata names the Cajal kernel
// and language as the kernel does, so Jupyter runs the notebook with `cajal kernel`.
import Plot

extension ExecutedLesson {
    /// The notebook as nbformat 4.5 JSON text (deterministic: sorted keys, stable cell ids).
    public func ipynb() -> String {
        var cells: [JSON] = []
        var count = 0
        for (index, (cell, run)) in zip(lesson.cells, runs).enumerated() {
            let id = JSON.string(String(format: "cell-%03d", index + 1))
            switch cell.kind {
            case .markdown:
                cells.append(.object(["cell_type": .string("markdown"), "id": id, "metadata": .object([:]),
                                      "source": JSON.lines(cell.source)]))
            case .code:
                count += 1
                let outputs = run.map { notebookOutputs($0, count: count) } ?? []
                var meta: [String: JSON] = [:]
                if cell.options.expectsError { meta["tags"] = .array([.string("raises-exception")]) }
                cells.append(.object(["cell_type": .string("code"), "id": id, "metadata": .object(meta),
                                      "execution_count": .number(count), "outputs": .array(outputs),
                                      "source": JSON.lines(cell.source)]))
            }
        }
        // The kernelspec and language_info the Cajal kernel answers (Ipynb+MIME.swift).
        let metadata: JSON = .object([
            "kernelspec": .object(JupyterLanguage.kernelspec.mapValues(JSON.string)),
            "language_info": .object(JupyterLanguage.languageInfo.mapValues(JSON.string)),
            "cajal": .object(["seed": .number(Int(clamping: seed))]),
        ])
        return JSON.object(["cells": .array(cells), "metadata": metadata, "nbformat": .number(4), "nbformat_minor": .number(5)]).text()
    }

    func notebookOutputs(_ run: CellRun, count: Int) -> [JSON] {
        let failed = run.outcome != .success
        return run.items.map { item -> JSON in
            switch item {
            case .stream(let s):
                return .object(["output_type": .string("stream"), "name": .string("stdout"), "text": JSON.lines(s)])
            case .value(let s):
                return .object(["output_type": .string("execute_result"), "execution_count": .number(count),
                                "metadata": .object([:]), "data": .object(["text/plain": JSON.lines(s)])])
            case .figure(let f):
                // The bundle the kernel sends: SVG, the PNG fallback (base64, one string) and text.
                var data: [String: JSON] = [:]
                for (mime, value) in MIMEBundle.figure(f) { data[mime] = mime == "image/png" ? .string(value) : JSON.lines(value) }
                let alt = MIMEBundle.altText(f)
                let png: JSON = .object(["width": .number(f.pixelSize.width), "height": .number(f.pixelSize.height), "alt": .string(alt)])
                return .object(["output_type": .string("display_data"), "metadata": .object(["image/png": png, "title": .string(f.title)]),
                                "data": .object(data)])
            case .error(let s):
                guard failed else {
                    return .object(["output_type": .string("stream"), "name": .string("stderr"), "text": JSON.lines(s)])
                }
                let headline = s.split(separator: "\n").first.map(String.init) ?? s
                let lines = s.split(separator: "\n", omittingEmptySubsequences: false).map { JSON.string(String($0)) }
                return .object(["output_type": .string("error"), "ename": .string(run.outcome == .staticError ? "StaticError" : "RuntimeError"),
                                "evalue": .string(headline), "traceback": .array(lines)])
            }
        }
    }
}

import Foundation
