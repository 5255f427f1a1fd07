// Lesson+Parse: reading the percent format into cells, and writing cells back (the
// `--record` mode rewrites recorded outputs through `Lesson.text`).
import Foundation

/// A problem in a lesson file's markers or header, with its line.
public struct LessonFormatError: Error, Equatable, CustomStringConvertible {
    public var line: Int
    public var message: String
    public var description: String { "line \(line): \(message)" }

    /// The error located in `path` as compilers write it: `path:line: message`.
    public func located(in path: String) -> String { "\(path):\(line): \(message)" }
}

extension Lesson {
    /// Parses the percent format. Lines before the first marker form a code cell of their own
    /// (unless blank or only the header). The header may also open a first cell of its own
    /// (`# %%` then `# cajal: seed=0`), as jupytext writes a lesson back from a notebook. Unknown marker options are errors, so a typo in
    /// `tolerance` is not silently ignored; so is a markdown cell line that is not a comment.
    public static func parse(_ text: String) throws -> Lesson {
        var lesson = Lesson(cells: [])
        var current: Cell? = nil
        var body: [String] = []
        // jupytext writes the header back as a first cell of its own (`# %%` then `# cajal:`).
        var headerCell = false
        // Whether every line of `body` so far is blank: kept as lines come, not found by looking
        // through the body at every line (a first cell of n blank lines took n² steps: a 64 KB
        // fuzz input of blank lines ran for minutes).
        var bodyBlank = true
        func close() {
            defer { headerCell = false }
            let preamble = current == nil
            var cell = current ?? Cell(kind: .code, source: "", line: 1, bodyLine: 1)
            cell.runnableSource = body.joined(separator: "\n")
            if cell.kind == .markdown {
                cell.source = trimBlankEdges(body.map(uncomment))
            } else {
                cell.recorded = body.compactMap(recordedLine)
                cell.source = trimBlankEdges(body.filter { recordedLine($0) == nil })
            }
            let empty = cell.source.isEmpty && cell.recorded.isEmpty
            // Comments alone before the first marker (jupytext's coding line and metadata block)
            // run nothing: not a cell.
            let commentsOnly = preamble && cell.recorded.isEmpty && cell.source.split(separator: "\n").allSatisfy(isComment)
            if !(preamble || headerCell) || !(empty || commentsOnly) { lesson.cells.append(cell) }
            body = []
            bodyBlank = true
        }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        for (i, raw) in lines.enumerated() {
            let line = raw.hasSuffix("\r") ? String(raw.dropLast()) : raw
            let firstCodeCellSoFarBlank = current?.kind == .code && lesson.cells.isEmpty && bodyBlank
            if line.hasPrefix("# cajal:") && (current == nil || firstCodeCellSoFarBlank) {
                try parseHeader(String(line.dropFirst(8)), line: i + 1, into: &lesson)
                if current != nil { headerCell = true }
            } else if line == "# %%" || line.hasPrefix("# %% ") {
                close()
                current = try parseMarker(String(line.dropFirst(4)), line: i + 1)
            } else {
                if current?.kind == .markdown { try checkProseLine(line, line: i + 1) }
                if bodyBlank && !line.trimmingCharacters(in: .whitespaces).isEmpty { bodyBlank = false }
                body.append(line)
            }
        }
        close()
        return lesson
    }

    /// A blank line or a comment (`#`, after optional spaces).
    static func isComment(_ line: Substring) -> Bool {
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        return trimmed.isEmpty || trimmed.hasPrefix("#")
    }

    /// A markdown cell's line must be a comment (or blank): a line that lost its `# ` is code
    /// to `cajal run`, so the lesson would not run as a script.
    static func checkProseLine(_ text: String, line: Int) throws {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty, !trimmed.hasPrefix("#") else { return }
        let shown = trimmed.count > 40 ? String(trimmed.prefix(40)) + "…" : trimmed
        throw LessonFormatError(line: line, message: "'\(shown)' in a markdown cell is not a comment, so 'cajal run' would run it "
                                + "as code; write it as '# \(shown)', or start a code cell above it with '# %%'")
    }

    static func parseHeader(_ rest: String, line: Int, into lesson: inout Lesson) throws {
        for word in rest.split(separator: " ") {
            let kv = word.split(separator: "=", maxSplits: 1).map(String.init)
            guard kv.count == 2 else { throw LessonFormatError(line: line, message: "expected key=value in the header, got '\(word)'") }
            switch kv[0] {
            case "seed":
                guard let s = UInt64(kv[1]) else { throw LessonFormatError(line: line, message: "seed must be a whole number, got '\(kv[1])'") }
                lesson.seed = s
            case "tolerance":
                guard let t = Double(kv[1]), t >= 0 else { throw LessonFormatError(line: line, message: "tolerance must be a number ≥ 0, got '\(kv[1])'") }
                lesson.tolerance = t
            default:
                throw LessonFormatError(line: line, message: "unknown header key '\(kv[0])' (known: seed, tolerance)")
            }
        }
    }

    static func parseMarker(_ rest: String, line: Int) throws -> Cell {
        var words = rest.split(separator: " ").map(String.init)
        var cell = Cell(kind: .code, source: "", line: line)
        if words.first == "[markdown]" || words.first == "[md]" {
            cell.kind = .markdown
            words.removeFirst()
        }
        for word in words {
            let kv = word.split(separator: "=", maxSplits: 1).map(String.init)
            switch (kv.first, kv.count == 2 ? kv[1] : nil) {
            case ("tolerance", let v?):
                guard let t = Double(v), t >= 0 else { throw LessonFormatError(line: line, message: "tolerance must be a number ≥ 0, got '\(v)'") }
                cell.options.tolerance = t
            case ("error", "expected"?): cell.options.expectsError = true
            case ("check", "no"?): cell.options.check = false
            case ("check", "yes"?): cell.options.check = true
            default:
                throw LessonFormatError(line: line, message: "unknown cell option '\(word)' (known: tolerance=T, error=expected, check=no)")
            }
        }
        return cell
    }

    /// `text` (a lesson file) with the recorded outputs of its code cells replaced by
    /// `outputs` (one list of lines per code cell, in order); every other line is kept as
    /// written. New outputs go after the last non-blank line of their cell.
    public static func rewriting(_ text: String, outputs: [[String]]) -> String {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var out: [String] = []
        // Code before the first marker is a cell of its own when it holds anything.
        let preamble = lines.prefix { !($0 == "# %%" || $0.hasPrefix("# %% ")) }
            .filter { !isComment(Substring($0)) }
        var codeIndex = preamble.isEmpty ? -1 : 0
        var inCode = !preamble.isEmpty
        func flush() {
            guard inCode, codeIndex >= 0, codeIndex < outputs.count else { return }
            var tail: [String] = []
            while let last = out.last, last.trimmingCharacters(in: .whitespaces).isEmpty { tail.append(out.removeLast()) }
            out += outputs[codeIndex].map { $0.isEmpty ? "#>" : "#> " + $0 }
            out += tail
        }
        let isMarker: (String) -> Bool = { $0 == "# %%" || $0.hasPrefix("# %% ") }
        for (i, line) in lines.enumerated() {
            if isMarker(line) {
                flush()
                inCode = !(line.hasPrefix("# %% [markdown]") || line.hasPrefix("# %% [md]"))
                // A first cell holding only the header (as jupytext writes it) is not a code cell.
                let headerOnly = codeIndex == -1 && lines[(i + 1)...].prefix { !isMarker($0) }
                    .allSatisfy { $0.hasPrefix("# cajal:") || $0.trimmingCharacters(in: .whitespaces).isEmpty }
                if inCode && headerOnly && lines[(i + 1)...].prefix(while: { !isMarker($0) }).contains(where: { $0.hasPrefix("# cajal:") }) {
                    inCode = false
                }
                if inCode { codeIndex += 1 }
            } else if inCode && recordedLine(line) != nil {
                continue
            }
            out.append(line)
        }
        flush()
        return out.joined(separator: "\n")
    }

    /// The text of the file: header, cells with markers, recorded outputs at the end of each
    /// code cell. Parsing the result gives back this lesson.
    public var text: String {
        var out: [String] = []
        var header: [String] = []
        if let s = seed { header.append("seed=\(s)") }
        if tolerance != Lesson.defaultTolerance { header.append("tolerance=\(formatTolerance(tolerance))") }
        if !header.isEmpty { out.append("# cajal: " + header.joined(separator: " ")) }
        for (i, cell) in cells.enumerated() {
            if i > 0 || !out.isEmpty { out.append("") }
            let opts = cell.options.text
            switch cell.kind {
            case .markdown:
                out.append("# %% [markdown]" + (opts.isEmpty ? "" : " " + opts))
                out += cell.source.split(separator: "\n", omittingEmptySubsequences: false).map { $0.isEmpty ? "#" : "# " + $0 }
            case .code:
                out.append("# %%" + (opts.isEmpty ? "" : " " + opts))
                if !cell.source.isEmpty { out.append(cell.source) }
                out += cell.recorded.map { $0.isEmpty ? "#>" : "#> " + $0 }
            }
        }
        return out.joined(separator: "\n") + "\n"
    }
}

/// The text after `#> ` (or `#>` alone: an empty line), nil for other lines.
func recordedLine(_ line: String) -> String? {
    if line == "#>" { return "" }
    if line.hasPrefix("#> ") { return String(line.dropFirst(3)) }
    return nil
}

/// A Markdown cell line without its `# ` (or a lone `#`).
func uncomment(_ line: String) -> String {
    if line == "#" { return "" }
    if line.hasPrefix("# ") { return String(line.dropFirst(2)) }
    return line
}

/// Lines joined, without blank lines at the start and end.
func trimBlankEdges(_ lines: [String]) -> String {
    var l = lines[...]
    while let f = l.first, f.trimmingCharacters(in: .whitespaces).isEmpty { l = l.dropFirst() }
    while let x = l.last, x.trimmingCharacters(in: .whitespaces).isEmpty { l = l.dropLast() }
    return l.joined(separator: "\n")
}
