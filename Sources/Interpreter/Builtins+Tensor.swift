// Builtins+Tensor: making tensors (tensor, zeros, ones, full, eye, arange, linspace, rand,
// randn, one_hot), moving them (reshape, transpose, concat, stack), combining them (matmul,
// dot, outer, eigh, where, maximum, minimum, clamp) and testing them (allclose, all, any).
import Autograd
import TensorCore

enum BuiltinTable {
    static let rows: [Builtin] = core + math + tensors + checks + autograd + nn + fused + data + dataFiles + modelFiles + exports + plots + progress
    static let index: [String: Int] = Dictionary(uniqueKeysWithValues: rows.enumerated().map { ($1.name, $0) })

    static let tensors: [Builtin] = [
        Builtin("tensor", [req("xs")], category: "tensor",
                doc: "A tensor from a number, a (nested) list of numbers, or a tensor.",
                example: "print(tensor(list(0..<3)).shape, tensor(5).shape)\n# expect: [3] []") { c in
            c.vm.newTensor(try c.tensor(0))
        }.records { c in try c.recorded { _ in try c.variable(0) } },
        Builtin("zeros", [req("shape")], category: "tensor", doc: "A tensor of zeros: zeros([2, 3]).",
                example: "print(zeros([2, 3]).shape, sum(zeros(4)))\n# expect: [2, 3] 0") { c in
            let s = try c.shape(0)
            return try c.tensorResult { try Tensor.zeros(s) }
        }.inert(),
        Builtin("ones", [req("shape")], category: "tensor", doc: "A tensor of ones: ones([2, 3]).",
                example: "print(sum(ones([2, 3])))\n# expect: 6") { c in
            let s = try c.shape(0)
            return try c.tensorResult { try Tensor.ones(s) }
        }.inert(),
        Builtin("full", [req("shape"), req("value")], category: "tensor", doc: "A tensor with every element `value`.",
                example: "print(sum(full([2, 2], 0.5)))\n# expect: 2") { c in
            let s = try c.shape(0), v = Float(try c.number(1))
            return try c.tensorResult { try Tensor.full(s, v) }
        }.inert(),
        Builtin("eye", [req("n")], category: "tensor", doc: "The n×n identity matrix.",
                example: "print(eye(3)[1, 1], eye(3)[0, 1])\n# expect: 1 0") { c in
            let n = try c.int(0)
            return try c.tensorResult { try Tensor.eye(n) }
        }.inert(),
        Builtin("arange", [req("start"), opt("stop"), opt("step", .number(1))], category: "tensor",
                doc: "A 1-D tensor of numbers from start up to (not including) stop by step; arange(n) is 0..<n.",
                example: "print(arange(5).shape, sum(arange(1, 4)))\n# expect: [5] 6") { c in
            var a = try c.number(0), b = 0.0
            if c.isNil(1) { b = a; a = 0 } else { b = try c.number(1) }
            let step = try c.number(2)
            return try c.tensorResult { try Tensor.arange(a, b, step) }
        }.inert(),
        Builtin("linspace", [req("start"), req("stop"), req("n")], category: "tensor",
                doc: "n evenly spaced numbers from start to stop, both included.",
                example: "print(linspace(0, 1, 5)[1])\n# expect: 0.25") { c in
            let a = try c.number(0), b = try c.number(1), n = try c.int(2)
            return try c.tensorResult { try Tensor.linspace(a, b, n) }
        }.inert(),
        Builtin("rand", [opt("shape")], category: "random",
                doc: "Uniform random numbers in [0, 1): rand() is one number, rand([2, 3]) a tensor.",
                example: "let r = rand([100])\nprint(all(r >= 0) and all(r < 1), r.shape)\n# expect: true [100]") { c in
            if c.isNil(0) { return .number(c.vm.rng.uniform()) }
            let s = try c.shape(0)
            return try c.tensorResult { try Tensor.uniform(s, low: 0, high: 1, rng: &c.vm.rng) }
        }.inert(),
        Builtin("randn", [opt("shape")], category: "random",
                doc: "Standard normal random numbers: randn() is one number, randn([2, 3]) a tensor.",
                example: "print(randn([3, 4]).shape)\n# expect: [3, 4]") { c in
            if c.isNil(0) { return .number(c.vm.rng.normal()) }
            let s = try c.shape(0)
            return try c.tensorResult { try Tensor.normal(s, mean: 0, std: 1, rng: &c.vm.rng) }
        }.inert(),
        Builtin("one_hot", [req("labels"), req("classes")], category: "tensor",
                doc: "Rows of zeros with a 1 at each label: one_hot([0, 2], 3) is [[1, 0, 0], [0, 0, 1]].",
                example: "print(one_hot([0, 2], 3)[1, 2], one_hot([0, 2], 3).shape)\n# expect: 1 [2, 3]") { c in
            let t = try c.tensor(0), k = try c.int(1)
            return try c.tensorResult { try Tensor.oneHot(t, classes: k) }
        }.refuses("its labels are class numbers, not values to differentiate"),
        Builtin("reshape", [req("x"), req("shape")], category: "tensor",
                doc: "The same elements in a new shape; one dimension may be -1.",
                example: "print(reshape(arange(6), [2, -1]).shape)\n# expect: [2, 3]") { c in
            let t = try c.tensor(0), s = try c.shape(1)
            return try c.tensorResult { try t.reshaped(s) }
        }.records { c in let x = try c.variable(0), s = try c.shape(1); return try c.recorded { try $0.reshape(x, Dims(s)) } },
        Builtin("transpose", [req("x"), opt("axes")], category: "tensor",
                doc: "Axes reversed (a matrix's transpose, like x.T), or permuted by `axes`.",
                example: "print(transpose(zeros([2, 3])).shape, zeros([2, 3, 4]).transpose(axes: [1, 0, 2]).shape)\n# expect: [3, 2] [3, 2, 4]") { c in
            let t = try c.tensor(0)
            if c.isNil(1) { return c.vm.newTensor(t.transposed()) }
            let axes = try c.shape(1)
            return try c.tensorResult { try t.permuted(axes) }
        }.records { c in
            let x = try c.variable(0)
            if c.isNil(1) { return try c.recorded { try $0.transpose(x) } }
            let axes = try c.shape(1)
            return try c.recorded { try $0.permute(x, axes) }
        },
        Builtin("matmul", [req("a"), req("b")], category: "linear algebra",
                doc: "The matrix product a @ b: [m, k] × [k, n] → [m, n]; batch axes broadcast.",
                example: "print(matmul(ones([2, 3]), ones([3, 4])).shape)\n# expect: [2, 4]") { c in
            let a = try c.tensor(0), b = try c.tensor(1)
            return try c.tensorResult { try Tensor.matmul(a, b) }
        }.records(binaryBody { try $0.matmul($1, $2) }),
        Builtin("dot", [req("a"), req("b")], category: "linear algebra",
                doc: "The dot product of two vectors of the same length.",
                example: "print(dot([1, 2, 3], [4, 5, 6]))\n# expect: 32") { c in
            let a = try c.tensor(0), b = try c.tensor(1)
            return try c.tensorResult { try Tensor.dot(a, b) }
        }.records(binaryBody { try $0.dot($1, $2) }),
        Builtin("outer", [req("a"), req("b")], category: "linear algebra",
                doc: "The outer product: [m] and [n] → [m, n].",
                example: "print(outer([1, 2], [1, 2, 3]).shape)\n# expect: [2, 3]") { c in
            let a = try c.tensor(0), b = try c.tensor(1)
            return try c.tensorResult { try Tensor.outer(a, b) }
        }.records(binaryBody { try $0.outer($1, $2) }),
        Builtin("eigh", [req("a")], category: "linear algebra",
                doc: "Eigenvalues and eigenvectors of a symmetric matrix [n, n] (LAPACK dsyevd): a record {values: [n] ascending, vectors: [n, n] with vectors[:, i] belonging to values[i]}, each vector's largest component positive.",
                example: "let e = eigh([[2, 1], [1, 2]])\nprint(e.values, e.vectors[:, 1])\n# expect: [1, 3] [0.7071, 0.7071]") { c in
            let a = try c.tensor(0)
            let (values, vectors) = try tensorOp { try Tensor.eigh(a) }
            return c.vm.newRecord(["values", "vectors"], [c.vm.newTensor(values), c.vm.newTensor(vectors)])
        }.constant("an eigendecomposition: LAPACK gives no derivative"),
        Builtin("concat", [req("xs"), opt("axis", .number(0))], category: "tensor",
                doc: "Tensors joined along an existing axis.",
                example: "print(concat([zeros([2, 3]), ones([1, 3])]).shape)\n# expect: [3, 3]") { c in
            let ts = try c.tensorList(0), axis = try c.int(1)
            return try c.tensorResult { try Tensor.concat(ts, axis: axis) }
        }.records { c in let xs = try c.variables(0), a = try c.int(1); return try c.recorded { try $0.concat(xs, axis: a) } },
        Builtin("stack", [req("xs"), opt("axis", .number(0))], category: "tensor",
                doc: "Tensors of one shape stacked along a new axis.",
                example: "print(stack([zeros(3), ones(3)]).shape)\n# expect: [2, 3]") { c in
            let ts = try c.tensorList(0), axis = try c.int(1)
            return try c.tensorResult { try Tensor.stack(ts, axis: axis) }
        }.records { c in let xs = try c.variables(0), a = try c.int(1); return try c.recorded { try $0.stack(xs, axis: a) } },
        Builtin("where", [req("cond"), req("a"), req("b")], category: "tensor",
                doc: "Elementwise choice: a where cond is nonzero, else b (broadcasting).",
                example: "print(sum(where([1, 0, 1], [1, 2, 3], 10)))\n# expect: 14") { c in
            let k = try c.tensor(0), a = try c.tensor(1), b = try c.tensor(2)
            return try c.tensorResult { try Tensor.where(k, a, b) }
        }.records { c in
            let cond = Variable(try c.tensor(0)), a = try c.variable(1), b = try c.variable(2)
            return try c.recorded { try $0.where(cond, a, b) }
        },
        binaryElementwise("maximum", .maximum, Swift.max, doc: "The elementwise larger of a and b (broadcasting).",
                          example: "print(sum(maximum([1, 5], [3, 2])))\n# expect: 8"),
        binaryElementwise("minimum", .minimum, Swift.min, doc: "The elementwise smaller of a and b (broadcasting).",
                          example: "print(sum(minimum([1, 5], [3, 2])))\n# expect: 3"),
        Builtin("clamp", [req("x"), opt("lo"), opt("hi")], category: "math",
                doc: "x limited to [lo, hi] (either bound may be left out).",
                example: "print(clamp(5, lo: 0, hi: 1), clamp(-3, lo: 0))\n# expect: 1 0") { c in
            let lo = c.isNil(1) ? nil : try c.number(1), hi = c.isNil(2) ? nil : try c.number(2)
            if c.vm.tensorValue(c[0]) == nil, let x = c.vm.numberValue(c[0]) {
                var y = x
                if let lo { y = Swift.max(y, lo) }
                if let hi { y = Swift.min(y, hi) }
                return .number(y)
            }
            return c.vm.newTensor(try c.tensor(0).clamp(min: lo.map(Float.init), max: hi.map(Float.init)))
        }.records { c in
            let x = try c.variable(0)
            let lo = c.isNil(1) ? nil : Float(try c.number(1)), hi = c.isNil(2) ? nil : Float(try c.number(2))
            return try c.recorded { try $0.clamp(x, min: lo, max: hi) }
        },
        Builtin("allclose", [req("a"), req("b"), opt("rtol", .number(1e-5)), opt("atol", .number(1e-8))],
                category: "tensor",
                doc: "True when |a - b| <= atol + rtol·|b| everywhere (shapes must broadcast).",
                example: "print(allclose([1, 2], [1, 2.000001]), allclose([1], [1.1]))\n# expect: true false") { c in
            let a = try c.tensor(0), b = try c.tensor(1), rtol = try c.number(2), atol = try c.number(3)
            let ok: Bool = try tensorOp {
                let diff = try Tensor.binary(.sub, a, b).map(.abs)
                let tol = try Tensor.binary(.add, Tensor(scalar: Float(atol)),
                                            Tensor.binary(.mul, Tensor(scalar: Float(rtol)), b.map(.abs)))
                return try Tensor.binary(.le, diff, tol).toArray().allSatisfy { $0 != 0 }
            }
            return .bool(ok)
        }.constant("a truth value"),
        Builtin("all", [req("x")], category: "tensor", doc: "True when every element is nonzero (or every list item is true).",
                example: "print(all([1, 2] == [1, 2]), all([1, 0]))\n# expect: true false") { c in
            if let l = c.vm.listObject(c[0]) { return .bool(l.items.allSatisfy { $0 == .bool(true) }) }
            if case .bool(let b) = c[0] { return .bool(b) }
            return .bool(try c.tensor(0).toArray().allSatisfy { $0 != 0 })
        }.constant("a truth value"),
        Builtin("any", [req("x")], category: "tensor", doc: "True when some element is nonzero (or some list item is true).",
                example: "print(any([0, 0, 1]), any(zeros(3)))\n# expect: true false") { c in
            if let l = c.vm.listObject(c[0]) { return .bool(l.items.contains { $0 == .bool(true) }) }
            if case .bool(let b) = c[0] { return .bool(b) }
            return .bool(try c.tensor(0).toArray().contains { $0 != 0 })
        }.constant("a truth value"),
        Builtin("bincount", [req("x"), opt("weights"), opt("length")], category: "tensor",
                doc: "How often each whole number 0, 1, 2, ... occurs in x (or the sum of weights there): a vector of length `length` (default: the largest value + 1).",
                example: "print(bincount([1, 3, 1, 0]), bincount([1, 1], length: 3), bincount([0, 1, 1], weights: [5, 1, 2]))\n# expect: [1, 2, 0, 1] [0, 2, 0] [5, 3]") { c in
            let x = try c.tensor(0), w = c.isNil(1) ? nil : try c.tensor(1)
            let length = try c.optionalInt(2)
            return try c.tensorResult { try Tensor.bincount(x, weights: w, length: length) }
        }.constant("counts of whole numbers"),
        Builtin("unique", [req("x")], category: "tensor",
                doc: "The distinct elements of a vector (or rows of a matrix), sorted: a record {values, inverse (where each element's value is in values), counts}.",
                example: "let u = unique([[1, 2], [0, 5], [1, 2]])\nprint(u.values, u.inverse, u.counts)\n# expect: [[0, 5], [1, 2]] [1, 0, 1] [1, 2]") { c in
            let x = try c.tensor(0)
            let u = try tensorOp { try Tensor.unique(x) }
            return c.vm.newRecord(["values", "inverse", "counts"], [c.vm.newTensor(u.values), c.vm.newTensor(u.inverse),
                                                                     c.vm.newTensor(u.counts)])
        }.constant("distinct values and counts"),
    ]

    static func binaryElementwise(_ name: String, _ op: BinaryOp, _ f: @escaping (Double, Double) -> Double,
                                  doc: String, example: String) -> Builtin {
        Builtin(name, [req("a"), req("b")], category: "tensor", doc: doc, example: example) { c in
            if c.vm.tensorValue(c[0]) == nil, c.vm.tensorValue(c[1]) == nil, c.vm.listObject(c[0]) == nil,
               c.vm.listObject(c[1]) == nil {
                return .number(f(try c.number(0), try c.number(1)))
            }
            let a = try c.tensor(0), b = try c.tensor(1)
            return try c.tensorResult { try Tensor.binary(op, a, b) }
        }.records(binaryBody { try $0.binary(op, $1, $2) })
    }
}

extension BuiltinCall {
    /// A list of tensors (concat, stack).
    func tensorList(_ i: Int) throws -> [Tensor] {
        guard let l = vm.listObject(args[i]) else { throw expected(i, "list of tensors") }
        return try l.items.map { v in
            guard let t = try vm.asTensor(v) else { throw bad(i, "list of tensors expected, it holds \(vm.describe(v))") }
            return t
        }
    }
}
