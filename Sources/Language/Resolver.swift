// Resolver: decides, before anything runs, where every variable lives (a local slot, a
// captured upvalue, or a global index) and reports the static errors of names and control
// flow: undeclared names (with did-you-mean), assignment to `let`, `break`/`continue` outside
// a loop, `return` outside a function, duplicate parameters, defaults before non-defaults.
//
// It runs twice over the tree: the first pass only learns which locals some closure captures,
// so that the second pass can mark every declaration and use of those (see AST.swift, item 4).
import Diagnostics

public struct Resolver {
    /// What kind of thing a local name is; decides whether it may be assigned.
    enum LocalKind: Equatable {
        case variable, constant, function, parameter, loopVariable

        var isAssignable: Bool { self == .variable || self == .parameter }
    }

    struct Local {
        var name: String
        var slot: Int
        var kind: LocalKind
        /// Start offset of the declaring name: identifies the declaration across passes.
        var declaration: Int
    }

    struct Scope {
        var locals: [String: Local] = [:]
        var order: [Local] = []
        var firstSlot: Int
    }

    /// One function being resolved (index 0 is the program's top level).
    struct FunctionState {
        var scopes: [Scope]
        var nextSlot: Int = 0
        var maxSlot: Int = 0
        var upvalues: [UpvalueCapture] = []
        var loopDepth = 0
        var isFunction: Bool
    }

    let file: SourceFile
    var globals: GlobalScope
    var diagnostics: [Diagnostic] = []
    /// Errors found after `diagnostics` reached its cap: counted, not kept.
    var unstored = 0
    var functions: [FunctionState]
    /// Declarations (by name offset) known to be captured, from the first pass.
    let knownCaptured: Set<Int>
    /// Declarations found captured in this pass.
    var foundCaptured: Set<Int> = []
    /// Names being declared by the `let`/`var` whose initializer is being resolved.
    var initializing: [String] = []

    init(file: SourceFile, globals: GlobalScope, knownCaptured: Set<Int>) {
        self.file = file
        self.globals = globals
        self.knownCaptured = knownCaptured
        self.functions = [FunctionState(scopes: [], isFunction: false)]
    }

    /// Resolves `program` against the session's globals (declaring its top-level names there).
    /// Returns the annotated tree and the resolve diagnostics.
    public static func resolve(_ program: Program, globals: inout GlobalScope) -> (Program, [Diagnostic]) {
        var first = Resolver(file: program.file, globals: globals, knownCaptured: [])
        _ = first.resolveProgram(program)
        var second = Resolver(file: program.file, globals: globals, knownCaptured: first.foundCaptured)
        let resolved = second.resolveProgram(program)
        globals = second.globals
        return (resolved, second.diagnostics.cappedErrors(unstored: second.unstored))
    }

    mutating func resolveProgram(_ program: Program) -> Program {
        declareTopLevelNames(program.statements)
        var out = program
        out.statements = program.statements.map { resolve($0) }
        out.frame = FrameInfo(slotCount: functions[0].maxSlot, upvalues: [])
        return out
    }

    /// Globals resolve late: every top-level name of the file is known before any body.
    mutating func declareTopLevelNames(_ statements: [Stmt]) {
        for s in statements {
            switch s.kind {
            case .varDecl(let d):
                for n in d.names where globals.entry(n.name)?.kind != (d.isMutable ? .variable : .constant) {
                    globals.declare(n.name, kind: d.isMutable ? .variable : .constant)
                }
            case .fnDecl(let d) where globals.entry(d.name.name)?.kind != .function:
                globals.declare(d.name.name, kind: .function)
            default: break
            }
        }
    }

    mutating func report(_ id: DiagnosticID, _ message: String, _ span: SourceSpan, hint: String? = nil) {
        // Past the cap errors are only counted (`resolve` says how many were left out).
        guard diagnostics.count < 2 * Diagnostic.errorLimit else { unstored += 1; return }
        diagnostics.append(Diagnostic(id: id, message: message, file: file, span: span, hint: hint))
    }

    // MARK: - Scopes and slots

    var isTopLevel: Bool { functions.count == 1 && functions[0].scopes.isEmpty }

    mutating func beginScope() {
        let f = functions.count - 1
        functions[f].scopes.append(Scope(firstSlot: functions[f].nextSlot))
    }

    /// Ends the innermost scope, freeing its slots; returns its layout.
    mutating func endScope() -> ScopeInfo {
        let f = functions.count - 1
        let scope = functions[f].scopes.removeLast()
        functions[f].nextSlot = scope.firstSlot
        let captured = scope.order.filter { knownCaptured.contains($0.declaration) }.map(\.slot)
        return ScopeInfo(firstSlot: scope.firstSlot, capturedSlots: captured)
    }

    /// Takes `count` fresh slots in the current function.
    mutating func allocateSlots(_ count: Int) -> Int {
        let f = functions.count - 1
        let slot = functions[f].nextSlot
        functions[f].nextSlot += count
        functions[f].maxSlot = max(functions[f].maxSlot, functions[f].nextSlot)
        return slot
    }

    /// Declares a name in the innermost scope (a global at top level).
    mutating func declare(_ d: Declared, kind: LocalKind) -> Declared {
        var out = d
        if isTopLevel {
            let globalKind: GlobalScope.Kind = kind == .variable ? .variable : kind == .function ? .function : .constant
            out.binding = .global(globals.declare(d.name, kind: globalKind))
            return out
        }
        let f = functions.count - 1
        let s = functions[f].scopes.count - 1
        if let existing = functions[f].scopes[s].locals[d.name] {
            report(.redeclaration, "'\(d.name)' is already declared in this \(functions[f].scopes.count == 1 && functions[f].isFunction ? "function" : "block")",
                   d.span, hint: "pick another name, or assign to the existing one: \(d.name) = ..."
                       + " (declared at line \(file.location(of: existing.declaration).line))")
        }
        let local = Local(name: d.name, slot: allocateSlots(1), kind: kind, declaration: d.span.start)
        functions[f].scopes[s].locals[d.name] = local
        functions[f].scopes[s].order.append(local)
        out.binding = .local(local.slot)
        out.captured = knownCaptured.contains(local.declaration)
        return out
    }

    // MARK: - Lookup

    enum Found {
        case local(Local)
        case upvalue(Int)
        case global(Int)
    }

    func findLocal(_ name: String, in f: Int) -> Local? {
        for scope in functions[f].scopes.reversed() {
            if let local = scope.locals[name] { return local }
        }
        return nil
    }

    /// Finds where `name` lives from the current function, adding upvalues as needed.
    mutating func lookup(_ name: String) -> Found? {
        let f = functions.count - 1
        if let local = findLocal(name, in: f) { return .local(local) }
        if let up = resolveUpvalue(name, in: f) { return .upvalue(up) }
        if let g = globals.lookup(name) { return .global(g) }
        return nil
    }

    /// clox's resolveUpvalue: a local of the enclosing function, or an upvalue of it.
    mutating func resolveUpvalue(_ name: String, in f: Int) -> Int? {
        guard f > 0 else { return nil }
        if let local = findLocal(name, in: f - 1) {
            foundCaptured.insert(local.declaration)
            return addUpvalue(UpvalueCapture(name: name, source: .local(local.slot)), to: f)
        }
        if let up = resolveUpvalue(name, in: f - 1) {
            return addUpvalue(UpvalueCapture(name: name, source: .upvalue(up)), to: f)
        }
        return nil
    }

    mutating func addUpvalue(_ capture: UpvalueCapture, to f: Int) -> Int {
        if let i = functions[f].upvalues.firstIndex(of: capture) { return i }
        functions[f].upvalues.append(capture)
        return functions[f].upvalues.count - 1
    }

    /// The kind of local `name` would resolve to, for assignment checks (nil if not a local).
    func localKind(_ name: String) -> LocalKind? {
        for f in stride(from: functions.count - 1, through: 0, by: -1) {
            if let local = findLocal(name, in: f) { return local.kind }
        }
        return nil
    }

    /// Every name visible from here, for did-you-mean.
    func visibleNames() -> [String] {
        var names = globals.visibleNames
        for function in functions {
            for scope in function.scopes { names.append(contentsOf: scope.locals.keys) }
        }
        return names
    }
}
