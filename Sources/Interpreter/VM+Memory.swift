// VM+Memory: the interpreter's own allocations (strings and lists a program builds) go
// through TensorCore's one size check, MemoryLimit, as tensors do: a runaway string doubling
// ends in "a string of … would need 4 GB; the limit is 2 GB" instead of an abort.
import Diagnostics
import TensorCore

extension VM {
    /// Throws unless `count` items of `itemBytes` bytes each fit the memory limit; `what`
    /// names the value being built ("a string of 2147483648 bytes").
    func checkMemory(count: Int, itemBytes: Int, what: String) throws {
        do { try MemoryLimit.check(count: count, itemBytes: itemBytes, op: "", what: what) } catch let e as TensorError {
            throw VMError(.runtimeError, e.message, hint: e.hint)
        }
    }

    /// `a + b` of two strings, size checked.
    func concatenated(_ a: String, _ b: String) throws -> Value {
        let n = a.utf8.count.addingReportingOverflow(b.utf8.count)
        try checkMemory(count: n.overflow ? Int.max : n.partialValue, itemBytes: 1,
                        what: "a string of \(a.utf8.count) + \(b.utf8.count) bytes")
        return newString(a + b)
    }

    /// `a + b` of two lists, size checked (one Value per item).
    func concatenated(_ a: [Value], _ b: [Value]) throws -> Value {
        try checkMemory(count: a.count + b.count, itemBytes: MemoryLayout<Value>.stride,
                        what: "a list of \(a.count + b.count) items")
        return newList(a + b)
    }
}
