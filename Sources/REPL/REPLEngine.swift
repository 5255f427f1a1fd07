// REPLEngine: everything the REPL asks of an interpreter, as one small protocol. The REPL's
// loop, commands and completion are written against it; InterpreterEngine.swift adapts the
// Interpreter's Session to it, and tests can drive the loop with a scripted engine.
import Diagnostics

/// Whether typed text is ready to run (the continuation-prompt decision).
public enum InputStatus: Sendable, Equatable {
    /// Run it.
    case complete
    /// Something is open (a bracket, a block, a `"""` string, a trailing operator): read more.
    case incomplete
    /// It can never become valid by adding lines (a stray `}`): run it now to show the error.
    case invalid
}

/// Why something failed, for the exit status of a piped session.
public enum FailureKind: Int32, Sendable, Comparable {
    /// A bad `:command` or bad arguments to one (exit 64).
    case usage = 64
    /// Syntax or resolution errors: nothing ran (exit 65).
    case `static` = 65
    /// An error while running (exit 70).
    case runtime = 70

    public static func < (a: FailureKind, b: FailureKind) -> Bool { a.rawValue < b.rawValue }
}

/// What an engine answers to a cell, a command or an inspection.
public enum EngineReply {
    /// Success; the text to show (a value's display form), or nil when there is nothing to show.
    case text(String?)
    /// Errors, rendered by the REPL with its colour policy.
    case failed([Diagnostic], FailureKind)
    /// Ctrl-C ended the computation; the session is intact.
    case interrupted
}

/// A user-visible global, for `:vars` and completion.
public struct GlobalInfo: Sendable, Equatable {
    public var name: String
    /// `number`, `tensor [2, 2]`, `fn clip(z, lo: 0, hi: 1)`.
    public var typeName: String
    /// A one-line preview of the value ("3", "[[1, 2], [3, 4]]", "…").
    public var summary: String

    public init(name: String, typeName: String, summary: String) {
        self.name = name
        self.typeName = typeName
        self.summary = summary
    }
}

/// One row of the builtins table (or a prelude function), for `:help` and completion.
public struct HelpEntry: Sendable, Equatable {
    public var name: String
    /// `clip(z, lo: 0, hi: 1)`.
    public var signature: String
    /// One line: what it computes, with the shape rule or formula.
    public var doc: String
    /// A Cajal example, one or more lines.
    public var example: String
    /// True for functions written in Cajal (the prelude), whose source `:source` shows.
    public var isPrelude: Bool
    /// The builtin's topic in `:help` (`tensor`, `math`, `nn`…); empty for the prelude.
    public var category: String

    public init(name: String, signature: String, doc: String, example: String, isPrelude: Bool = false, category: String = "") {
        self.name = name
        self.signature = signature
        self.doc = doc
        self.example = example
        self.isPrelude = isPrelude
        self.category = category
    }
}

/// What `:type`, `:shape` and `:graph` ask about an expression.
public enum Inspection: Sendable {
    case type, shape, graph
}

/// The interpreter as the REPL sees it. One engine is one session: globals persist between
/// calls to `run` until `reset`. All calls come from the main thread.
@MainActor
public protocol REPLEngine: AnyObject {
    /// Decides whether `source` (one or more lines) is ready to run.
    func status(of source: String) -> InputStatus
    /// Runs a cell named `name` (`<repl:3>`); `print` output goes to stdout as it happens. The
    /// display text of a final non-nil expression value comes back, and `_` is bound to it.
    func run(_ source: String, name: String) -> EngineReply
    /// Runs a file in the session's globals (`:load`).
    func load(path: String) -> EngineReply
    /// Evaluates `expression` without binding `_` and describes it.
    func inspect(_ expression: String, _ what: Inspection) -> EngineReply
    /// Finite-difference check of the gradient of `function` at `point` (both expressions).
    func gradcheck(function: String, at point: String) -> EngineReply
    /// User-defined globals, in definition order.
    func globals() -> [GlobalInfo]
    /// The builtins table and prelude functions.
    func helpEntries() -> [HelpEntry]
    /// Names after a `.` on the value at a path of identifiers (`["net", "layers"]`): record
    /// fields, tensor properties and methods. Nil when the path names nothing. Never runs code
    /// with side effects.
    func members(ofPath path: [String]) -> [String]?
    /// The Cajal source of a prelude function, or nil.
    func preludeSource(of name: String) -> String?
    /// Fresh globals, prelude reloaded.
    func reset()
    /// Reseeds the session's random generator.
    func seed(_ value: UInt64)
}
