// BuiltinDocs: docs/builtins.md and `:help` text, generated from the builtin table (the one
// source of truth). A test keeps docs/builtins.md equal to `builtinsMarkdown()`.

extension Interpreter {
    /// Every builtin's name and Cajal example (with `# expect:` lines), for tests.
    public static var builtinExamples: [(name: String, source: String)] {
        BuiltinTable.rows.map { ($0.name, $0.example) }
    }

    /// The help text of one builtin, or nil if no builtin has that name.
    public func help(_ name: String) -> String? {
        guard let i = BuiltinTable.index[name] else { return nil }
        let b = BuiltinTable.rows[i]
        // only what is worth a warning: a builtin that is constant or refuses a parameter
        let gradient = b.gradient.kind == "records" ? nil : b.gradient.docLine
        return b.signature(vm) + "\n  " + b.doc + (gradient.map { "\n  " + $0 } ?? "") + "\n\n  "
            + b.example.replacingOccurrences(of: "\n", with: "\n  ")
    }

    /// docs/builtins.md.
    public func builtinsMarkdown() -> String {
        var out = "# Builtins\n\n<!-- Generated from Sources/Interpreter/Builtins*.swift by `builtinsMarkdown()`; "
            + "do not edit by hand (a test checks it). -->\n\n"
            + "Every builtin can also be called as a method: `x.f(a)` means `f(x, a)`.\n"
        var categories: [String] = []
        for b in BuiltinTable.rows where !categories.contains(b.category) { categories.append(b.category) }
        for c in categories {
            out += "\n## \(c)\n"
            for b in BuiltinTable.rows where b.category == c {
                let gradient = b.gradient.docLine.map { "\n\n*\($0)*" } ?? ""
                out += "\n### `\(b.signature(vm))`\n\n\(b.doc)\(gradient)\n\n```cajal\n\(b.example)\n```\n"
            }
        }
        return out
    }
}
