// AST: the syntax tree of a Cajal program, and the contract between the front end (parser,
// resolver) and the interpreter's compiler.
//
// THE CONTRACT (read this before compiling the tree)
//
// 1. `Parser.parse(_ file: SourceFile) -> (Program, [Diagnostic])` gives a tree whose every
//    `Binding` is `.unresolved` and whose `FrameInfo`s are empty.
//    `Resolver.resolve(_ program: Program, globals: inout GlobalScope) -> (Program, [Diagnostic])`
//    returns the same tree with every binding filled and every frame laid out.
//    `FrontEnd.analyze(_ file: SourceFile, globals: inout GlobalScope)` runs lexer, parser and
//    resolver and returns `(program, diagnostics)`; compile only when no diagnostic is an error.
//    Declare builtins (and run the prelude) into the `GlobalScope` first, then `sealAll()`.
//    Imports: the driver resolves each imported file (same GlobalScope) before the importer,
//    so the importer sees its names; `Program.imports` lists them.
// 2. Every function (each `FunctionLiteral`, and the top level of a program, `Program.frame`)
//    has a frame of `frame.slotCount` local slots. Parameters take slots 0..<params.count in
//    order. Locals of nested blocks take the next free slots; slots are reused after a block
//    ends, so `slotCount` is the high-water mark. A register compiler can put temporaries at
//    `slotCount` and above.
// 3. A name use (`VariableRef.binding`) or declaration (`Declared.binding`) is one of
//      .local(slot)     a slot in the current function's frame
//      .upvalue(index)  an index into the current closure's captured list `frame.upvalues`
//      .global(index)   an index into the session's `GlobalScope` (names, constness)
//    Top-level `let`/`var`/`fn` (not inside any block) are globals; everything else is local.
//    Globals resolve late: a top-level name is visible anywhere in its file (functions may
//    call functions defined further down); reading one before its definition ran is a runtime
//    error the interpreter reports (`.usedBeforeDefinition`).
// 4. Closures capture by reference, Lua style. `frame.upvalues[i]` says where capture i comes
//    from when the closure is created: `.local(slot)` of the immediately enclosing frame, or
//    `.upvalue(index)` of the enclosing closure. `Declared.captured` and
//    `VariableRef.captured` are true for a local that some closure captures, so a compiler may
//    either box such locals or keep them open on the stack; `Block.scope.capturedSlots` lists
//    the captured locals declared in a block so they can be closed when the block ends (each
//    loop iteration ends its body block: every iteration gets fresh loop variables).
// 5. `ForStmt.stateSlot` is the first of `ForStmt.stateSlotCount` hidden slots the resolver
//    reserves (outside the body's scope) for the iterator's state.
// 6. `x.f(args)` is `.methodCall`: at run time, a record with field `f` calls that field;
//    otherwise it means `f(x, args)`, where `MethodCall.function` is the binding of the name
//    `f` in scope at the call (`.unresolved` when no such name is in scope: then only a record
//    field or a builtin method can answer).
// 7. Spans are byte ranges into `Program.file`; `Diagnostic(file:span:)` renders them.
import Diagnostics

/// A whole source text: its statements in order, and the top-level frame.
public struct Program: Sendable {
    public var file: SourceFile
    public var statements: [Stmt]
    /// The frame of the top-level code (locals of top-level blocks and loops; no upvalues).
    public var frame: FrameInfo

    public init(file: SourceFile, statements: [Stmt], frame: FrameInfo = FrameInfo()) {
        self.file = file
        self.statements = statements
        self.frame = frame
    }

    /// The paths of the top-level `import` statements, in order (the driver loads these first).
    public var imports: [ImportStmt] {
        statements.compactMap { if case .importStmt(let i) = $0.kind { return i } else { return nil } }
    }
}

/// Where a name lives at run time. See the contract at the top of this file.
public enum Binding: Hashable, Sendable {
    case unresolved
    case local(Int)
    case upvalue(Int)
    case global(Int)
}

/// The layout of one function's frame, filled in by the resolver.
public struct FrameInfo: Hashable, Sendable {
    /// Number of local slots (parameters, locals, hidden loop state): the high-water mark.
    public var slotCount: Int
    /// What the closure captures, in upvalue-index order.
    public var upvalues: [UpvalueCapture]

    public init(slotCount: Int = 0, upvalues: [UpvalueCapture] = []) {
        self.slotCount = slotCount
        self.upvalues = upvalues
    }
}

/// One captured variable: where to find it in the enclosing function when the closure is made.
public struct UpvalueCapture: Hashable, Sendable {
    public enum Source: Hashable, Sendable {
        /// A slot of the immediately enclosing function's frame.
        case local(Int)
        /// An upvalue of the immediately enclosing closure.
        case upvalue(Int)
    }

    public var name: String
    public var source: Source

    public init(name: String, source: Source) {
        self.name = name
        self.source = source
    }
}

/// A name as written, with its place (field names, argument labels).
public struct Name: Hashable, Sendable {
    public var text: String
    public var span: SourceSpan

    public init(_ text: String, span: SourceSpan) {
        self.text = text
        self.span = span
    }
}

/// A name being declared (by let, var, fn, a parameter or a loop variable).
public struct Declared: Hashable, Sendable {
    public var name: String
    public var span: SourceSpan
    /// `.local(slot)` or `.global(index)` after resolution.
    public var binding: Binding
    /// True when the name is a local that some closure captures.
    public var captured: Bool

    public init(name: String, span: SourceSpan, binding: Binding = .unresolved, captured: Bool = false) {
        self.name = name
        self.span = span
        self.binding = binding
        self.captured = captured
    }
}

/// A use of a variable (read, or the target of an assignment).
public struct VariableRef: Hashable, Sendable {
    public var name: String
    public var span: SourceSpan
    public var binding: Binding
    /// For `.local` bindings: true when the local is captured by some closure.
    public var captured: Bool

    public init(name: String, span: SourceSpan, binding: Binding = .unresolved, captured: Bool = false) {
        self.name = name
        self.span = span
        self.binding = binding
        self.captured = captured
    }
}

/// A `{ ... }` block of statements; a scope.
public struct Block: Sendable {
    public var statements: [Stmt]
    public var span: SourceSpan
    public var scope: ScopeInfo

    public init(statements: [Stmt], span: SourceSpan, scope: ScopeInfo = ScopeInfo()) {
        self.statements = statements
        self.span = span
        self.scope = scope
    }
}

/// What a block's scope declares, filled in by the resolver.
public struct ScopeInfo: Hashable, Sendable {
    /// The first slot this block's locals use (the free slot when the block starts).
    public var firstSlot: Int
    /// Slots of locals declared directly in this block that some closure captures.
    public var capturedSlots: [Int]

    public init(firstSlot: Int = 0, capturedSlots: [Int] = []) {
        self.firstSlot = firstSlot
        self.capturedSlots = capturedSlots
    }
}
