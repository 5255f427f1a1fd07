// Resolver+Expressions: names in expressions and assignment targets.
import Diagnostics

extension Resolver {
    mutating func resolve(_ e: Expr) -> Expr {
        var out = e
        switch e.kind {
        case .number, .string, .bool, .nilLiteral: break
        case .interpolated(let parts):
            out.kind = .interpolated(parts.map { part in
                if case .interpolation(let inner, let format) = part { return .interpolation(resolve(inner), format: format) }
                return part
            })
        case .variable(let v): out.kind = .variable(resolveRead(v))
        case .bracket(let elements): out.kind = .bracket(elements.map { resolve($0) })
        case .record(let fields): out.kind = .record(resolveRecord(fields))
        case .unary(let op, let operand): out.kind = .unary(op, resolve(operand))
        case .binary(let op, let l, let r): out.kind = .binary(op, resolve(l), resolve(r))
        case .logical(let op, let l, let r): out.kind = .logical(op, resolve(l), resolve(r))
        case .range(let l, let r, let closed): out.kind = .range(resolve(l), resolve(r), closed: closed)
        case .call(let callee, let args): out.kind = .call(resolve(callee), resolveArguments(args))
        case .methodCall(let m):
            var call = m
            call.receiver = resolve(m.receiver)
            call.arguments = resolveArguments(m.arguments)
            call.function = binding(of: lookup(m.name.text))
            out.kind = .methodCall(call)
        case .index(let object, let items): out.kind = .index(resolve(object), items.map { resolveIndexItem($0) })
        case .field(let object, let name): out.kind = .field(resolve(object), name)
        case .function(let f): out.kind = .function(resolveFunction(f))
        }
        return out
    }

    mutating func resolveArguments(_ args: [Argument]) -> [Argument] {
        args.map { Argument(label: $0.label, value: resolve($0.value)) }
    }

    mutating func resolveIndexItem(_ item: IndexItem) -> IndexItem {
        switch item {
        case .single(let e): .single(resolve(e))
        case .slice(let start, let stop, let step, let span):
            .slice(start: start.map { resolve($0) }, stop: stop.map { resolve($0) }, step: step.map { resolve($0) }, span: span)
        case .ellipsis: item
        }
    }

    mutating func resolveRecord(_ fields: [RecordField]) -> [RecordField] {
        var seen: Set<String> = []
        return fields.map { f in
            if !seen.insert(f.name.text).inserted {
                report(.duplicateField, "field '\(f.name.text)' appears twice in this record", f.name.span,
                       hint: "each field of a record has one value")
            }
            return RecordField(name: f.name, value: resolve(f.value))
        }
    }

    func binding(of found: Found?) -> Binding {
        switch found {
        case .local(let l): .local(l.slot)
        case .upvalue(let i): .upvalue(i)
        case .global(let g): .global(g)
        case nil: .unresolved
        }
    }

    /// A variable read: found, or reported as undeclared (with a did-you-mean).
    mutating func resolveRead(_ v: VariableRef) -> VariableRef {
        var out = v
        guard let found = lookup(v.name) else {
            reportUndeclared(v, assigning: false)
            return out
        }
        out.binding = binding(of: found)
        if case .local(let l) = found { out.captured = knownCaptured.contains(l.declaration) }
        return out
    }

    mutating func reportUndeclared(_ v: VariableRef, assigning: Bool) {
        if initializing.contains(v.name) {
            report(.selfInitializer, "'\(v.name)' is used in its own initializer", v.span,
                   hint: "a variable exists only after its `let`/`var` line; a function that calls itself is declared with `fn \(v.name)(...)`")
            return
        }
        let suggestion = Suggest.closest(to: v.name, among: visibleNames())
        let hint: String
        if let foreign = Suggest.foreignWords[v.name] {
            hint = foreign
        } else if assigning {
            // `y = 5` is almost always a missing `let`, not a misspelt `x`: say that first, and
            // offer a near name only when it is long enough to be a likely typo.
            hint = "declare it first: `var \(v.name) = ...`"
                + (suggestion.map { v.name.count > 2 ? ", or did you mean '\($0)'?" : "" } ?? "")
        } else {
            hint = suggestion.map { "did you mean '\($0)'?" } ?? "declare it first: `let \(v.name) = ...`"
        }
        report(.undeclaredVariable, "undeclared variable '\(v.name)'", v.span, hint: hint)
    }

    mutating func resolveAssignment(_ a: Assignment) -> Assignment {
        let value = resolve(a.value)
        switch a.target {
        case .variable(let v):
            return Assignment(target: .variable(resolveWrite(v)), op: a.op, value: value)
        case .field(let object, let name):
            return Assignment(target: .field(resolve(object), name), op: a.op, value: value)
        case .index(let object, let items):
            return Assignment(target: .index(resolve(object), items.map { resolveIndexItem($0) }), op: a.op, value: value)
        }
    }

    /// A variable written: it must exist and be assignable (`var` or a parameter).
    mutating func resolveWrite(_ v: VariableRef) -> VariableRef {
        var out = v
        guard let found = lookup(v.name) else {
            reportUndeclared(v, assigning: true)
            return out
        }
        out.binding = binding(of: found)
        switch found {
        case .local(let l):
            out.captured = knownCaptured.contains(l.declaration)
            checkAssignable(v, kind: l.kind, declaredAt: l.declaration)
        case .upvalue:
            if let kind = localKind(v.name) { checkAssignable(v, kind: kind, declaredAt: nil) }
        case .global(let g):
            let entry = globals.entries[g]
            if !entry.kind.isAssignable { reportConstantGlobal(v, kind: entry.kind) }
        }
        return out
    }

    mutating func checkAssignable(_ v: VariableRef, kind: LocalKind, declaredAt: Int?) {
        guard !kind.isAssignable else { return }
        let line = declaredAt.map { " (line \(file.location(of: $0).line))" } ?? ""
        switch kind {
        case .function:
            report(.assignToConstant, "cannot assign to function '\(v.name)'", v.span,
                   hint: "'\(v.name)' was declared with `fn`\(line); use `var` for a value that changes")
        case .loopVariable:
            report(.assignToConstant, "cannot assign to loop variable '\(v.name)'", v.span,
                   hint: "the loop sets '\(v.name)' on each pass; count with a separate `var`, or use `while`")
        default:
            report(.assignToConstant, "cannot assign to '\(v.name)': it was declared with `let`\(line)", v.span,
                   hint: "declare it with `var` to change it: var \(v.name) = ...")
        }
    }

    mutating func reportConstantGlobal(_ v: VariableRef, kind: GlobalScope.Kind) {
        switch kind {
        case .builtin:
            report(.assignToConstant, "cannot assign to builtin '\(v.name)'", v.span,
                   hint: "declare your own with a new name, like `var my_\(v.name) = ...`")
        case .function:
            report(.assignToConstant, "cannot assign to function '\(v.name)'", v.span,
                   hint: "'\(v.name)' was declared with `fn`; use `var` for a value that changes")
        default:
            report(.assignToConstant, "cannot assign to '\(v.name)': it was declared with `let`", v.span,
                   hint: "declare it with `var` to change it: var \(v.name) = ...")
        }
    }
}
