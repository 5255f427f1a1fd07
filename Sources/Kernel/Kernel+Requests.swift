// Kernel+Requests: the shell requests that do not run code. `complete` and `is_complete` are
// the REPL's own completion and continuation logic; `inspect` and `:help` show the builtin
// table's rows (the source of docs/builtins.md) and the prelude's doc comments; `history`
// answers from the cells run in this kernel.
import Foundation
import Interpreter
import Language
import REPL

extension Kernel {
    /// `complete_request`: the REPL's Tab completion at the cursor (positions in code points).
    func complete(_ content: JSONObject) -> JSONObject {
        let code = content["code"] as? String ?? ""
        let scalars = Array(code.unicodeScalars)
        let cursor = min(max(content["cursor_pos"] as? Int ?? scalars.count, 0), scalars.count)
        var before = String(String.UnicodeScalarView(scalars[..<cursor]))
        // The completion context is the cursor's line.
        if let newline = before.lastIndex(of: "\n") { before = String(before[before.index(after: newline)...]) }
        let session = interpreter
        let found = MainActor.assumeIsolated { completions(in: session, line: before) }
        // Names the cell itself declares before the cursor, not run yet.
        let word = String(String.UnicodeScalarView(scalars[(cursor - found.wordLength)..<cursor]))
        var matches = found.matches
        let isName = word.first.map { $0 == "_" || $0.isLetter } ?? false && word.allSatisfy { $0 == "_" || $0.isLetter || $0.isNumber }
        if isName {
            let text = String(String.UnicodeScalarView(scalars[..<cursor]))
            let declared = text.matches(of: /\b(?:let|var|fn)\s+([A-Za-z_][A-Za-z0-9_]*)/).map { String($0.output.1) }
            matches = Array(Set(matches + declared.filter { $0.hasPrefix(word) && $0 != word })).sorted()
        }
        return ["status": "ok", "matches": matches, "cursor_start": cursor - found.wordLength,
                "cursor_end": cursor, "metadata": JSONObject()]
    }

    /// `is_complete_request`: the REPL's continuation decision.
    func isComplete(_ content: JSONObject) -> JSONObject {
        let code = content["code"] as? String ?? ""
        if code.trimmingCharacters(in: .whitespaces).hasPrefix(":") { return ["status": "complete"] }
        switch Completeness.check(code) {
        case .complete: return ["status": "complete"]
        case .invalid: return ["status": "invalid"]
        case .incomplete: return ["status": "incomplete", "indent": "    "]
        }
    }

    /// `inspect_request` (Shift-Tab in Lab): help on the name at the cursor.
    func inspect(_ content: JSONObject) -> JSONObject {
        let code = content["code"] as? String ?? ""
        let scalars = Array(code.unicodeScalars)
        let cursor = min(max(content["cursor_pos"] as? Int ?? scalars.count, 0), scalars.count)
        let isName: (Unicode.Scalar) -> Bool = { $0 == "_" || CharacterSet.alphanumerics.contains($0) }
        var start = cursor, end = cursor
        while start > 0 && isName(scalars[start - 1]) { start -= 1 }
        while end < scalars.count && isName(scalars[end]) { end += 1 }
        let name = String(String.UnicodeScalarView(scalars[start..<end]))
        guard !name.isEmpty, let text = helpText(name) else {
            return ["status": "ok", "found": false, "data": JSONObject(), "metadata": JSONObject()]
        }
        return ["status": "ok", "found": true, "data": ["text/plain": text], "metadata": JSONObject()]
    }

    /// Help on a builtin, a prelude function or a variable of the session; with no name, the
    /// list of topics. Nil when the name is none of these.
    func helpText(_ name: String?) -> String? {
        let builtins = interpreter.builtinHelp
        let prelude = interpreter.preludeHelp
        guard let name else {
            let topics = Dictionary(grouping: builtins, by: \.category).sorted { $0.key < $1.key }
            var lines = ["Cajal builtins by topic (:help NAME shows one):"]
            for (topic, rows) in topics {
                lines.append("  \(topic.isEmpty ? "other" : topic): " + rows.map(\.name).sorted().joined(separator: ", "))
            }
            lines.append("  prelude: " + prelude.map(\.name).sorted().joined(separator: ", "))
            lines.append("Notebook commands: :help [name], :clear, :seed N, :reset")
            return lines.joined(separator: "\n")
        }
        if let row = builtins.first(where: { $0.name == name }) {
            return describe(signature: row.signature, doc: row.doc, example: row.example, note: row.category.isEmpty ? nil : "topic: \(row.category)")
        }
        if let row = prelude.first(where: { $0.name == name }) {
            return describe(signature: row.signature, doc: row.doc, example: row.example, note: "written in Cajal (the prelude)")
        }
        if let global = interpreter.userGlobals.first(where: { $0.name == name }) {
            return "\(global.name): \(global.typeName)\n  \(global.summary)"
        }
        return nil
    }

    func describe(signature: String, doc: String, example: String, note: String?) -> String {
        var lines = [signature, "  " + doc]
        if !example.isEmpty {
            lines.append("  example:")
            lines += example.split(separator: "\n", omittingEmptySubsequences: false).map { "    " + $0 }
        }
        if let note { lines.append("  " + note) }
        return lines.joined(separator: "\n")
    }

    /// `history_request`: tail, range or search over this kernel's cells. Each entry is
    /// [session, line, input] or, with `output`, [session, line, [input, output]]. The session
    /// number is 1 (history is not kept across kernels).
    func historyReply(_ content: JSONObject) -> JSONObject {
        let withOutput = content["output"] as? Bool ?? false
        var rows = history
        switch content["hist_access_type"] as? String ?? "tail" {
        case "range":
            let start = content["start"] as? Int ?? 1
            let stop = content["stop"] as? Int ?? Int.max
            rows = rows.filter { $0.line >= start && $0.line < stop }
        case "search":
            let pattern = content["pattern"] as? String ?? "*"
            rows = rows.filter { Self.glob(pattern, matches: $0.code) }
            if content["unique"] as? Bool ?? false {
                var seen = Set<String>()
                rows = rows.reversed().filter { seen.insert($0.code).inserted }.reversed()
            }
            if let n = content["n"] as? Int, n > 0 { rows = Array(rows.suffix(n)) }
        default:
            if let n = content["n"] as? Int { rows = Array(rows.suffix(max(n, 0))) }
        }
        let entries: [[Any]] = rows.map { row in
            withOutput ? [1, row.line, [row.code, row.output as Any? ?? NSNull()]] : [1, row.line, row.code]
        }
        return ["status": "ok", "history": entries]
    }

    /// Shell-style glob (`*` any text, `?` one character), as IPython's history search uses.
    static func glob(_ pattern: String, matches text: String) -> Bool {
        let p = Array(pattern), t = Array(text)
        var memo: [Int: Bool] = [:]
        func match(_ i: Int, _ j: Int) -> Bool {
            let key = i * (t.count + 1) + j
            if let known = memo[key] { return known }
            let result: Bool
            if i == p.count { result = j == t.count }
            else if p[i] == "*" { result = match(i + 1, j) || (j < t.count && match(i, j + 1)) }
            else { result = j < t.count && (p[i] == "?" || p[i] == t[j]) && match(i + 1, j + 1) }
            memo[key] = result
            return result
        }
        return match(0, 0)
    }
}
