// AST+Expr: expression nodes.
import Diagnostics

/// An expression with its place.
public struct Expr: Sendable {
    public var kind: ExprKind
    public var span: SourceSpan
    /// Levels from this node to its deepest leaf (1 for a leaf), fixed when the node is built
    /// (AST+Height.swift).
    public let height: Int

    public init(_ kind: ExprKind, span: SourceSpan) {
        self.kind = kind
        self.span = span
        height = kind.height
    }
}

public indirect enum ExprKind: Sendable {
    /// `12`, `1.5`, `1e-3`, `1_000` (all numbers are Double).
    case number(Double)
    /// A string literal without interpolation, escapes already applied.
    case string(String)
    /// `"total is {total:.2f}"`: literal parts and interpolated expressions, in order.
    case interpolated([StringPart])
    case bool(Bool)
    case nilLiteral
    case variable(VariableRef)
    /// `[e1, e2, ...]`: a tensor when every element is numeric (or a same-shaped nested
    /// bracket literal), otherwise a list. Decided at run time.
    case bracket([Expr])
    /// `{lr: 0.1, epochs: 10}`; `{}` is the empty record.
    case record([RecordField])
    case unary(UnaryOp, Expr)
    case binary(BinaryOp, Expr, Expr)
    /// `and` / `or`: short-circuit, operands must be bools.
    case logical(LogicalOp, Expr, Expr)
    /// `a..<b` (closed: false) or `a...b` (closed: true).
    case range(Expr, Expr, closed: Bool)
    /// `f(args)`.
    case call(Expr, [Argument])
    /// `x.f(args)`; see contract item 6 in AST.swift.
    case methodCall(MethodCall)
    /// `a[i]`, `A[0, 1]`, `A[:, 0]`, `A[..., 0]`.
    case index(Expr, [IndexItem])
    /// `a.b` (record field, or a property such as `.shape`, `.T`).
    case field(Expr, Name)
    /// `fn(x) = x * 2`, `fn(x) { ... }`.
    case function(FunctionLiteral)
}

public enum UnaryOp: String, Sendable {
    case negate = "-"
    case not = "not"
}

public enum BinaryOp: String, Sendable, CaseIterable {
    case add = "+", subtract = "-", multiply = "*", divide = "/", modulo = "%"
    case matmul = "@", power = "**"
    case equal = "==", notEqual = "!=", less = "<", lessEqual = "<=", greater = ">"
    case greaterEqual = ">="
}

public enum LogicalOp: String, Sendable {
    case and, or
}

/// A piece of an interpolated string.
public enum StringPart: Sendable {
    case literal(String)
    /// `{expr}` or `{expr:spec}`; `format` is the spec text after the colon (`.4f`, `>8`).
    case interpolation(Expr, format: String?)
}

/// `name: value` in a record literal.
public struct RecordField: Sendable {
    public var name: Name
    public var value: Expr

    public init(name: Name, value: Expr) {
        self.name = name
        self.value = value
    }
}

/// A call argument: positional (`label == nil`) or named (`hi: 9`).
public struct Argument: Sendable {
    public var label: Name?
    public var value: Expr

    public init(label: Name?, value: Expr) {
        self.label = label
        self.value = value
    }
}

/// `receiver.name(arguments)`.
public struct MethodCall: Sendable {
    public var receiver: Expr
    public var name: Name
    public var arguments: [Argument]
    /// The binding of `name` as a plain variable at the call site, or `.unresolved`.
    public var function: Binding

    public init(receiver: Expr, name: Name, arguments: [Argument], function: Binding = .unresolved) {
        self.receiver = receiver
        self.name = name
        self.arguments = arguments
        self.function = function
    }
}

/// One item between `[` and `]` of an index expression.
public enum IndexItem: Sendable {
    /// `A[i]`: a single index (negative counts from the end).
    case single(Expr)
    /// `A[start:stop:step]`, any part may be missing (`A[:]`, `A[::2]`).
    case slice(start: Expr?, stop: Expr?, step: Expr?, span: SourceSpan)
    /// `A[..., 0]`: all remaining axes.
    case ellipsis(SourceSpan)
}

/// A function: declared (`fn f(x) = ...`) or anonymous (`fn(x) { ... }`).
public struct FunctionLiteral: Sendable {
    /// The declared name, or nil for an anonymous function (stack traces say `<anonymous>`).
    public var name: String?
    public var parameters: [Parameter]
    public var body: FunctionBody
    public var span: SourceSpan
    /// The frame layout, filled in by the resolver.
    public var frame: FrameInfo

    public init(name: String?, parameters: [Parameter], body: FunctionBody, span: SourceSpan,
                frame: FrameInfo = FrameInfo()) {
        self.name = name
        self.parameters = parameters
        self.body = body
        self.span = span
        self.frame = frame
    }
}

/// `p` or `p: default`. Defaults are evaluated at each call, in the function's scope, left to
/// right, and may refer to earlier parameters.
public struct Parameter: Sendable {
    public var declared: Declared
    public var defaultValue: Expr?

    public init(declared: Declared, defaultValue: Expr?) {
        self.declared = declared
        self.defaultValue = defaultValue
    }
}

public enum FunctionBody: Sendable {
    /// `= expr`: the function returns the expression's value.
    case expression(Expr)
    /// `{ ... }`: falling off the end returns nil.
    case block(Block)
}
