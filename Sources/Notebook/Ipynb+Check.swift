// Ipynb+Check: an executed notebook's outputs against the lesson's recorded outputs, with the
// lesson's own rules (OutputCheck.swift: text exact, numbers within the cell's tolerance).
// This is how the tests show that a lesson exported with `cajal export --ipynb` and executed by
// Jupyter's nbclient under `cajal kernel` prints what the lesson recorded.
//
// A code cell's outputs become checked lines as the lesson runner makes them: printed text as
// is, a final value plus a newline, a figure as `[plot: title]` (its title in the output's
// metadata), an error's traceback without colours. The kernel's progress line (an output marked
// `progress`) is left out, as the terminal's is.
import Foundation

extension NotebookCommands {
    /// `cajal __check-notebook LESSON NOTEBOOK`: 0 when every checked cell matches, 1 on drift
    /// (a diff per cell on standard error), 65 when either file cannot be read.
    public static func checkNotebook(lesson path: String, notebook: String) -> Int32 {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8), let lesson = try? Lesson.parse(text) else {
            writeErr("cajal: cannot read the lesson '\(path)'\n")
            return 65
        }
        guard let data = FileManager.default.contents(atPath: notebook),
              let json = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any],
              let cells = json["cells"] as? [[String: Any]] else {
            writeErr("cajal: cannot read the notebook '\(notebook)'\n")
            return 65
        }
        let executed = cells.filter { $0["cell_type"] as? String == "code" }
        let expected = lesson.codeCells
        guard executed.count == expected.count else {
            writeErr("\(notebook): \(executed.count) code cells, the lesson has \(expected.count)\n")
            return 1
        }
        var drifted = 0
        for (cell, run) in zip(expected, executed) where cell.options.check {
            let lines = checkedLines(run["outputs"] as? [[String: Any]] ?? [])
            let tolerance = cell.options.tolerance ?? lesson.tolerance
            if let diff = outputDiff(recorded: cell.recorded, actual: lines, tolerance: tolerance) {
                writeErr("\(path):\(cell.line): drift: the notebook's output differs (- recorded, + notebook; numbers within \(formatTolerance(tolerance))):\n\(diff)\n")
                drifted += 1
            }
        }
        if drifted > 0 {
            writeErr("drift in \(drifted) of \(expected.count) code cells\n")
            return 1
        }
        writeOut("\(notebook): the outputs of \(expected.count) code cells match \(path)\n")
        return 0
    }

    /// A code cell's outputs as the lines the lesson runner compares.
    static func checkedLines(_ outputs: [[String: Any]]) -> [String] {
        var text = ""
        for output in outputs {
            let data = output["data"] as? [String: Any] ?? [:]
            let metadata = output["metadata"] as? [String: Any] ?? [:]
            switch output["output_type"] as? String {
            case "stream":
                text += stripANSI(joined(output["text"]))
            case "execute_result":
                text += joined(data["text/plain"]) + "\n"
            case "display_data":
                if metadata["progress"] as? Bool == true { continue }
                let title = metadata["title"] as? String ?? ""
                text += title.isEmpty ? "[plot]\n" : "[plot: \(title)]\n"
            case "error":
                let traceback = (output["traceback"] as? [String] ?? []).joined(separator: "\n")
                text += stripANSI(traceback) + "\n"
            default:
                continue
            }
        }
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { trimTrailing(String($0)) }
        if lines.last == "" { lines.removeLast() }
        return lines
    }

    /// A notebook string: one string, or a list of lines.
    static func joined(_ value: Any?) -> String {
        if let s = value as? String { return s }
        return (value as? [String] ?? []).joined()
    }

    /// Text without ANSI escape sequences (colours).
    static func stripANSI(_ s: String) -> String {
        s.replacingOccurrences(of: "\u{1b}\\[[0-9;]*[A-Za-z]", with: "", options: .regularExpression)
    }
}
