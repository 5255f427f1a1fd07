// Builtins: the one table of builtin functions. Each row has a name, parameters with defaults,
// a one-line doc, a Cajal example (with `# expect:` lines; every example runs in a test), its
// implementation, and its gradient declaration (Builtins+Gradient.swift). `:help` and docs/builtins.md are generated from this table.
import Diagnostics
import TensorCore

/// A builtin's parameter; `defaultValue == nil` means required.
struct BuiltinParameter {
    let name: String
    let defaultValue: Value?
}

/// One row of the builtin table.
struct Builtin: @unchecked Sendable {
    let name: String
    let parameters: [BuiltinParameter]
    /// Extra positional arguments are collected (print, zip, max of numbers).
    let variadic: Bool
    let category: String
    let doc: String
    let example: String
    /// A fast path for one number argument (exp, sqrt, ...), skipping argument binding.
    let numeric: (@convention(c) (Double) -> Double)?
    let body: (BuiltinCall) throws -> Value
    /// What it does with gradients: records, constant, refuses or inert (Builtins+Gradient).
    /// A new row declares it after its body: `Builtin(...) { c in ... }.constant("why")`.
    var gradient: GradientRule = .undeclared
    /// The file an argument names, read or written (`.readsFile("path")`); nil for a builtin
    /// that touches no file a caller chooses. The grader's sandbox refuses the ones declared.
    var fileAccess: BuiltinFileAccess? = nil

    init(_ name: String, _ parameters: [BuiltinParameter], variadic: Bool = false, category: String,
         doc: String, example: String, numeric: (@convention(c) (Double) -> Double)? = nil,
         _ body: @escaping (BuiltinCall) throws -> Value) {
        self.name = name
        self.parameters = parameters
        self.variadic = variadic
        self.category = category
        self.doc = doc
        self.example = example
        self.numeric = numeric
        self.body = body
    }

    /// `clip(z, lo: 0, hi: 1)` as the docs show it.
    func signature(_ vm: VM) -> String {
        var parts = parameters.map { p in p.defaultValue.map { "\(p.name): \(vm.repr($0, depth: 0))" } ?? p.name }
        if variadic { parts.insert("...", at: parameters.firstIndex { $0.defaultValue != nil } ?? parts.count) }
        return "\(name)(\(parts.joined(separator: ", ")))"
    }
}

/// What a builtin does with the file one of its arguments names.
public enum BuiltinFileAccess: Equatable, Sendable {
    case reads(parameter: String)
    case writes(parameter: String)

    /// The parameter that names the file.
    public var parameter: String {
        switch self {
        case .reads(let p), .writes(let p): return p
        }
    }
}

extension Builtin {
    /// This row reads the file its argument `parameter` names (load_csv's `path`).
    func readsFile(_ parameter: String) -> Builtin {
        var b = self
        b.fileAccess = .reads(parameter: parameter)
        return b
    }

    /// This row writes the file its argument `parameter` names (savefig's `path`).
    func writesFile(_ parameter: String) -> Builtin {
        var b = self
        b.fileAccess = .writes(parameter: parameter)
        return b
    }
}

/// Shorthands for parameter lists.
func req(_ name: String) -> BuiltinParameter { BuiltinParameter(name: name, defaultValue: nil) }
func opt(_ name: String, _ v: Value = .nil_) -> BuiltinParameter { BuiltinParameter(name: name, defaultValue: v) }

/// The arguments of one builtin call, bound to parameters, with typed accessors that throw in
/// the one dialect: "bad argument #2 to 'reshape' (list of numbers expected, got string)".
struct BuiltinCall {
    let vm: VM
    /// The row's call-path entry (name, parameter names).
    let entry: BuiltinEntry
    /// One value per parameter (defaults filled in).
    let args: [Value]
    /// Extra positional arguments of a variadic builtin.
    let rest: [Value]
    /// The call's named arguments, in order, and its argument count as written: the argument
    /// number each parameter came from is worked out from these only for a message.
    let names: [String]
    let argc: Int

    var name: String { entry.row.name }

    /// The argument number parameter `i` came from (for messages), 1-based: its place, or the
    /// place of the named argument that set it (the last, should two name it).
    func position(_ i: Int) -> Int {
        for k in names.indices.reversed() where entry.parameterNames.firstIndex(of: names[k]) == i {
            return argc - names.count + k + 1
        }
        return i + 1
    }

    subscript(_ i: Int) -> Value { args[i] }
    func isNil(_ i: Int) -> Bool { args[i] == .nil_ }

    func bad(_ i: Int, _ detail: String, hint: String? = nil) -> VMError {
        VMError.badArgument(position(i), name, detail, hint: hint)
    }

    func expected(_ i: Int, _ what: String) -> VMError {
        bad(i, "\(what) expected, got \(vm.describe(args[i]))")
    }

    func number(_ i: Int) throws -> Double {
        guard let x = vm.numberValue(args[i]) else { throw expected(i, "number") }
        return x
    }

    func int(_ i: Int) throws -> Int {
        let x = try number(i)
        guard x.isFinite, x == x.rounded(), abs(x) < 9.0e15 else { throw bad(i, "whole number expected, got \(formatNumber(x))") }
        return Int(x)
    }

    func optionalInt(_ i: Int) throws -> Int? { isNil(i) ? nil : try int(i) }

    func bool(_ i: Int) throws -> Bool {
        guard case .bool(let b) = args[i] else { throw expected(i, "bool") }
        return b
    }

    func string(_ i: Int) throws -> String {
        guard let s = vm.stringValue(args[i]) else { throw expected(i, "string") }
        return s
    }

    func list(_ i: Int) throws -> ListObj {
        guard let l = vm.listObject(args[i]) else { throw expected(i, "list") }
        return l
    }

    /// A tensor; numbers become 0-d tensors and lists of numbers become tensors.
    func tensor(_ i: Int) throws -> Tensor {
        guard let t = try vm.asTensor(args[i]) else { throw expected(i, "tensor") }
        return t
    }

    /// A shape: a list of whole numbers, a 1-D tensor, or one number.
    func shape(_ i: Int) throws -> [Int] {
        guard let s = try vm.shapeValue(args[i]) else { throw expected(i, "shape (list of whole numbers)") }
        return s
    }

    /// An axis or nil (all axes).
    func axes(_ i: Int) throws -> [Int]? {
        if isNil(i) { return nil }
        if vm.numberValue(args[i]) != nil { return [try int(i)] }
        if let s = try vm.shapeValue(args[i]) { return s }
        throw expected(i, "axis (a whole number or a list of them)")
    }

    func tensorResult(_ body: () throws -> Tensor) throws -> Value {
        vm.newTensor(try tensorOp(body))
    }
}

extension VM {
    /// The builtin table: every row, in documentation order.
    var builtins: [Builtin] { BuiltinTable.rows }

    func installBuiltins() {
        let n = BuiltinTable.rows.count + 1
        heap.builtinNumeric = .allocate(capacity: n)
        heap.builtinNumeric.initialize(repeating: nil, count: n)
        heap.builtinNumericCount = n
        for (i, b) in BuiltinTable.rows.enumerated() {
            let v = heap.allocate(BuiltinObj(id: i), kind: .builtin)
            builtinValues.append(v)
            if case .object(let r) = v, Int(r.index) < n { heap.builtinNumeric[Int(r.index)] = b.numeric }
        }
    }

    /// Calls builtin `id` with the `argc` arguments after `fa` (the last `names.count` named).
    /// The row is read through its entry (one object), not copied; the arguments are copied
    /// once into `args` with their defaults.
    func callBuiltin(_ id: Int, _ fa: UnsafeMutablePointer<Value>, argc: Int, names: [String],
                     receiverFirst: Bool = false) throws -> Value {
        let e = BuiltinTable.entries[id]
        if argc == 1, names.isEmpty, let f = e.row.numeric, case .number(let x) = fa[1] { return .number(f(x)) }
        var rest: [Value] = []
        var argcBound = argc
        if e.row.variadic {
            let positional = argc - names.count
            let fixed = e.fixed
            if positional > fixed {
                rest = Array(UnsafeBufferPointer(start: fa + 1 + fixed, count: positional - fixed))
                for k in 0..<names.count { fa[1 + fixed + k] = fa[1 + positional + k] }
                argcBound = fixed + names.count
            }
        }
        let n = e.parameterCount
        // All arguments positional and one per parameter: nothing to bind (bind would return).
        if !(names.isEmpty && argcBound == n) {
            try bind(fa, argc: argcBound, names: names, parameters: e.parameterNames,
                     hasDefault: e.hasDefault, function: e.row.name, receiverFirst: receiverFirst)
        }
        let args = [Value](unsafeUninitializedCapacity: n) { buffer, count in
            for i in 0..<n {
                let v = fa[1 + i]
                if case .undefined = v { buffer.initializeElement(at: i, to: e.defaults[i]) } else {
                    buffer.initializeElement(at: i, to: v)
                }
            }
            count = n
        }
        let call = BuiltinCall(vm: self, entry: e, args: args, rest: rest, names: names, argc: argc)
        return try runBuiltin(e, call)
    }
}

/// What the call path needs of one builtin row, made once per row (`BuiltinTable.entries`):
/// a call reads this one object instead of copying the row (a struct of strings, arrays and
/// closures: a retain and a release per field) and building the parameters' names, defaults
/// and the arguments' positions again on every call.
final class BuiltinEntry: @unchecked Sendable {
    let row: Builtin
    let parameterNames: [String]
    let hasDefault: [Bool]
    /// Each parameter's default, nil for a required one (never read: bind refuses the call).
    let defaults: [Value]
    /// The leading parameters without a default (a variadic row collects what comes after).
    let fixed: Int
    let parameterCount: Int
    /// The NaN/Inf sentinel looks at the result (VM+Sentinel.swift).
    let watched: Bool

    init(_ row: Builtin, watched: Bool) {
        self.row = row
        parameterNames = row.parameters.map(\.name)
        hasDefault = row.parameters.map { $0.defaultValue != nil }
        defaults = row.parameters.map { $0.defaultValue ?? .nil_ }
        fixed = row.parameters.prefix { $0.defaultValue == nil }.count
        parameterCount = row.parameters.count
        self.watched = watched
    }
}

extension BuiltinTable {
    /// One entry per row, in the rows' order.
    static let entries: [BuiltinEntry] = zip(rows, watched).map { BuiltinEntry($0, watched: $1) }
}
