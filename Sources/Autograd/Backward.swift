// Backward: reverse-mode differentiation — a topological sort of the recorded graph and one
// reverse sweep that applies each node's derivative row and accumulates into its parents.
// `backward()` (tape style, fills `.grad`) and `gradients(withRespectTo:)` (functional
// style, `grad(f, x)`) share the sweep.
import TensorCore

extension Variable {
    /// Adds ∂self/∂leaf to `grad` of every leaf that requires a gradient (and of non-leaves
    /// that `retainsGrad`). `seed` is ∂L/∂self; it defaults to 1 and must be given, with this
    /// variable's shape, unless this variable holds exactly one element.
    ///
    /// The graph is kept, so calling `backward` twice adds the gradients twice (PyTorch with
    /// `retain_graph=True`). Throws a TensorError, never traps, when this variable does not
    /// depend on anything requiring a gradient, or the seed is missing or of the wrong shape.
    ///
    /// `watch`, when given, sees every gradient that a derivative row able to make one
    /// (`Op.derivativeCanBeInfinite`) makes holding a NaN or an infinity, with the row's op
    /// name (the interpreter's NaN sentinel); it costs one pass over each gradient of those rows.
    public func backward(seed: Tensor? = nil, watch: ((_ op: String, _ gradient: Tensor) -> Void)? = nil) throws {
        let order = try topologicalOrder()
        // The sweep clears each variable's scratch as it passes (one visit per variable, not a
        // second pass); order[0..<k], those not yet swept, are cleared on an early exit.
        var k = order.count
        defer { Variable.resetScratch(order, upTo: k) }
        pending = try checkedSeed(seed)
        var copies = TransposeCopies()
        while k > 0 {
            try order[k - 1]._withUnsafeGuaranteedRef { v in
                v.visited = false
                v.consumers = 0
                try v.gatherSlices()
                // taken, not copied: a copy retained and released the tensor's buffer; nil
                // also for a σ, tanh or relu whose gradient went straight through it
                guard let g = v.pending.take() else { return }
                if v.isLeaf || v.retainsGrad {
                    try accumulate(g, into: &v.grad)
                }
                try v.propagate(g, watch: watch, copies: &copies, throughRows: true)
                v.pendingForm = .general
            }
            k -= 1
        }
    }

    /// The gradients ∂self/∂input for each of `inputs`, leaving every `grad` untouched
    /// (PyTorch's `torch.autograd.grad`; Cajal's `grad(f, x)`). An input self does not depend
    /// on gets zeros of its shape. `seed` as for `backward`.
    public func gradients(withRespectTo inputs: [Variable], seed: Tensor? = nil) throws -> [Tensor] {
        var found = [Tensor?](repeating: nil, count: inputs.count)
        if requiresGrad {
            let order = try topologicalOrder()
            var k = order.count
            defer { Variable.resetScratch(order, upTo: k) }
            pending = try checkedSeed(seed)
            var copies = TransposeCopies()
            while k > 0 {
                try order[k - 1]._withUnsafeGuaranteedRef { v in
                    v.visited = false
                    v.consumers = 0
                    try v.gatherSlices()
                    guard let g = v.pending.take() else { return }
                    for (i, x) in inputs.enumerated() where x === v {
                        found[i] = try found[i].map { try $0 + g } ?? g
                    }
                    try v.propagate(g, copies: &copies)
                    v.pendingForm = .general
                }
                k -= 1
            }
        } else {
            _ = try checkedSeed(seed)
        }
        return try inputs.indices.map { i in try found[i] ?? Tensor.zeros(inputs[i].shape) }
    }

    /// Applies this node's derivative row to `g` and adds the results to the parents.
    /// `copies` keeps the sweep's contiguous transposes (`Tensor.matmulTransposed`).
    ///
    /// The operands are read unretained (`parent(i)`): this variable holds them throughout.
    /// `throughRows` lets a product's gradient go through a σ, tanh or relu in the same pass
    /// (`propagateProduct`; `backward` only, since `gradients` may be asked for that operand).
    private func propagate(
        _ g: Tensor, watch: ((String, Tensor) -> Void)? = nil, copies: inout TransposeCopies, throughRows: Bool = false
    ) throws {
        switch op {
        case nil: return
        case .slice(let specs, let from)?:
            return try parent(0)._withUnsafeGuaranteedRef { p in try accumulateSlice(g, specs, from, into: p) }
        case .matmul(let a, let b)? where g.rank == 2:
            return try propagateMatmul(g, a, b, copies: &copies)
        case .mul(let a, let b)? where throughRows:
            return try propagateProduct(g, a, b)
        default: break
        }
        var grads = OperandGradients()
        try vjp(g, into: &grads)
        if let watch, let op, op.derivativeCanBeInfinite {
            for case let gp? in [grads.first, grads.second] + grads.rest where !gp.isAllFinite { watch(op.name, gp) }
        }
        for i in 0..<parentCount {
            guard let gp = grads.take(i) else { continue }
            try parent(i)._withUnsafeGuaranteedRef { p in
                guard p.requiresGrad else { return }
                let reduced = try sumTo(gp, p.value.shape)
                try p.gatherSlices()
                try accumulate(reduced, into: &p.pending)  // a sum without −0 stays without −0
            }
        }
    }

    /// The matmul row of Derivatives.swift (∂a = g @ bᵀ, ∂b = aᵀ @ g) for a 2-D product,
    /// each gradient added into its parent's pending sum by one GEMM into the sum where
    /// `Tensor.addProduct` shows that to give the bits of the product then the add. A
    /// learner's LSTM step uses its weights once per time step, so all but the first time
    /// step's weight gradients are sums: without this each was a fresh product, then an add.
    /// ∂a = g @ bᵀ goes through `Tensor.matmulTransposed`, which keeps a contiguous bᵀ for the
    /// sweep where OpenBLAS would pack both operands every time (the same bits: that function
    /// says why).
    private func propagateMatmul(_ g: Tensor, _ a: Tensor?, _ b: Tensor?, copies: inout TransposeCopies) throws {
        for i in 0..<2 {
            try parent(i)._withUnsafeGuaranteedRef { p in
                guard p.requiresGrad else { return }
                // the row saves each operand exactly when the other one needs a gradient
                guard let other = i == 0 ? b : a else { return }
                let (lhs, rhs) = i == 0 ? (g, try swapLast(other)) : (try swapLast(other), g)
                try p.gatherSlices()
                if p.pending != nil && p.pending!.addProduct(lhs, rhs) { return }
                let product = i == 0 && other.rank == 2
                    ? try Tensor.matmulTransposed(g, other, copies: &copies) : try Tensor.matmul(lhs, rhs)
                let reduced = try sumTo(product, p.value.shape)
                try accumulate(reduced, into: &p.pending)
            }
        }
    }

    /// The mul row of Derivatives.swift (∂a = g·b, ∂b = g·a), each gradient added into its
    /// parent's pending sum as `propagate` would, except where the parent is a σ, tanh or relu
    /// that the sweep may pass straight through (`throughRow`): then that parent's own row is
    /// applied to the product in the same pass (`Tensor.productBackward`, the same bits) and
    /// the result added into *its* operand's sum, and the parent, left without a pending
    /// gradient, is skipped when the sweep reaches it. A learner's LSTM cell multiplies three
    /// σ gates and two tanh: without this each was a product's tensor, then a second pass.
    ///
    /// The order of the sums is kept: the row computed both products before adding either, and
    /// neither product reads a pending sum, so one at a time is the same; the operand that now
    /// gets its gradient earlier (when this node is swept, not when the σ is) takes at most
    /// one other, and the two are added in either order with the same bits.
    private func propagateProduct(_ g: Tensor, _ a: Tensor?, _ b: Tensor?) throws {
        for i in 0..<2 {
            // the row saves each operand exactly when the other one needs a gradient
            guard let other = i == 0 ? b : a else { continue }
            try parent(i)._withUnsafeGuaranteedRef { p in
                guard p.requiresGrad else { return }
                if let (row, y) = p.throughRow(g, other) {
                    let through = try Tensor.productBackward(row, y: y, grad: g, times: other)
                    return try p.parent(0)._withUnsafeGuaranteedRef { q in
                        let reduced = try sumTo(through, q.value.shape)
                        try q.gatherSlices()
                        try accumulate(reduced, into: &q.pending)
                    }
                }
                let reduced = try sumTo(try g * other, p.value.shape)
                try p.gatherSlices()
                try accumulate(reduced, into: &p.pending)
            }
        }
    }

    /// This variable's derivative row and the tensor it reads, when it is a σ, tanh or relu
    /// that a product's gradient `g · other` may go straight through: the product is its only
    /// use in the graph being swept (so that gradient is all its pending sum would be), it
    /// keeps no gradient of its own, the shapes are equal (no broadcast to reduce), and its
    /// operand has at most one other use (so moving this sum earlier cannot reorder three).
    /// None of these rows can make an infinity from finite values, so the NaN sentinel
    /// watches none of them (`Op.derivativeCanBeInfinite`).
    func throughRow(_ g: Tensor, _ other: Tensor) -> (BackwardRow, Tensor)? {
        guard consumers == 1, !retainsGrad, pending == nil, pendingSlices.isEmpty else { return nil }
        let row: BackwardRow, y: Tensor
        switch op {
        case .sigmoid(let out)?: (row, y) = (.sigmoid, out)
        case .tanh(let out)?: (row, y) = (.tanh, out)
        case .relu(let x)?: (row, y) = (.relu, x)
        default: return nil
        }
        guard y.shape == g.shape, other.shape == g.shape else { return nil }
        let operandUses = parent(0)._withUnsafeGuaranteedRef { q in q.requiresGrad ? q.consumers : 0 }
        guard operandUses >= 1 && operandUses <= 2 else { return nil }
        return (row, y)
    }

    /// `total += g`, in place when `total`'s storage is its own (copy-on-write otherwise).
    @inline(__always) private func accumulate(_ g: Tensor, into total: inout Tensor?) throws {
        if total == nil {
            total = g
        } else {
            try total!.formBinary(.add, g)
        }
    }

    /// The slice row of Derivatives.swift (zeros of the parent's shape with `g` in the region
    /// `specs` selects) added into the parent's pending sum, without a full-size zeros per
    /// slice where the result is provably the same bit for bit. A learner's LSTM step slices
    /// its four gates out of one pre-activation (`z[:, 0:H]` ...), so z's gradient is four
    /// disjoint regions.
    ///
    /// The full add of zeros-with-region gives every element outside the region x + 0, which is
    /// x except that −0 becomes +0; a float32 sum is −0 only when both terms are. So while only
    /// slices with disjoint regions have arrived, their gradients are kept (`pendingSlices`)
    /// and `gatherSlices` later writes them in one pass: one slice as its row (a −0 of g stays
    /// −0 there), two or more each as g + 0 in its region (what the adds would make of it),
    /// +0 elsewhere. After two or more, no element is −0, so a later slice adds its region
    /// alone. Anything else takes the row as written.
    private func accumulateSlice(_ g: Tensor, _ specs: [SliceSpec], _ from: Dims, into p: Variable) throws {
        guard p.requiresGrad else { return }
        if p.pending == nil {
            var disjoint = true
            for kept in p.pendingSlices {
                disjoint = try p.value.regionsAreDisjoint(kept.specs, specs)
                if !disjoint { break }
            }
            if disjoint {
                // room for an LSTM's four gates at once: growing 1 → 2 → 4 was three arrays
                if p.pendingSlices.isEmpty { p.pendingSlices.reserveCapacity(4) }
                p.pendingSlices.append((specs, g))
                return
            }
            try p.gatherSlices()
        }
        if case .noNegativeZero = p.pendingForm {
            try p.pending!.addAssign(specs, g)
            return
        }
        var z = try Tensor.zeros(from)
        try z.assign(specs, g)
        try accumulate(z, into: &p.pending)
        p.pendingForm = .general
    }

    /// Writes the slices' gradients kept by `accumulateSlice` into `pending` (which is nil
    /// while any are kept), as adding their rows one by one would make it.
    func gatherSlices() throws {
        guard !pendingSlices.isEmpty else { return }
        let slices = pendingSlices
        pendingSlices = []
        pending = try Tensor.fromDisjointRegions(value.shape, slices, addingZero: slices.count > 1)
        pendingForm = slices.count > 1 ? .noNegativeZero : .general
    }

    /// The seed gradient: `seed` checked against this variable's shape, or ones if it holds
    /// one element.
    private func checkedSeed(_ seed: Tensor?) throws -> Tensor {
        if let seed {
            guard seed.shape == value.shape else {
                throw TensorError(
                    op: "backward",
                    message: "the seed gradient has shape \(shapeString(seed.shape)) "
                        + "but the output has shape \(shapeString(value.shape))",
                    shapes: [value.shape, seed.shape], hint: "the seed must have the output's shape")
            }
            return seed
        }
        guard value.count == 1 else {
            throw TensorError(
                op: "backward",
                message: "backward starts from a single number, but this output has shape \(shapeString(value.shape))",
                shapes: [value.shape],
                hint: "reduce it to a loss first (sum() or mean()), or pass a seed gradient of the same shape")
        }
        return try Tensor.ones(value.shape)
    }

    /// Every variable this one depends on through variables requiring a gradient, parents
    /// before children (an iterative depth-first post-order, so deep graphs cannot overflow
    /// the stack). Marks each one `visited` and counts each one's `consumers` (the edges to it);
    /// the sweep (or `resetScratch`) clears both.
    ///
    /// The order and the work stack hold their variables unretained: self holds the whole
    /// graph for the sort and the sweep, and nothing in them changes the graph (its edges
    /// change only in deinit). A retained order and stack took ~4 retains and releases per
    /// edge (the stack entry, the parent, the order's entry, the sweep's loop variable).
    func topologicalOrder() throws -> [Unmanaged<Variable>] {
        guard requiresGrad else {
            throw TensorError(
                op: "backward",
                message: "this value does not depend on anything that requires a gradient",
                shapes: [value.shape],
                hint: "make the parameters with requires_grad, and compute the loss outside no_grad")
        }
        // No closure captures `stack` or `order`: a captured var is boxed, and each access to
        // it checked at run time (swift_beginAccess).
        var order: [Unmanaged<Variable>] = []
        visited = true
        var stack: [(variable: Unmanaged<Variable>, next: Int)] = [(.passUnretained(self), 0)]
        while let (v, i) = stack.last {
            let next = v._withUnsafeGuaranteedRef { n in i < n.parentCount ? n.parent(i) : nil }
            if let p = next {
                stack[stack.count - 1].next = i + 1
                let fresh = p._withUnsafeGuaranteedRef { p in
                    guard p.requiresGrad else { return false }
                    p.consumers &+= 1
                    guard !p.visited else { return false }
                    p.visited = true
                    return true
                }
                if fresh { stack.append((p, 0)) }
            } else {
                stack.removeLast()
                order.append(v)
            }
        }
        return order
    }

    /// Clears the sweep scratch of `order[0..<end]` (the variables a sweep that stopped early,
    /// by an error, did not reach).
    static func resetScratch(_ order: [Unmanaged<Variable>], upTo end: Int) {
        for i in 0..<end {
            order[i]._withUnsafeGuaranteedRef { v in
                v.visited = false
                v.consumers = 0
                v.pending = nil
                v.pendingSlices = []
                v.pendingForm = .general
            }
        }
    }
}

/// What the sweep knows about a variable's pending gradient sum, so that a slice's gradient
/// can be added into its region alone (`accumulateSlice`).
enum PendingForm {
    /// Nothing known: a slice adds its full zeros-with-region.
    case general
    /// No element is −0, so adding +0 anywhere would change nothing.
    case noNegativeZero
}
