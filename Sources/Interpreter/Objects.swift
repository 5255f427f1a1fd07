// Objects: the heap objects a Value handle can point to (strings, lists, records, tensors,
// closures, builtins, ranges, upvalue cells, iterators). Each is a final class owned by the Heap.
import Autograd
import TensorCore

/// The base class of every heap object; the Heap's table holds the only strong references.
class HeapObject {
    /// Bytes this object holds beyond its header, for the collector's allocation budget.
    var byteSize: Int { 32 }
}

final class StringObj: HeapObject {
    let value: String
    init(_ value: String) { self.value = value }
    override var byteSize: Int { 32 + value.utf8.count }
}

/// A mutable list with reference semantics (like a Python list).
final class ListObj: HeapObject {
    var items: [Value]
    init(_ items: [Value]) { self.items = items }
    override var byteSize: Int { 32 + items.count * 16 }
}

/// A record: ordered named fields, fixed at creation, mutable values.
final class RecordObj: HeapObject {
    let names: [String]
    var values: [Value]
    init(names: [String], values: [Value]) {
        self.names = names
        self.values = values
    }
    func index(of name: String) -> Int? { names.firstIndex(of: name) }
    override var byteSize: Int { 32 + names.count * 32 }
}

/// A tensor. Tensors have value semantics: an update builds a new TensorObj, never mutates one
/// another handle could see. The one exception is a parameter (`param(t)`): its `variable`
/// requires a gradient and `p.data = new` replaces its numbers in place (VM+Grad.swift).
final class TensorObj: HeapObject {
    /// Unchecked exclusivity, as the fields below: every tensor op reads it (the allocation's
    /// byteSize, the operator's operands); written only by this object's own methods.
    @exclusivity(unchecked) private(set) var tensor: Tensor
    /// The elements in row-major order when the tensor is contiguous (the storage is kept
    /// alive while this object holds the tensor, and written only through `mutate`, which
    /// refreshes this pointer), for fast element reads.
    /// The VM's element reads (getItem, getItem2) load `elements`, `dims` and `variable` on
    /// every turn of a learner's scalar loop: no run-time exclusivity check (each cost a
    /// swift_beginAccess, 23 % of the scalar benchmark's instructions); they are written only
    /// by this object's own methods and by VM+Grad, never while a read is under way.
    @exclusivity(unchecked) private(set) var elements: UnsafePointer<Float>?
    @exclusivity(unchecked) private(set) var dims: Dims
    /// `dims.count`, stored: read as a field it is one load even where the optimizer has
    /// stopped inlining into the dispatch loop (Array.count then became a call per read).
    @exclusivity(unchecked) private(set) var rank: Int
    /// The autograd variable when this tensor takes part in differentiation (a parameter or a
    /// recorded result); nil for plain tensors, which stay as cheap as before.
    @exclusivity(unchecked) private(set) var variable: Variable?
    /// `variable?.requiresGrad`, read once when the object is made: every op's `records` test
    /// reads it. A Variable's `requiresGrad` is fixed when it is made (nothing sets it later),
    /// and read from this module each read of it cost a run-time exclusivity check
    /// (swift_beginAccess, ~60 instructions: `@exclusivity(unchecked)` in Autograd does not
    /// reach an access inlined here).
    @exclusivity(unchecked) private(set) var requiresGrad = false
    /// True for 0s and 1s made by a comparison or a literal of booleans: as an index it
    /// selects where it is 1 (NumPy's boolean mask), not positions 0 and 1.
    @exclusivity(unchecked) var isMask = false
    /// True while exactly one variable holds this object (set when an element assignment puts
    /// it back, cleared by any other read of the variable): `v[i] = x` may then write in place.
    @exclusivity(unchecked) var unaliased = false
    /// The numbers of a 1-D bracket literal as written, kept only when float32 rounds one of
    /// them (16777217 becomes 16777216): a shape or size read from the literal uses these, so
    /// `zeros([16777217])` is not silently one element short. Cleared by any write.
    @exclusivity(unchecked) var exactValues: [Double]?
    init(_ tensor: Tensor) {
        self.tensor = tensor
        dims = tensor.shape
        rank = tensor.shape.count
        elements = tensor.contiguousElements
    }
    /// A tensor that holds `variable` (its value is the variable's value).
    convenience init(variable: Variable) {
        self.init(variable: variable, requiresGrad: variable.requiresGrad)
    }
    /// The same, where the caller has read `variable.requiresGrad` already.
    init(variable: Variable, requiresGrad: Bool) {
        let t = variable.value
        tensor = t
        dims = t.shape
        rank = t.shape.count
        elements = t.contiguousElements
        self.variable = variable
        self.requiresGrad = requiresGrad
    }
    /// Changes the tensor in place (element assignment to a tensor one variable holds alone);
    /// the storage is copied first if anything else shares it.
    func mutate(_ body: (inout Tensor) throws -> Void) throws {
        exactValues = nil
        defer {
            dims = tensor.shape
            rank = dims.count
            elements = tensor.contiguousElements
        }
        try body(&tensor)
    }
    /// Lets go of the numbers of a temporary an operator has consumed (VM+Arith.swift,
    /// `releaseConsumed`): it and its recorded variable, if any, keep their shape (the sweep
    /// reads a node's shape, never its numbers) over one shared zero. A leaf never gets here
    /// (an arithmetic result is never one); the check keeps a parameter safe regardless.
    func releaseConsumed() {
        if let v = variable, v.isLeaf { return }
        guard let empty = try? TensorObj.placeholder.expanded(to: dims) else { return }
        variable?.value = empty
        tensor = empty
        elements = nil
        exactValues = nil
        unaliased = false
    }
    /// Replaces a parameter's numbers in place (optimizer updates); the variable follows.
    func replace(_ t: Tensor) {
        exactValues = nil
        tensor = t
        dims = t.shape
        rank = dims.count
        elements = t.contiguousElements
        variable?.value = t
    }
    /// Changes a parameter's numbers in place (`p.data -= lr * p.grad`). The variable lets go
    /// of its copy of the tensor while `body` runs, so the storage is written without a copy
    /// when nothing else holds it (a recorded node or an earlier `p.data` still may: then
    /// `mutate` copies first); the variable follows.
    func updateParameter(_ body: (inout Tensor) throws -> Void) throws {
        guard let v = variable else { return try mutate(body) }
        v.value = TensorObj.placeholder
        defer { v.value = tensor }
        try mutate(body)
    }
    /// What a variable holds for the moment of an in-place update.
    private static let placeholder = Tensor(scalar: 0)
    override var byteSize: Int { 64 + tensor.count * 4 }
}

/// A function value: a prototype plus the cells of the variables it captured.
final class ClosureObj: HeapObject {
    let proto: FunctionProto
    var upvalues: [ObjRef]
    init(proto: FunctionProto, upvalues: [ObjRef]) {
        self.proto = proto
        self.upvalues = upvalues
    }
}

/// A builtin function: an index into the builtin table.
final class BuiltinObj: HeapObject {
    let id: Int
    init(id: Int) { self.id = id }
}

/// A numeric range `start..<stop` (or closed), with a step.
final class RangeObj: HeapObject {
    let start: Double, stop: Double, step: Double, closed: Bool
    init(start: Double, stop: Double, step: Double, closed: Bool) {
        self.start = start
        self.stop = stop
        self.step = step
        self.closed = closed
    }
    /// The number of elements as a Double (exact below 2^53; it may be far beyond an Int).
    var size: Double {
        guard step != 0, start.isFinite, stop.isFinite else { return 0 }
        let span = (stop - start) / step
        if span < 0 || !span.isFinite { return span < 0 ? 0 : .infinity }
        let whole = span.rounded(.down)
        return !closed && whole == span ? whole : whole + 1
    }
    /// The number of elements, saturating at Int.max (iteration stops long before).
    var count: Int { size < 9.0e18 ? Int(size) : Int.max }
    func element(_ i: Int) -> Double { start + Double(i) * step }
}

/// A boxed variable shared between a function and the closures that capture it.
final class CellObj: HeapObject {
    var value: Value
    init(_ value: Value) { self.value = value }
}

/// The state of a `for` loop over a sequence.
final class IteratorObj: HeapObject {
    enum Source {
        case range(RangeObj)
        case list(ObjRef)
        case tensor(Tensor)
        case characters([Character])
        case zip([ObjRef])
        case enumerate(ObjRef)
        case items([Value])
    }
    let source: Source
    var position = 0
    init(_ source: Source) { self.source = source }
}

/// An index item that is not a single number: `a:b:c` (parts optional) or `...`.
final class SliceObj: HeapObject, CustomStringConvertible {
    let start: Int?, stop: Int?, step: Int?
    let isEllipsis: Bool
    init(start: Int?, stop: Int?, step: Int?, isEllipsis: Bool = false) {
        self.start = start
        self.stop = stop
        self.step = step
        self.isEllipsis = isEllipsis
    }
    var description: String {
        if isEllipsis { return "..." }
        let s = start.map(String.init) ?? "", e = stop.map(String.init) ?? ""
        return step.map { "\(s):\(e):\($0)" } ?? "\(s):\(e)"
    }
}
