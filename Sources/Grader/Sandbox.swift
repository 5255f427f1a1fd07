// Sandbox: what a submission may reach before any of it runs. Cajal programs read files only
// through `import`, so the policy is checked statically on the parsed source: every import
// (followed recursively) must stay inside the submission's own folder and may not name the
// exercise's checks or solution. A submission may also not shadow a builtin that the checks
// rely on (unless the exercise exports that name): the checks would call the submission's
// version instead.
import Diagnostics
import Foundation
import Interpreter
import Language

struct SandboxViolation: Error {
    var message: String
}

enum Sandbox {
    /// Throws when `source` (at `path`) or anything it imports reaches outside `folder` or
    /// names one of `forbidden` (absolute paths). Files that cannot be read or parsed are left
    /// to the interpreter, which reports them with their place.
    /// Returns the identifiers of every file visited (for `checkFileBuiltins`), and the files.
    @discardableResult
    static func checkImports(source: String, path: String, folder: String, forbidden: Set<String>) throws -> (words: Set<String>, files: [(text: String, path: String)]) {
        var seen: Set<String> = [path]
        var words: Set<String> = []
        var files: [(text: String, path: String)] = []
        var queue: [(String, String)] = [(source, path)]
        let root = folder.hasSuffix("/") ? folder : folder + "/"
        while let (text, file) = queue.popLast() {
            words.formUnion(identifiers(in: text))
            files.append((text, file))
            let (program, _) = Parser.parse(SourceFile(name: file, text: text))
            for i in program.imports {
                let target = resolve(i.path, from: file)
                let shown = display(target, folder: root)
                guard target.hasPrefix(root) else {
                    throw SandboxViolation(message: "\(display(file, folder: root)) imports '\(i.path)', which is outside the submission's folder; a submission may only import files next to it")
                }
                guard !forbidden.contains(target) else {
                    throw SandboxViolation(message: "\(display(file, folder: root)) imports '\(shown)', the exercise's own checks or solution; that is not allowed")
                }
                guard !seen.contains(target) else { continue }
                seen.insert(target)
                if let data = FileManager.default.contents(atPath: target), let t = String(data: data, encoding: .utf8) {
                    queue.append((t, target))
                }
            }
        }
        return (words, files)
    }

    /// Builtins that read or write a file an argument names (load_csv, save_npy, savefig, ...):
    /// the rows that declare it (`.readsFile`/`.writesFile` in the builtin table), so new ones
    /// are covered without a change here.
    static func fileBuiltins(_ help: [BuiltinHelp]) -> [String] {
        help.filter { $0.fileAccess != nil }.map(\.name)
    }

    /// Throws when the submission's files name a builtin that reads or writes files: the only
    /// files a graded submission reaches are its imports (checked above) and the shipped data
    /// (through builtins such as digits() that take no path).
    static func checkFileBuiltins(words: Set<String>, help: [BuiltinHelp]) throws {
        if let name = fileBuiltins(help).sorted().first(where: { words.contains($0) }) {
            throw SandboxViolation(message: "your file uses \(name)(), which reads or writes files; graded work may not touch files (use the data the exercise gives you)")
        }
    }

    /// The absolute, symlink-free path an import names (relative to the importer's folder).
    static func resolve(_ path: String, from importer: String) -> String {
        let base = URL(fileURLWithPath: importer).deletingLastPathComponent()
        let url = path.hasPrefix("/") ? URL(fileURLWithPath: path) : base.appendingPathComponent(path)
        return url.standardizedFileURL.resolvingSymlinksInPath().path
    }

    static func display(_ path: String, folder: String) -> String {
        path.hasPrefix(folder) ? String(path.dropFirst(folder.count)) : path
    }

    /// The identifiers that appear in Cajal source `text` (a conservative superset of the
    /// names it uses: words in strings and comments count too).
    static func identifiers(in text: String) -> Set<String> {
        var out: Set<String> = []
        var word = ""
        for ch in text {
            if ch == "_" || ch.isLetter || (ch.isNumber && !word.isEmpty) {
                word.append(ch)
            } else {
                if !word.isEmpty { out.insert(word) }
                word = ""
            }
        }
        if !word.isEmpty { out.insert(word) }
        return out
    }
}

extension Sandbox {
    /// The builtin and prelude names a submission's code resolves to, for the `forbid:` rule:
    /// each declared sealed in a scope of its own, as a session declares them.
    static let libraryNames: [String] = {
        let interpreter = Interpreter()
        return interpreter.builtinHelp.map(\.name) + interpreter.preludeHelp.map(\.name)
    }()

    /// Throws, with the located error, when `text` (the file at `path`) names one of `forbid`
    /// as the builtin or prelude function: the resolved program decides, so a local variable or
    /// a function of the learner's own with that name does not count, and merely naming the
    /// builtin (`let f = conv2d`) does. `shownAs` is the file name the message gives.
    static func checkForbidden(_ text: String, path: String, shownAs: String, forbid: [String]) throws {
        guard !forbid.isEmpty, !identifiers(in: text).isDisjoint(with: forbid) else { return }
        var scope = GlobalScope()
        for n in libraryNames where scope.lookup(n) == nil { scope.declare(n, kind: .builtin, sealed: true) }
        let library = Dictionary(forbid.compactMap { n in scope.lookup(n).map { ($0, n) } }, uniquingKeysWith: { a, _ in a })
        let file = SourceFile(name: shownAs, text: text)
        let (program, syntax) = Parser.parse(file)
        if syntax.contains(where: { $0.severity == .error }) { return }   // the session reports it, located
        let (resolved, _) = Resolver.resolve(program, globals: &scope)
        var refs: [VariableRef] = []
        collectReferences(resolved, into: &refs)
        let found = refs.filter { if case .global(let i) = $0.binding { return library[i] == $0.name } else { return false } }
        guard let first = found.min(by: { $0.span.start < $1.span.start }) else { return }
        let d = Diagnostic(id: .runtimeError, message: "this exercise asks you not to use \(first.name)()", file: file, span: first.span,
                           hint: "write this part yourself; the exercise forbids \(forbid.map { "\($0)()" }.joined(separator: ", "))")
        throw SandboxViolation(message: "your file uses something the exercise forbids, so no check could run:\n" + DiagnosticRenderer().render(d))
    }

    /// Every variable reference in a resolved tree, found by reflection (so every kind of node
    /// is covered without a walker of its own).
    static func collectReferences(_ value: Any, into refs: inout [VariableRef]) {
        if let r = value as? VariableRef { refs.append(r); return }
        if value is String || value is Double || value is Int || value is Bool || value is SourceSpan || value is SourceFile { return }
        for child in Mirror(reflecting: value).children { collectReferences(child.value, into: &refs) }
    }
}
