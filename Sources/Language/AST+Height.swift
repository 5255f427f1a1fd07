// AST+Height: how deep a tree is. The resolver, the compiler and even the tree's own
// destruction recurse once per level, so the parser refuses a tree taller than
// `Parser.maxHeight` (a sum of a million terms is a located error, never a stack overflow).
// Heights are computed bottom-up as nodes are built: each node looks only at its children.

extension ExprKind {
    /// The height of an expression of this kind: 1 + its tallest child.
    var height: Int {
        switch self {
        case .number, .string, .bool, .nilLiteral, .variable: return 1
        case .interpolated(let parts):
            return 1 + parts.reduce(0) { h, p in
                if case .interpolation(let e, _) = p { return max(h, e.height) }
                return h
            }
        case .bracket(let items): return 1 + items.reduce(0) { max($0, $1.height) }
        case .record(let fields): return 1 + fields.reduce(0) { max($0, $1.value.height) }
        case .unary(_, let e), .field(let e, _): return 1 + e.height
        case .binary(_, let a, let b), .logical(_, let a, let b), .range(let a, let b, _): return 1 + max(a.height, b.height)
        case .call(let callee, let args): return 1 + max(callee.height, Argument.height(args))
        case .methodCall(let m): return 1 + max(m.receiver.height, Argument.height(m.arguments))
        case .index(let base, let items): return 1 + max(base.height, IndexItem.height(items))
        case .function(let f): return 1 + f.height
        }
    }
}

extension Argument {
    static func height(_ args: [Argument]) -> Int { args.reduce(0) { max($0, $1.value.height) } }
}

extension IndexItem {
    static func height(_ items: [IndexItem]) -> Int {
        items.reduce(0) { h, item in
            switch item {
            case .single(let e): return max(h, e.height)
            case .slice(let a, let b, let c, _): return max(h, a?.height ?? 0, b?.height ?? 0, c?.height ?? 0)
            case .ellipsis: return h
            }
        }
    }
}

extension FunctionLiteral {
    /// The tallest expression in the parameters' defaults and the body, counting nested blocks.
    var height: Int {
        let defaults = parameters.reduce(0) { max($0, $1.defaultValue?.height ?? 0) }
        switch body {
        case .expression(let e): return max(defaults, e.height)
        case .block(let b): return max(defaults, b.height)
        }
    }
}

extension Block {
    /// 1 + the tallest statement (blocks nest at most `Parser.maxDepth` deep).
    var height: Int { 1 + statements.reduce(0) { max($0, $1.height) } }
}

extension Stmt {
    var height: Int {
        switch kind {
        case .expression(let e): return e.height
        case .varDecl(let d): return d.value.height
        case .fnDecl(let f): return 1 + f.function.height
        case .assign(let a):
            let target: Int
            switch a.target {
            case .variable: target = 1
            case .field(let e, _): target = e.height
            case .index(let e, let items): target = max(e.height, IndexItem.height(items))
            }
            return 1 + max(target, a.value.height)
        case .ifStmt(let s):
            let branches = s.branches.reduce(0) { max($0, $1.condition.height, $1.body.height) }
            return 1 + max(branches, s.elseBlock?.height ?? 0)
        case .whileStmt(let s): return 1 + max(s.condition.height, s.body.height)
        case .forStmt(let s): return 1 + max(s.iterable.height, s.body.height)
        case .breakStmt, .continueStmt, .importStmt: return 1
        case .returnStmt(let e): return 1 + (e?.height ?? 0)
        case .assertStmt(let s): return 1 + max(s.condition.height, s.message?.height ?? 0)
        }
    }
}
