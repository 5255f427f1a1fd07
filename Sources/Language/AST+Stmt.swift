// AST+Stmt: statement nodes.
import Diagnostics

/// A statement with its place.
public struct Stmt: Sendable {
    public var kind: StmtKind
    public var span: SourceSpan

    public init(_ kind: StmtKind, span: SourceSpan) {
        self.kind = kind
        self.span = span
    }
}

public indirect enum StmtKind: Sendable {
    /// An expression evaluated for effect (the REPL prints a non-nil value).
    case expression(Expr)
    /// `let x = e`, `var x = e`, `let a, b = e`.
    case varDecl(VarDecl)
    /// `fn name(params) = expr` or `fn name(params) { ... }`.
    case fnDecl(FnDecl)
    /// `x = e`, `x += e`, `r.f = e`, `A[i, j] -= e`.
    case assign(Assignment)
    case ifStmt(IfStmt)
    case whileStmt(WhileStmt)
    case forStmt(ForStmt)
    case breakStmt
    case continueStmt
    /// `return` or `return expr`.
    case returnStmt(Expr?)
    case importStmt(ImportStmt)
    case assertStmt(AssertStmt)
}

public struct VarDecl: Sendable {
    /// `var` (true) or `let` (false).
    public var isMutable: Bool
    /// One name, or several for destructuring (`let a, b = f()`).
    public var names: [Declared]
    public var value: Expr

    public init(isMutable: Bool, names: [Declared], value: Expr) {
        self.isMutable = isMutable
        self.names = names
        self.value = value
    }
}

public struct FnDecl: Sendable {
    /// The function's name: a global at top level, else a local declared before the body is
    /// resolved (so the function can call itself).
    public var name: Declared
    public var function: FunctionLiteral

    public init(name: Declared, function: FunctionLiteral) {
        self.name = name
        self.function = function
    }
}

public enum AssignOp: String, Sendable {
    case assign = "=", add = "+=", subtract = "-=", multiply = "*=", divide = "/="

    /// The arithmetic a compound assignment applies (`x += e` is `x = x + e`).
    public var binaryOp: BinaryOp? {
        switch self {
        case .assign: nil
        case .add: .add
        case .subtract: .subtract
        case .multiply: .multiply
        case .divide: .divide
        }
    }
}

/// What can be assigned to.
public enum AssignTarget: Sendable {
    case variable(VariableRef)
    case field(Expr, Name)
    case index(Expr, [IndexItem])
}

public struct Assignment: Sendable {
    public var target: AssignTarget
    public var op: AssignOp
    public var value: Expr

    public init(target: AssignTarget, op: AssignOp, value: Expr) {
        self.target = target
        self.op = op
        self.value = value
    }
}

/// `if c1 { } else if c2 { } else { }`, flattened: branches in order, then the else block.
public struct IfStmt: Sendable {
    public var branches: [IfBranch]
    public var elseBlock: Block?

    public init(branches: [IfBranch], elseBlock: Block?) {
        self.branches = branches
        self.elseBlock = elseBlock
    }
}

public struct IfBranch: Sendable {
    public var condition: Expr
    public var body: Block

    public init(condition: Expr, body: Block) {
        self.condition = condition
        self.body = body
    }
}

public struct WhileStmt: Sendable {
    public var condition: Expr
    public var body: Block

    public init(condition: Expr, body: Block) {
        self.condition = condition
        self.body = body
    }
}

/// `for x in e { }` or `for a, b in zip(xs, ys) { }`.
public struct ForStmt: Sendable {
    /// Number of hidden slots reserved for the iteration state.
    public static let stateSlotCount = 3

    /// The loop variables: locals declared in the body's scope (fresh each iteration).
    public var variables: [Declared]
    public var iterable: Expr
    public var body: Block
    /// First of `stateSlotCount` hidden slots for the iterator (filled by the resolver).
    public var stateSlot: Int

    public init(variables: [Declared], iterable: Expr, body: Block, stateSlot: Int = 0) {
        self.variables = variables
        self.iterable = iterable
        self.body = body
        self.stateSlot = stateSlot
    }
}

/// `import "path.cajal"` (path relative to the importing file).
public struct ImportStmt: Sendable {
    public var path: String
    public var pathSpan: SourceSpan

    public init(path: String, pathSpan: SourceSpan) {
        self.path = path
        self.pathSpan = pathSpan
    }
}

/// `assert cond` or `assert cond, message`.
public struct AssertStmt: Sendable {
    public var condition: Expr
    public var message: Expr?

    public init(condition: Expr, message: Expr?) {
        self.condition = condition
        self.message = message
    }
}
