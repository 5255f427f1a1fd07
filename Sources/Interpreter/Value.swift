// Value: the interpreter's trivially-copyable value. Numbers, bools and nil live inline; every
// other value is a handle (an index plus a generation) into the Heap's object table, so copying
// a Value never touches a reference count. Profiles taken before the VM was written showed
// retain/release taking a third or more of the time of evaluators whose values were classes
// or enums with class payloads (docs/interpreter.md, "Why a register VM with handle values").

/// A handle to a heap object: an index into the object table and the generation the slot had
/// when the object was allocated. A stale handle (its slot freed and reused) never matches.
public struct ObjRef: Equatable, Hashable, Sendable {
    public let index: UInt32
    public let generation: UInt32
}

/// A Cajal value. `undefined` is internal: an unassigned global or a missing argument.
public enum Value: Equatable, Sendable {
    case nil_
    case bool(Bool)
    case number(Double)
    case object(ObjRef)
    case undefined

    @inline(__always) var isNil: Bool { if case .nil_ = self { return true }; return false }
}

/// The kinds of heap objects; stored in a byte array parallel to the object table so a type test
/// reads one byte.
public enum ObjKind: UInt8, Sendable {
    case free = 0, string, list, record, tensor, closure, builtin, range, cell, iterator, slice
}

extension ObjKind {
    /// The name a learner sees in messages ("got tensor").
    var typeName: String {
        switch self {
        case .free: return "freed object"
        case .string: return "string"
        case .list: return "list"
        case .record: return "record"
        case .tensor: return "tensor"
        case .closure, .builtin: return "function"
        case .range: return "range"
        case .cell: return "cell"
        case .iterator: return "iterator"
        case .slice: return "slice"
        }
    }
}
