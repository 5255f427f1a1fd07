// Prelude: the NN library written in Cajal (Sources/Interpreter/Prelude/*.cajal), read, parsed,
// resolved and compiled once per process and loaded into every session before user code. What
// is shared between sessions is the global scope it declared (builtins first, in table order,
// then the prelude's top-level names, all sealed) and the compiled code (Prelude+Code.swift);
// each session rebuilds the prototypes on its own heap and runs the top level (which only
// defines functions).
//
// The files are compiled into the binary (the EmbedPrelude build plugin), so a copied `cajal`
// keeps its prelude; CAJAL_PRELUDE=dir reads them from a folder instead. Files load in
// `Prelude.order`, then any other `.cajal` file alphabetically; a missing file is skipped. A file with a static error is left out (its names are not declared)
// and the problem is reported to every session as a warning, so a broken prelude file never
// stops the interpreter. Prelude names are globals a user may shadow: a user's `fn Dense` gets a
// new slot, and the prelude's own calls keep pointing at the prelude's definition.
import Diagnostics
import Foundation
import Language

/// One prelude function as `:help` and `:source` show it.
public struct PreludeEntry: Sendable, Equatable {
    public var name: String
    /// `Dense(n_in, n_out, init: "glorot", bias: true)`.
    public var signature: String
    /// The first line of the doc comment above the definition.
    public var doc: String
    /// The lines after `# example:` in the doc comment, uncommented; "" when there is none.
    public var example: String
    /// The doc comment and the definition, exactly as written in the file.
    public var source: String
    /// `<prelude>/layers.cajal`.
    public var fileName: String
    /// The definition's first line (1-based).
    public var line: Int
    /// Always true: the entry is written in Cajal.
    public var isPrelude: Bool { true }
}

/// The parsed and resolved prelude, shared by every session of the process.
struct Prelude: Sendable {
    /// Files loaded first, in this order (the rest of the folder follows alphabetically).
    static let order = ["init.cajal", "layers.cajal", "recurrent.cajal", "model.cajal", "optim.cajal", "metrics.cajal", "train.cajal"]
    /// The prefix of every prelude file's name in messages and stack traces.
    static let namePrefix = "<prelude>/"

    /// Resolved programs, in load order.
    var programs: [Program] = []
    /// Builtins (index = builtin table row), then every prelude global; all sealed.
    var scope = GlobalScope()
    /// Static errors found while loading (the files they are in were left out).
    var problems: [Diagnostic] = []
    /// The programs compiled once (Prelude+Code.swift); nil when each session must compile.
    var code: PreludeCode?

    /// The process-wide prelude, built on first use: the files embedded in the binary at build
    /// time (the EmbedPrelude plugin), or those of `CAJAL_PRELUDE` when it is set.
    static let shared = Prelude.load(override: Prelude.folder())

    /// The embedded files, or those of `override` (CAJAL_PRELUDE); an override folder without
    /// any prelude file is reported as a warning rather than silently leaving Dense undefined.
    static func load(override folder: URL?) -> Prelude {
        guard let folder else { return Prelude(files: Prelude.embeddedFiles()) }
        var prelude = Prelude(folder: folder)
        if prelude.programs.isEmpty && prelude.problems.isEmpty {
            prelude.problems.append(Diagnostic(.warning, id: .runtimeError,
                message: "CAJAL_PRELUDE=\(folder.path) holds no .cajal files: Dense, fit and the rest of the prelude are not defined",
                hint: "unset CAJAL_PRELUDE to use the prelude built into cajal"))
        }
        return prelude
    }

    /// Reads, parses and resolves every prelude file in `folder` (nil: builtins only).
    init(folder: URL?) {
        self.init(files: Prelude.files(in: folder))
    }

    /// Parses and resolves `files` in order after the builtins.
    init(files: [SourceFile]) {
        for b in BuiltinTable.rows { scope.declare(b.name, kind: .builtin) }
        scope.sealAll()
        for file in files { add(file) }
        // Marked as builtins so listings of the user's globals (`:vars`) leave them out; they
        // stay shadowable like builtins.
        for e in scope.entries where !e.sealed { scope.declare(e.name, kind: .builtin) }
        scope.sealAll()
        code = PreludeCode(programs: programs)
    }

    /// Parses and resolves one file; on a static error leaves the scope as it was.
    private mutating func add(_ file: SourceFile) {
        let before = scope
        let (program, diagnostics) = FrontEnd.analyze(file, globals: &scope)
        let errors = diagnostics.filter { $0.severity == .error }
        guard errors.isEmpty, program.imports.isEmpty else {
            scope = before
            problems += errors.isEmpty
                ? [Diagnostic(.warning, id: .runtimeError, message: "a prelude file cannot import", file: file)]
                : errors.map { var d = $0; d.severity = .warning; d.message = "prelude not loaded: " + d.message; return d }
            return
        }
        programs.append(program)
    }

    /// `CAJAL_PRELUDE=path/to/Prelude`: a folder whose files replace the embedded ones (editing
    /// the prelude without rebuilding); nil when the variable is unset.
    static func folder() -> URL? {
        guard let env = ProcessInfo.processInfo.environment["CAJAL_PRELUDE"], !env.isEmpty else { return nil }
        return URL(fileURLWithPath: env)
    }

    /// The prelude's source files in `folder`, in load order.
    static func files(in folder: URL?) -> [SourceFile] {
        guard let folder,
              let names = try? FileManager.default.contentsOfDirectory(atPath: folder.path) else { return [] }
        return loadOrder(names.filter { $0.hasSuffix(".cajal") }).compactMap { name in
            guard let data = FileManager.default.contents(atPath: folder.appendingPathComponent(name).path) else { return nil }
            return SourceFile(name: namePrefix + name, bytes: Array(data))
        }
    }

    /// The files compiled into the binary (Sources/Interpreter/Prelude at build time), in load order.
    static func embeddedFiles() -> [SourceFile] {
        let texts = Dictionary(embeddedPreludeFiles.map { ($0.name, $0.text) }, uniquingKeysWith: { a, _ in a })
        return loadOrder(Array(texts.keys)).map { SourceFile(name: namePrefix + $0, bytes: Array(texts[$0]!.utf8)) }
    }

    /// `order` first (those present), then the rest alphabetically.
    private static func loadOrder(_ names: [String]) -> [String] {
        let present = Set(names)
        return order.filter(present.contains) + present.subtracting(order).sorted()
    }
}
