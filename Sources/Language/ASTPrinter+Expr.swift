// ASTPrinter+Expr: expressions as S-expressions: `(+ a b)`, `(call f 1 (hi: 9))`, `[1 2]`.

extension ASTPrinter {
    func expr(_ e: Expr) -> String {
        switch e.kind {
        case .number(let d): return formatNumber(d)
        case .string(let s): return quote(s)
        case .interpolated(let parts): return "(str " + parts.map(part).joined(separator: " ") + ")"
        case .bool(let b): return b ? "true" : "false"
        case .nilLiteral: return "nil"
        case .variable(let v): return variable(v)
        case .bracket(let elements): return "[" + elements.map(expr).joined(separator: " ") + "]"
        case .record(let fields):
            return "(record" + fields.map { " (\($0.name.text) \(expr($0.value)))" }.joined() + ")"
        case .unary(let op, let operand): return "(\(op.rawValue) \(expr(operand)))"
        case .binary(let op, let l, let r): return "(\(op.rawValue) \(expr(l)) \(expr(r)))"
        case .logical(let op, let l, let r): return "(\(op.rawValue) \(expr(l)) \(expr(r)))"
        case .range(let l, let r, let closed): return "(\(closed ? "..." : "..<") \(expr(l)) \(expr(r)))"
        case .call(let callee, let args): return "(call \(expr(callee))\(arguments(args)))"
        case .methodCall(let m):
            let name = m.name.text + (resolved ? binding(m.function) : "")
            return "(method \(expr(m.receiver)) \(name)\(arguments(m.arguments)))"
        case .index(let object, let items):
            return "(index \(expr(object)) \(items.map(indexItem).joined(separator: " ")))"
        case .field(let object, let name): return "(. \(expr(object)) \(name.text))"
        case .function(let f): return "(fn " + functionRest(f, indent: 0) + ")"
        }
    }

    func part(_ p: StringPart) -> String {
        switch p {
        case .literal(let s): quote(s)
        case .interpolation(let e, let format): "{\(expr(e))\(format.map { ":" + $0 } ?? "")}"
        }
    }

    func arguments(_ args: [Argument]) -> String {
        args.map { a in a.label.map { " (\($0.text): \(expr(a.value)))" } ?? " " + expr(a.value) }.joined()
    }

    func indexItem(_ item: IndexItem) -> String {
        switch item {
        case .single(let e): expr(e)
        case .slice(let start, let stop, let step, _):
            "(slice \(start.map(expr) ?? "_") \(stop.map(expr) ?? "_")\(step.map { " " + expr($0) } ?? ""))"
        case .ellipsis: "..."
        }
    }
}
