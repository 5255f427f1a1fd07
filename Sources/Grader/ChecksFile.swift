// ChecksFile: checks.cajal split into its header cell and check cells, with their metadata.
//
//     # %% exercise: Leaky ReLU
//     # exports: leaky_relu
//     # time: 2s
//     # memory: 256MiB
//     # steps: 1_000_000
//     # forbid: where                      # builtins the submission may not use
//     let xs = [-2, -0.5, 0, 1, 3]          # setup, run before every check
//
//     # %% check: keeps positive inputs | points: 2
//     # fail: leaky_relu must return positive inputs unchanged
//     # hint: for x > 0, leaky_relu(x) is x
//     # explain: ...
//     expect_close(leaky_relu([1, 3]), [1, 3])
import Foundation

struct ChecksFile {
    var title: String?
    var exports: [String] = []
    var forbid: [String] = []
    var limits = Limits.standard
    var setup = ""
    var checks: [CheckSpec] = []

    /// A cell: its marker line's text after `# %%`, the line number, and its lines.
    private struct Cell {
        var marker: String
        var line: Int
        var lines: [String]
    }

    static func parse(_ text: String, path: String) throws -> ChecksFile {
        var cells: [Cell] = []
        var preamble: [String] = []
        for (i, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = String(raw)
            if line.hasPrefix("# %%") {
                cells.append(Cell(marker: String(line.dropFirst(4)).trimmingCharacters(in: .whitespaces), line: i + 1, lines: []))
            } else if cells.isEmpty {
                preamble.append(line)
            } else {
                cells[cells.count - 1].lines.append(line)
            }
        }
        let fail = { (line: Int, message: String) in ExerciseError(file: path, line: line, message: message) }
        if preamble.contains(where: { !$0.trimmingCharacters(in: .whitespaces).isEmpty && !$0.hasPrefix("#") }) {
            throw fail(1, "code before the first `# %%` marker; put it in the `# %% exercise:` cell")
        }
        var file = ChecksFile()
        for cell in cells {
            let (meta, body, bodyLine) = splitMetadata(cell)
            if cell.marker.hasPrefix("exercise:") {
                guard file.checks.isEmpty, file.title == nil else { throw fail(cell.line, "the `# %% exercise:` cell must come first, once") }
                file.title = String(cell.marker.dropFirst("exercise:".count)).trimmingCharacters(in: .whitespaces)
                for (key, value, line) in meta {
                    switch key {
                    case "exports": file.exports = value.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
                    case "forbid":
                        file.forbid = value.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
                        if let unknown = file.forbid.first(where: { !Sandbox.libraryNames.contains($0) }) {
                            throw fail(line, "forbid: '\(unknown)' is not a builtin or prelude function (forbid lists those a submission may not use)")
                        }
                    case "time": file.limits.seconds = try parseSeconds(value, fail: { fail(line, $0) })
                    case "memory": file.limits.memoryBytes = try parseBytes(value, fail: { fail(line, $0) })
                    case "steps": file.limits.steps = try parseSteps(value, fail: { fail(line, $0) })
                    default: throw fail(line, "unknown exercise field '\(key)' (expected exports, forbid, time, memory or steps)")
                    }
                }
                file.setup = body
            } else if cell.marker.hasPrefix("check:") {
                file.checks.append(try parseCheck(cell.marker, line: cell.line, meta: meta, body: body, bodyLine: bodyLine,
                                                  number: file.checks.count + 1, defaults: file.limits, fail: fail))
            } else {
                throw fail(cell.line, "unknown cell marker '# %% \(cell.marker)' (expected `exercise:` or `check:`)")
            }
        }
        if file.checks.isEmpty { throw fail(1, "no `# %% check:` cells") }
        let names = file.checks.map(\.name)
        if let dup = names.first(where: { n in names.filter { $0 == n }.count > 1 }) {
            throw fail(1, "two checks are named '\(dup)'")
        }
        return file
    }

    /// The `# key: value` lines right under a marker, then the body and its first line number.
    private static func splitMetadata(_ cell: Cell) -> ([(String, String, Int)], String, Int) {
        var meta: [(String, String, Int)] = []
        var i = 0
        while i < cell.lines.count {
            let l = cell.lines[i]
            guard l.hasPrefix("# "), let colon = l.firstIndex(of: ":") else { break }
            let key = l[l.index(l.startIndex, offsetBy: 2)..<colon]
            guard !key.isEmpty, key.allSatisfy({ $0.isLetter }) else { break }
            // Field names are lower case; `# Note: ...` is a plain comment for the author.
            if key.contains(where: { $0.isUppercase }) { i += 1; continue }
            meta.append((String(key), l[l.index(after: colon)...].trimmingCharacters(in: .whitespaces), cell.line + 1 + i))
            i += 1
        }
        var body = Array(cell.lines[i...])
        while let last = body.last, last.trimmingCharacters(in: .whitespaces).isEmpty { body.removeLast() }
        return (meta, body.joined(separator: "\n"), cell.line + 1 + i)
    }

    private static func parseCheck(_ marker: String, line: Int, meta: [(String, String, Int)], body: String, bodyLine: Int,
                                   number: Int, defaults: Limits, fail: (Int, String) -> ExerciseError) throws -> CheckSpec {
        let parts = marker.dropFirst("check:".count).split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
        guard let name = parts.first, !name.isEmpty else { throw fail(line, "a check needs a name: `# %% check: NAME | points: N`") }
        var spec = CheckSpec(number: number, name: name, points: 1, hidden: false, failMessage: nil, hints: [],
                             explain: nil, limits: nil, body: body, bodyLine: bodyLine)
        for part in parts.dropFirst() {
            if part == "hidden" { spec.hidden = true; continue }
            if part == "visible" { continue }
            if part.hasPrefix("points:"), let p = Double(part.dropFirst(7).trimmingCharacters(in: .whitespaces)), p >= 0, p.isFinite {
                spec.points = p
                continue
            }
            throw fail(line, "unknown check option '\(part)' (expected `points: N`, `hidden` or `visible`)")
        }
        var limits = defaults
        for (key, value, l) in meta {
            switch key {
            case "fail": spec.failMessage = value
            case "hint": spec.hints.append(value)
            case "explain": spec.explain = spec.explain.map { $0 + " " + value } ?? value
            case "covers": spec.covers = value
            case "time": limits.seconds = try parseSeconds(value, fail: { fail(l, $0) }); spec.limits = limits
            case "memory": limits.memoryBytes = try parseBytes(value, fail: { fail(l, $0) }); spec.limits = limits
            case "steps": limits.steps = try parseSteps(value, fail: { fail(l, $0) }); spec.limits = limits
            default: throw fail(l, "unknown check field '\(key)' (expected fail, hint, explain, covers, time, memory or steps)")
            }
        }
        if body.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { throw fail(line, "check '\(name)' has no code") }
        return spec
    }

    /// `2s`, `500ms`, `2`.
    static func parseSeconds(_ s: String, fail: (String) -> ExerciseError) throws -> Double {
        let t = s.lowercased()
        let (num, scale) = t.hasSuffix("ms") ? (String(t.dropLast(2)), 0.001) : t.hasSuffix("s") ? (String(t.dropLast()), 1.0) : (t, 1.0)
        guard let v = Double(num.trimmingCharacters(in: .whitespaces)), v > 0, v.isFinite else { throw fail("bad time '\(s)' (write e.g. 2s or 500ms)") }
        return v * scale
    }

    /// `1000000` or `1_000_000`.
    static func parseSteps(_ s: String, fail: (String) -> ExerciseError) throws -> Int {
        guard let n = Int(s.replacingOccurrences(of: "_", with: "")), n > 0 else { throw fail("bad steps '\(s)' (write a whole number, e.g. 1_000_000)") }
        return n
    }

    /// `256MiB`, `1GiB`, `64KiB`.
    static func parseBytes(_ s: String, fail: (String) -> ExerciseError) throws -> Int {
        let units: [(String, Int)] = [("KiB", 1 << 10), ("MiB", 1 << 20), ("GiB", 1 << 30)]
        for (u, scale) in units where s.hasSuffix(u) {
            if let v = Int(s.dropLast(u.count).trimmingCharacters(in: .whitespaces)), v > 0 { return v * scale }
        }
        throw fail("bad memory '\(s)' (write e.g. 256MiB or 1GiB)")
    }
}
