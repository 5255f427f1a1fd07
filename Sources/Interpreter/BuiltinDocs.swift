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
        return b.signature(vm) + "\n  " + b.doc + "\n\n  " + b.example.replacingOccurrences(of: "\n", with: "\n  ")
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
                out += "\n### `\(b.signature(vm))`\n\n\(b.doc)\n\n```cajal\n\(b.example)\n```\n"
            }
        }
        return out
    }
}
