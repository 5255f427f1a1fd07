// Builtins+Core: printing, sequences (len, contains, range, zip, enumerate, list, append, pop),
// records, conversions (str, float, int, type) and the session's random seed.
import Diagnostics
import TensorCore

extension BuiltinTable {
    static let core: [Builtin] = [
        Builtin("print", [opt("sep", .undefined)], variadic: true, category: "core",
                doc: "Prints its arguments separated by spaces (or `sep`), then a newline. A small matrix printed alone shows one row per line; beside other arguments it stays on one line.",
                example: "print(\"total is\", 1 + 2)\n# expect: total is 3") { c in
            let sep = c[0] == .undefined ? " " : try c.string(0)
            let inline = c.rest.count > 1
            c.vm.output(try c.rest.map { try c.vm.displayString($0, inline: inline) }.joined(separator: sep) + "\n")
            return .nil_
        }.inert(),
        Builtin("print_options", [opt("precision", .nil_)], category: "core",
                doc: "Sets how many significant digits printed tensors show (1 to 9; 4 to start with), as NumPy's set_printoptions(precision=); returns the previous setting. `{t:.6f}` formats one print instead.",
                example: "let t = tensor([0.0459, 2.3108])\nprint(t)\nprint_options(precision: 6)\nprint(t)\n# expect: [0.046, 2.311]\n# expect: [0.0459, 2.3108]") { c in
            let previous = c.vm.printDigits
            if !c.isNil(0) {
                let p = try c.int(0)
                guard (1...9).contains(p) else { throw c.bad(0, "a whole number from 1 to 9 expected, got \(p)") }
                c.vm.printDigits = p
            }
            return .number(Double(previous))
        }.inert(),
        Builtin("len", [req("x")], category: "core",
                doc: "The number of elements of a list, string, range or record, or a tensor's first axis.",
                example: "print(len([1, \"a\"]), len(\"abc\"), len(zeros([4, 2])))\n# expect: 2 3 4") { c in
            let v = c[0]
            if let l = c.vm.listObject(v) { return .number(Double(l.items.count)) }
            if let s = c.vm.stringValue(v) { return .number(Double(s.count)) }
            if let t = c.vm.tensorValue(v) {
                guard t.rank > 0 else { throw c.bad(0, "a 0-d tensor has no length", hint: "use it as a number") }
                return .number(Double(t.shape[0]))
            }
            if let r = c.vm.object(v, as: RangeObj.self) {
                // above 2^53 a number no longer counts one by one: say so rather than round
                guard r.size <= 9_007_199_254_740_992 else {
                    throw c.bad(0, "a range of \(formatNumber(r.size)) numbers is too long to count exactly (more than 2^53)")
                }
                return .number(r.size)
            }
            if let r = c.vm.object(v, as: RecordObj.self) { return .number(Double(r.names.count)) }
            throw c.expected(0, "list, string, tensor, range or record")
        }.inert(),
        Builtin("contains", [req("xs"), req("x")], category: "core",
                doc: "Whether x is in xs: an element of a list (by ==), a number of a range or tensor, a piece of a string, or a field name of a record.",
                example: "print(contains([1, \"a\"], \"a\"), \"banana\".contains(\"nan\"), contains({lr: 0.1}, \"lr\"))\n# expect: true true true") { c in
            try c.vm.contains(c[0], c[1], c)
        }.inert(),
        Builtin("range", [req("start"), opt("stop"), opt("step", .number(1))], category: "core",
                doc: "Numbers from start up to (not including) stop by step; range(n) counts 0..<n.",
                example: "print(list(range(0, 10, 3)), list(range(3)))\n# expect: [0, 3, 6, 9] [0, 1, 2]") { c in
            var start = try c.number(0)
            var stop = 0.0
            if c.isNil(1) { stop = start; start = 0 } else { stop = try c.number(1) }
            let step = try c.number(2)
            if step == 0 { throw c.bad(2, "step must not be zero") }
            guard start.isFinite, stop.isFinite, step.isFinite else { throw c.bad(0, "finite numbers expected") }
            return c.vm.heap.allocate(RangeObj(start: start, stop: stop, step: step, closed: false), kind: .range)
        }.inert(),
        Builtin("zip", [], variadic: true, category: "core",
                doc: "Walks several sequences in step, stopping at the shortest: `for x, y in zip(xs, ys)`.",
                example: "for a, b in zip([1, 2], [\"x\", \"y\"]) { print(a, b) }\n# expect: 1 x\n# expect: 2 y") { c in
            var parts: [ObjRef] = []
            for v in c.rest {
                guard case .object(let r) = try c.vm.makeIterator(v) else { throw c.vm.notIterable(v) }
                parts.append(r)
            }
            if parts.isEmpty { throw VMError.badArgument(1, "zip", "sequence expected, got nothing") }
            return c.vm.heap.allocate(IteratorObj(.zip(parts)), kind: .iterator)
        }.inert(),
        Builtin("enumerate", [req("xs")], category: "core",
                doc: "Pairs each element with its position: `for i, x in enumerate(xs)`.",
                example: "for i, s in enumerate([\"a\", \"b\"]) { print(i, s) }\n# expect: 0 a\n# expect: 1 b") { c in
            guard case .object(let r) = try c.vm.makeIterator(c[0]) else { throw c.vm.notIterable(c[0]) }
            return c.vm.heap.allocate(IteratorObj(.enumerate(r)), kind: .iterator)
        }.inert(),
        Builtin("list", [opt("xs")], category: "core",
                doc: "A new list of the elements of a list, range, string, or a tensor's first axis; list() is empty.",
                example: "print(list(1...3), list(\"hi\"))\n# expect: [1, 2, 3] [\"h\", \"i\"]") { c in
            if c.isNil(0) { return c.vm.newList([]) }
            return c.vm.newList(try c.vm.sequenceItems(c[0], what: "list"))
        }.constant("its items are plain values; index or slice the tensor to keep the gradient"),
        Builtin("append", [req("xs"), req("x")], category: "core",
                doc: "Adds x to the end of list xs (in place).",
                example: "var xs = [1, \"a\"]\nxs.append(3)\nprint(xs)\n# expect: [1, \"a\", 3]") { c in
            try c.list(0).items.append(c[1])
            c.vm.heap.allocatedSinceCollection += MemoryLayout<Value>.stride  // the collector counts a growing list
            return .nil_
        }.inert(),
        Builtin("pop", [req("xs"), opt("index", .number(-1))], category: "core",
                doc: "Removes and returns the element at index (default the last) of list xs.",
                example: "let xs = list(0..<3)\nprint(xs.pop(), xs)\n# expect: 2 [0, 1]") { c in
            let l = try c.list(0)
            let i = try c.vm.position(c[1], count: l.items.count, what: "list")
            return l.items.remove(at: i)
        }.inert(),
        Builtin("copy", [req("x")], category: "core",
                doc: "A shallow copy of a list or record (tensors are values and need no copy).",
                example: "let a = list(0..<2)\nlet b = copy(a)\nb.append(9)\nprint(a, b)\n# expect: [0, 1] [0, 1, 9]") { c in
            if let l = c.vm.listObject(c[0]) { return c.vm.newList(l.items) }
            if let r = c.vm.object(c[0], as: RecordObj.self) { return c.vm.newRecord(r.names, r.values) }
            return c[0]
        }.constant("a copy holds plain values"),
        Builtin("sorted", [req("xs"), opt("reverse", .bool(false))], category: "core",
                doc: "A new list of the numbers (or strings) of xs in increasing order (decreasing with reverse: true).",
                example: "print(sorted([3, 1, 2]), sorted(list(\"bca\"), reverse: true))\n# expect: [1, 2, 3] [\"c\", \"b\", \"a\"]") { c in
            let items = try c.vm.sequenceItems(c[0], what: "sorted")
            let reverse = try c.bool(1)
            if let nums = Optional(items.compactMap { c.vm.numberValue($0) }), nums.count == items.count {
                let s = nums.sorted()
                return c.vm.newList((reverse ? s.reversed() : s).map { .number($0) })
            }
            let strs = items.compactMap { c.vm.stringValue($0) }
            guard strs.count == items.count else { throw c.bad(0, "list of numbers or of strings expected") }
            let s = strs.sorted()
            return c.vm.newList((reverse ? s.reversed() : s).map { c.vm.newString($0) })
        }.constant("sorting gives plain values"),
        Builtin("fields", [req("r")], category: "core",
                doc: "The field names of a record, in order.",
                example: "print(fields({lr: 0.1, epochs: 10}))\n# expect: [\"lr\", \"epochs\"]") { c in
            guard let r = c.vm.object(c[0], as: RecordObj.self) else { throw c.expected(0, "record") }
            return c.vm.newList(r.names.map { c.vm.newString($0) })
        }.inert(),
        Builtin("str", [req("x")], category: "core",
                doc: "The text of a value, as print shows it.",
                example: "print(str(1.5) + \"!\", len(str(100)))\n# expect: 1.5! 3") { c in
            if c.vm.stringValue(c[0]) != nil { return c[0] }
            return c.vm.newString(try c.vm.displayString(c[0]))
        }.inert(),
        Builtin("type", [req("x")], category: "core",
                doc: "The name of a value's type: number, bool, nil, string, list, record, tensor, range, function.",
                example: "print(type(1), type([1, 2]), type([\"a\"]), type(print))\n# expect: number tensor list function") { c in
            c.vm.newString(c.vm.typeName(c[0]))
        }.inert(),
        Builtin("float", [req("x")], category: "core",
                doc: "A number from a 0-d (or one-element) tensor, a bool, or a numeric string.",
                example: "print(float(sum([1, 2])) + 0.5, float(\"2.5\"))\n# expect: 3.5 2.5") { c in
            let v = c[0]
            if let x = c.vm.numberValue(v) { return .number(x) }
            if case .bool(let b) = v { return .number(b ? 1 : 0) }
            if let t = c.vm.tensorValue(v) {
                guard t.count == 1 else { throw c.bad(0, "one-element tensor expected, got shape \(shapeString(t.shape))") }
                return .number(Double(try tensorOp { try t.item() }))
            }
            if let s = c.vm.stringValue(v) {
                guard let x = Double(s.trimmingCharacters(in: .whitespaces)) else { throw c.bad(0, "'\(s)' is not a number") }
                return .number(x)
            }
            throw c.expected(0, "number, tensor, bool or string")
        }.constant("a plain number, for printing and comparing; keep the tensor to train through it"),
        Builtin("int", [req("x")], category: "core",
                doc: "A whole number, rounding toward zero (int(2.7) is 2, int(-2.7) is -2).",
                example: "print(int(2.7), int(-2.7), int(\"42\"))\n# expect: 2 -2 42") { c in
            var x: Double
            if let s = c.vm.stringValue(c[0]) {
                guard let v = Double(s.trimmingCharacters(in: .whitespaces)) else { throw c.bad(0, "'\(s)' is not a number") }
                x = v
            } else { x = try c.number(0) }
            x.round(.towardZero)
            guard x.isFinite else { throw c.bad(0, "finite number expected, got \(formatNumber(x))") }
            return .number(x)
        }.constant("a plain number, for printing and comparing"),
        Builtin("seed", [req("n")], category: "random",
                doc: "Restarts the session's random generator at seed n (runs start at seed 0).",
                example: "seed(7)\nlet a = rand()\nseed(7)\nprint(a == rand())\n# expect: true") { c in
            let n = try c.int(0)
            guard n >= 0 else { throw c.bad(0, "non-negative whole number expected, got \(n)") }
            c.vm.rng = RandomGenerator(seed: UInt64(n))
            return .nil_
        }.inert(),
        Builtin("clock", [], category: "core",
                doc: "Processor time used by this run, in seconds (for timing code, like Lua's os.clock).",
                example: "let t0 = clock()\nprint(clock() >= t0)\n# expect: true") { _ in
            .number(Double(Foundation.clock()) / Double(CLOCKS_PER_SEC))
        }.inert(),
        Builtin("shape", [req("x")], category: "tensor",
                doc: "The shape of a tensor as a list (a number has shape []).",
                example: "print(shape(zeros([2, 3])), shape(5))\n# expect: [2, 3] []") { c in
            let t = try c.tensor(0)
            return c.vm.newList(t.shape.map { .number(Double($0)) })
        }.inert(),
    ]
}

extension VM {
    /// `contains(xs, x)`: list membership by `==`, substring, range or tensor element (x a
    /// number), record field name (x a string).
    func contains(_ xs: Value, _ x: Value, _ c: BuiltinCall) throws -> Value {
        if let l = listObject(xs) { return .bool(l.items.contains { valuesEqual($0, x) }) }
        if let s = stringValue(xs) {
            guard let part = stringValue(x) else { throw c.bad(1, "string expected (a piece of the text), got \(describe(x))") }
            return .bool(part.isEmpty || s.contains(part))
        }
        if let r = object(xs, as: RecordObj.self) {
            guard let name = stringValue(x) else { throw c.bad(1, "string expected (a field name), got \(describe(x))") }
            return .bool(r.index(of: name) != nil)
        }
        if let r = object(xs, as: RangeObj.self) {
            guard let v = numberValue(x) else { return .bool(false) }
            let k = ((v - r.start) / r.step).rounded()
            return .bool(k >= 0 && k < Double(r.count) && r.element(Int(k)) == v)
        }
        if let t = tensorValue(xs) {
            guard let v = numberValue(x), tensorValue(x)?.rank ?? 0 == 0 else {
                throw c.bad(1, "number expected (an element of the tensor), got \(describe(x))")
            }
            return .bool(t.toArray().contains(Float(v)))
        }
        throw c.expected(0, "list, string, record, range or tensor")
    }
}

import Foundation
