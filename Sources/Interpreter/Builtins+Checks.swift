// Builtins+Checks: helpers for exercises and tests (assert_close, assert_shape, todo) and a few more
// sequence conveniences (keys, extend, reversed, flatten).
import TensorCore

extension BuiltinTable {
    static let checks: [Builtin] = [
        Builtin("assert_close", [req("actual"), req("expected"), opt("rtol", .number(1e-5)), opt("atol", .number(1e-8))],
                category: "checks",
                doc: "Fails with the largest difference unless |actual - expected| <= atol + rtol·|expected| everywhere.",
                example: "assert_close(sum([0.1, 0.2]), 0.3, atol: 1e-6)\nprint(\"close\")\n# expect: close") { c in
            let a = try c.tensor(0), b = try c.tensor(1), rtol = try c.number(2), atol = try c.number(3)
            let (worst, ok): (Double, Bool) = try tensorOp {
                let diff = try Tensor.binary(.sub, a, b).map(.abs)
                let tol = try Tensor.binary(.add, Tensor(scalar: Float(atol)),
                                            Tensor.binary(.mul, Tensor(scalar: Float(rtol)), b.map(.abs)))
                let within = try Tensor.binary(.le, diff, tol).toArray().allSatisfy { $0 != 0 }
                return (Double(diff.toArray().max() ?? 0), within)
            }
            if !ok {
                throw VMError(.assertionFailed, "assertion failed: values differ by up to \(formatNumber(worst)) "
                              + "(rtol \(formatNumber(rtol)), atol \(formatNumber(atol)))")
            }
            return .nil_
        }.inert(),
        Builtin("assert_shape", [req("x"), req("shape")], category: "checks",
                doc: "Fails unless tensor x has exactly the given shape.",
                example: "assert_shape(zeros([2, 3]), [2, 3])\nprint(\"ok\")\n# expect: ok") { c in
            let t = try c.tensor(0), s = try c.shape(1)
            if t.shape != s {
                throw VMError(.assertionFailed, "assertion failed: shape is \(shapeString(t.shape)), expected \(shapeString(s))")
            }
            return .nil_
        }.inert(),
        Builtin("todo", [opt("what", .nil_)], category: "checks",
                doc: "Marks a part of an exercise still to write: reaching it stops with a friendly \"not yet\".",
                example: "fn relu_by_hand(x) = todo(\"relu_by_hand\")\nprint(\"defined; calling it says not yet\")\n# expect: defined; calling it says not yet") { c in
            let what = c.isNil(0) ? "this part" : try c.string(0)
            throw VMError(.notYetImplemented, "not yet: fill in \(what) (the todo() in your file)",
                          hint: "replace the todo() call with your code, then run the checks again")
        }.inert(),
        Builtin("keys", [req("r")], category: "core", doc: "The field names of a record (same as fields).",
                example: "print(keys({a: 1, b: 2}))\n# expect: [\"a\", \"b\"]") { c in
            guard let r = c.vm.object(c[0], as: RecordObj.self) else { throw c.expected(0, "record") }
            return c.vm.newList(r.names.map { c.vm.newString($0) })
        }.inert(),
        Builtin("extend", [req("xs"), req("ys")], category: "core",
                doc: "Appends every element of ys (a list, range, string or tensor) to list xs, in place.",
                example: "let xs = list(0..<2)\nxs.extend(5...6)\nprint(xs)\n# expect: [0, 1, 5, 6]") { c in
            let l = try c.list(0)
            let items = try c.vm.sequenceItems(c[1], what: "extend")
            l.items.append(contentsOf: items)
            c.vm.heap.allocatedSinceCollection += items.count * MemoryLayout<Value>.stride  // the collector counts a growing list
            return .nil_
        }.inert(),
        Builtin("reversed", [req("xs")], category: "core",
                doc: "A new list of the elements in reverse order.",
                example: "print(reversed(list(1...3)))\n# expect: [3, 2, 1]") { c in
            c.vm.newList(try c.vm.sequenceItems(c[0], what: "reversed").reversed())
        }.constant("its items are plain values"),
        Builtin("flatten", [req("x")], category: "tensor",
                doc: "The elements of a tensor as a 1-D tensor (row-major order).",
                example: "print(flatten([[1, 2], [3, 4]]))\n# expect: [1, 2, 3, 4]") { c in
            let t = try c.tensor(0)
            return try c.tensorResult { try t.reshaped([-1]) }
        }.constant("its items are plain values"),
    ]
}
