// Interpreter+Session: what the REPL and notebook need beyond running files: evaluate a cell
// and get the display text of its final expression (bound to `_`), the user's globals, the
// builtin table for :help and completion, members after a `.`, reseeding, and collecting
// garbage between cells (big tensor buffers are freed promptly).
import CInterrupt
import Diagnostics
import Language
import TensorCore

/// The result of evaluating one cell.
public struct CellResult {
    public var outcome: RunOutcome
    /// The display text of a final non-nil expression value (strings quoted, tensors as the
    /// tensor printer shows them), or nil.
    public var display: String?
    /// Every diagnostic of the cell, static and runtime alike.
    public var diagnostics: [Diagnostic]
    /// The final value when it is a tensor (hosts show it richer: the Jupyter kernel's table).
    public var tensor: Tensor?
    /// True when the cell ended because of Ctrl-C, or of a stop its host asked for
    /// (`requestStop`: a grader's limit) or its memory budget.
    public var interrupted: Bool { diagnostics.contains { $0.id == .interrupted } }
}

/// A builtin's help row (the same table docs/builtins.md is generated from).
public struct BuiltinHelp {
    public var name: String
    public var signature: String
    public var doc: String
    public var example: String
    /// Its topic (`tensor`, `math`, `nn`…), as docs/builtins.md groups them.
    public var category: String = ""
    /// The file an argument names, read or written (declared on the row); nil for none.
    public var fileAccess: BuiltinFileAccess? = nil
}

extension Interpreter {
    /// Evaluates a cell in this session. A final expression statement's non-nil value is shown
    /// and bound to the global `_`. The cell's live display is ended (`endLiveDisplay`) when it
    /// stops, and garbage is collected afterwards.
    public func evaluate(_ source: String, name: String = "<repl>") -> CellResult {
        let file = SourceFile(name: name, text: source)
        var diagnostics: [Diagnostic] = []
        let saved = onDiagnostic
        onDiagnostic = { d in diagnostics.append(d); saved(d) }
        defer {
            onDiagnostic = saved
            collectGarbage()
        }
        let proto: FunctionProto
        do {
            proto = try compile(file, returningLastExpression: true)
        } catch let list as DiagnosticList {
            diagnostics += list.diagnostics
            return CellResult(outcome: .staticError, display: nil, diagnostics: diagnostics)
        } catch let e as ImportRuntimeError {
            diagnostics.append(e.diagnostic)
            return CellResult(outcome: .runtimeError, display: nil, diagnostics: diagnostics)
        } catch let d as Diagnostic {
            diagnostics.append(d)
            return CellResult(outcome: .staticError, display: nil, diagnostics: diagnostics)
        } catch {
            diagnostics.append(Diagnostic(id: .runtimeError, message: "\(error)", file: file))
            return CellResult(outcome: .staticError, display: nil, diagnostics: diagnostics)
        }
        let ran = Result { try vm.runTopLevel(proto) }
        // The cell's live display ends with the cell (before its value or error is shown).
        endLiveDisplay()
        switch ran {
        case .success(let value):
            guard value != .nil_ else { return CellResult(outcome: .success, display: nil, diagnostics: diagnostics) }
            let slot = scope.lookup("_") ?? scope.declare("_", kind: .variable)
            vm.setGlobalValue(slot, value)
            return CellResult(outcome: .success, display: vm.repr(value, depth: 0), diagnostics: diagnostics,
                              tensor: vm.tensorValue(value))
        case .failure(let d as Diagnostic):
            diagnostics.append(d)
            return CellResult(outcome: .runtimeError, display: nil, diagnostics: diagnostics)
        case .failure(let error):
            diagnostics.append(Diagnostic(id: .runtimeError, message: "\(error)", file: file))
            return CellResult(outcome: .runtimeError, display: nil, diagnostics: diagnostics)
        }
    }

    /// Frees every object no global can reach (call between cells; nothing is running).
    public func collectGarbage() {
        guard vm.depth == 0 else { return }
        vm.collectGarbage(liveTop: vm.stack)
    }

    /// Objects currently alive on the heap (for tests of the collector).
    public var liveObjectCount: Int { vm.heap.liveCount }

    /// Global slots initialised so far (and scanned by each collection): the slots the session
    /// has declared, rounded up by doubling, out of the 65,536 bytecode can name.
    public var globalSlotsInitialized: Int { vm.globalsInitialized }

    /// Bytes of strings, lists, records and other objects (tensor storage aside) the last
    /// collection found alive: what this session adds to a memory budget's count.
    public var liveHeapBytes: Int { vm.heap.liveBytes }

    /// Restarts the session's random generator at `seed`.
    public func seed(_ seed: UInt64) { vm.rng = RandomGenerator(seed: seed) }

    /// The user's globals (not builtins), in declaration order, with type and a summary of at
    /// most 200 characters (the REPL's `:vars` fits it to the window).
    public var userGlobals: [(name: String, typeName: String, summary: String)] {
        scope.entries.enumerated().compactMap { i, e in
            guard e.kind != .builtin, scope.lookup(e.name) == i, vm.globalValue(i) != .undefined else { return nil }
            let v = vm.globalValue(i)
            var summary = vm.repr(v, depth: 0)
            if let t = vm.tensorValue(v) { summary = t.summary() }
            if summary.count > 200 { summary = String(summary.prefix(197)) + "..." }
            return (e.name, vm.describe(v), summary)
        }
    }

    /// Every builtin's help row.
    public var builtinHelp: [BuiltinHelp] {
        BuiltinTable.rows.map { BuiltinHelp(name: $0.name, signature: $0.signature(vm), doc: $0.doc, example: $0.example, category: $0.category,
                                             fileAccess: $0.fileAccess) }
    }

    /// The names after a `.` on the global value at `path` (record fields, or tensor
    /// properties); nil when the path names nothing. Runs no code.
    public func members(ofPath path: [String]) -> [String]? {
        guard let first = path.first, let slot = scope.lookup(first), vm.globalValue(slot) != .undefined else { return nil }
        var v = vm.globalValue(slot)
        for name in path.dropFirst() {
            guard let rec = vm.object(v, as: RecordObj.self), let i = rec.index(of: name) else { return nil }
            v = rec.values[i]
        }
        if let rec = vm.object(v, as: RecordObj.self) { return rec.names }
        if vm.tensorValue(v) != nil { return ["shape", "T", "ndim", "size"] }
        return []
    }
}
