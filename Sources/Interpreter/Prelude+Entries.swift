// Prelude+Entries: what `:help` and `:source` know about a prelude function, read from its
// file: the signature as written, the doc comment's first line, the example after `# example:`,
// and the exact text of the comment and definition.
//
// The doc comment is the block of `#` lines directly above `fn`:
//
//     # Dense(n_in, n_out): a fully connected layer, [batch, n_in] → [batch, n_out].
//     # ... more lines ...
//     # example:
//     #   print(Dense(3, 2).forward(ones([4, 3])).shape)   # expect: [4, 2]
//     fn Dense(n_in, n_out, init: "glorot", bias: true) { ... }
import Diagnostics
import Language

/// Every prelude function's help entry, read from the files on first use (only `:help`,
/// `:source` and completion need them, so running a file does not pay for them).
struct PreludeEntries: Sendable {
    /// Documented functions (names not starting with `_`), in load order.
    var documented: [PreludeEntry] = []
    /// Every top-level function's entry by name, helpers included (for `:source`).
    var byName: [String: PreludeEntry] = [:]

    static let shared = PreludeEntries(programs: Prelude.shared.programs)

    init(programs: [Program]) {
        for program in programs {
            for s in program.statements {
                guard case .fnDecl(let f) = s.kind else { continue }
                let entry = Prelude.entry(for: f, span: s.span, in: program.file)
                byName[entry.name] = entry
                if !entry.name.hasPrefix("_") { documented.append(entry) }
            }
        }
    }
}

extension Prelude {
    /// The entry for the top-level function `f`, declared by the statement at `span` of `file`.
    /// The doc line drops a leading `name(...): ` (the signature is shown on its own).
    static func entry(for f: FnDecl, span: SourceSpan, in file: SourceFile) -> PreludeEntry {
        let firstLine = file.location(of: span.start).line
        let comment = docComment(above: firstLine, in: file)
        var (doc, example) = splitDoc(comment)
        // "Dense(n_in, n_out): a fully connected layer ..." → the part after the signature.
        if doc.hasPrefix(f.name.name + "("), let colon = doc.range(of: "): ") { doc = String(doc[colon.upperBound...]) }
        let start = comment.isEmpty ? file.lineStarts[firstLine - 1] : file.lineStarts[firstLine - 1 - comment.count]
        let end = min(span.end, file.bytes.count)
        let source = String(decoding: file.bytes[start..<end], as: UTF8.self)
        return PreludeEntry(name: f.name.name, signature: signature(of: f, in: file), doc: doc, example: example,
                            source: source, fileName: file.name, line: firstLine)
    }

    /// The `#` lines directly above line `line` (1-based), top first, `#` and one space removed.
    static func docComment(above line: Int, in file: SourceFile) -> [String] {
        var lines: [String] = []
        var i = line - 1
        while i >= 1 {
            let text = file.lineText(i).trimmingLeadingSpaces()
            guard text.hasPrefix("#") else { break }
            var body = text.dropFirst()
            if body.hasPrefix(" ") { body = body.dropFirst() }
            lines.insert(String(body), at: 0)
            i -= 1
        }
        return lines
    }

    /// The doc line (the comment's first line) and the example (the lines after `example:`,
    /// with their common indentation removed).
    static func splitDoc(_ comment: [String]) -> (doc: String, example: String) {
        let doc = comment.first ?? ""
        guard let marker = comment.firstIndex(where: { $0.trimmingLeadingSpaces() == "example:" }) else { return (doc, "") }
        let body = comment[(marker + 1)...]
        let indent = body.filter { !$0.isEmpty }.map { $0.prefix(while: { $0 == " " }).count }.min() ?? 0
        return (doc, body.map { String($0.dropFirst(min(indent, $0.count))) }.joined(separator: "\n"))
    }

    /// `name(a, b, c: default)` with each default as written in the source.
    static func signature(of f: FnDecl, in file: SourceFile) -> String {
        let parameters = f.function.parameters.map { p -> String in
            guard let d = p.defaultValue else { return p.declared.name }
            let text = String(decoding: file.bytes[d.span.start..<min(d.span.end, file.bytes.count)], as: UTF8.self)
            return p.declared.name + ": " + text
        }
        return f.name.name + "(" + parameters.joined(separator: ", ") + ")"
    }
}

extension String {
    func trimmingLeadingSpaces() -> String {
        String(drop(while: { $0 == " " || $0 == "\t" }))
    }
}
