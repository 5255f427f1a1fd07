// DiagnosticCatalog+Markdown: docs/errors.md, generated from the catalog (a test checks that
// the file in the repository is exactly this text).

extension DiagnosticCatalog {
    static let sections: [(title: String, prefix: String)] = [
        ("Usage and files", "E00"), ("Lexical errors", "E01"), ("Syntax errors", "E02"),
        ("Resolve errors (names, scopes, control flow)", "E03"), ("Imports", "E04"),
        ("Runtime errors", "E05"), ("Tensor errors", "E06"),
    ]

    /// The text of docs/errors.md.
    public static func markdown() -> String {
        var out = """
        # Cajal error codes

        Every error Cajal reports has a stable code. The terminal shows the message, the place
        and a hint; this page lists what each code means. (Generated from
        `Sources/Diagnostics/DiagnosticID.swift`; do not edit by hand. Regenerate with
        `CAJAL_RECORD=1 swift test --filter errorsDocument`.)

        Exit codes: 0 success, 64 usage, 65 static error (lexical, syntax, resolve, import),
        70 runtime error.

        """
        for (title, prefix) in sections {
            out += "\n## \(title)\n\n| code | error | meaning |\n| --- | --- | --- |\n"
            for e in entries where e.id.code.hasPrefix(prefix) {
                out += "| \(e.id) | \(escape(e.title)) | \(escape(e.meaning)) |\n"
            }
        }
        return out
    }

    /// A table cell: `|` escaped.
    static func escape(_ s: String) -> String {
        s.split(separator: "|", omittingEmptySubsequences: false).joined(separator: "\\|")
    }
}
