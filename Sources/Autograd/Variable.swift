// Variable: a tensor value that may take part in differentiation — its gradient, whether it
// wants one, and (only when an op was recorded) the node that made it. Also detach, zeroGrad
// and the iterative release of long graphs.
import TensorCore

/// How a recorded variable was made: the primitive op (carrying the tensors its derivative
/// row reads) and its parent variables. A snapshot made on demand by `Variable.node` for
/// readers outside the sweep; the graph itself keeps the op and the parents in the variable.
public final class Node {
    /// The primitive operation, with its static parameters (axes, stride, ...) and saved tensors.
    public let op: Op
    /// The operands, in argument order.
    public let parents: [Variable]

    init(_ op: Op, _ parents: [Variable]) {
        self.op = op
        self.parents = parents
    }
}

/// A tensor in a computation that may be differentiated (micrograd's `Value`, PyTorch's
/// `Tensor` with `requires_grad`).
///
/// - A *leaf* has no op: data (`requiresGrad == false`) or a parameter
///   (`requiresGrad == true`) whose `grad` is filled by `backward`.
/// - A *recorded* variable has an op and its parents; it exists only when a `GradContext` was
///   recording and some operand required a gradient. An op on variables that need no gradient
///   stores nothing but its result, so plain tensor work costs one small object per result.
///
/// A recorded op is one object: the op and the parents live in the variable itself (the first
/// two parents in fields, any more in an array), not in a separate node with a parents array.
/// Three objects per recorded op had been ~1,900 allocations of the learner's LSTM step.
///
/// `grad` accumulates: each `backward` adds to it, as does each use of a value in the graph,
/// until `zeroGrad()`. Gradients of non-leaf variables are not kept unless `retainsGrad`.
///
/// The fields the forward and the sweep read for every node are `@exclusivity(unchecked)`:
/// each access made a run-time exclusivity check (`swift_beginAccess`), about 1 M of the
/// learner's LSTM step's 54 M instructions. No access to them overlaps another: the one
/// long access, the sweep's `accumulate(g, into: &v.grad)`, touches nothing else of `v`.
public final class Variable {
    /// The tensor this variable holds. Optimizers replace it (inside `withNoGrad`); changing
    /// it between a forward pass and its `backward` is not supported.
    @exclusivity(unchecked) public var value: Tensor
    /// True when gradients should flow to (a leaf) or through (a recorded node) this variable.
    /// Fixed when the variable is made: the interpreter's tensor objects keep a copy of it
    /// (read by every op's `records` test), so it must not change afterwards (`detach()` makes
    /// a new leaf instead).
    public let requiresGrad: Bool
    /// The accumulated gradient, the same shape as `value`; nil until a backward reaches it.
    @exclusivity(unchecked) public var grad: Tensor?
    /// When true, a non-leaf variable also keeps its gradient after `backward` (PyTorch's
    /// `retain_grad()`); used by lessons that show every node's gradient.
    @exclusivity(unchecked) public var retainsGrad: Bool = false
    /// A display name for the graph printer ("W1", "loss").
    public var label: String?
    /// The recorded op; nil for leaves and for anything made while not recording. A `let`:
    /// a switch on it borrows it in place, where a `var` was copied out (every saved tensor
    /// retained, the whole enum moved) for each switch.
    let op: Op?
    /// The first operand of the recorded op (nil for a leaf).
    @exclusivity(unchecked) var parent0: Variable?
    /// The second operand (nil when the op has one).
    @exclusivity(unchecked) var parent1: Variable?
    /// The operands after the second (concat, stack, conv2d's bias, custom ops); empty for
    /// ops of one or two operands, so they allocate nothing.
    @exclusivity(unchecked) var moreParents: [Variable] = []

    /// Sweep scratch: the gradient summed so far during one backward pass.
    @exclusivity(unchecked) var pending: Tensor?
    /// Sweep scratch: set while a topological sort has visited this variable.
    @exclusivity(unchecked) var visited: Bool = false
    /// Sweep scratch: how many of the sorted graph's edges lead to this variable (the uses
    /// whose gradients it will sum), counted by the sort (Backward.swift, `propagateProduct`).
    @exclusivity(unchecked) var consumers: Int32 = 0
    /// Sweep scratch: slices' gradients not yet written into `pending`, each with the region
    /// of this variable it belongs to (Backward.swift, `accumulateSlice`).
    @exclusivity(unchecked) var pendingSlices: [(specs: [SliceSpec], value: Tensor)] = []
    /// Sweep scratch: what is known of `pending`'s form (Backward.swift, `accumulateSlice`).
    @exclusivity(unchecked) var pendingForm: PendingForm = .general

    /// A leaf holding `value`.
    public init(_ value: Tensor, requiresGrad: Bool = false, label: String? = nil) {
        self.value = value
        self.requiresGrad = requiresGrad
        self.label = label
        self.op = nil
    }

    /// A recorded result of a one-operand op: requires grad by construction.
    init(_ value: Tensor, _ op: Op, _ x: Variable) {
        self.value = value
        self.requiresGrad = true
        self.op = op
        self.parent0 = x
    }

    /// A recorded result of a two-operand op.
    init(_ value: Tensor, _ op: Op, _ a: Variable, _ b: Variable) {
        self.value = value
        self.requiresGrad = true
        self.op = op
        self.parent0 = a
        self.parent1 = b
    }

    /// A recorded result of an op on `parents` (at least one).
    init(_ value: Tensor, _ op: Op, parents: [Variable]) {
        self.value = value
        self.requiresGrad = true
        self.op = op
        if parents.count > 0 { parent0 = parents[0] }
        if parents.count > 1 { parent1 = parents[1] }
        if parents.count > 2 { moreParents = Array(parents[2...]) }
    }

    /// The shape of `value`.
    public var shape: Dims { value.shape }

    /// True for variables with no recorded op (data, parameters, constants).
    public var isLeaf: Bool { parent0 == nil }

    /// How this variable was recorded (its op and parents), made on demand; nil for leaves.
    public var node: Node? {
        guard let op else { return nil }
        return Node(op, parents)
    }

    /// The recorded op's operands, in argument order; empty for a leaf.
    var parents: [Variable] {
        guard let p0 = parent0 else { return [] }
        guard let p1 = parent1 else { return [p0] }
        return [p0, p1] + moreParents
    }

    /// How many operands the recorded op has (0 for a leaf).
    @inline(__always) var parentCount: Int {
        parent0 == nil ? 0 : parent1 == nil ? 1 : 2 + moreParents.count
    }

    /// Operand `i` (< parentCount), not retained: the variable holds it, and the graph's
    /// edges change only in deinit.
    @inline(__always) func parent(_ i: Int) -> Unmanaged<Variable> {
        switch i {
        case 0: return .passUnretained(parent0!)
        case 1: return .passUnretained(parent1!)
        default: return .passUnretained(moreParents[i - 2])
        }
    }

    /// A new leaf sharing this variable's tensor, cut from the graph (no gradient flows back).
    public func detach() -> Variable { Variable(value) }

    /// Forgets the accumulated gradient.
    public func zeroGrad() { grad = nil }

    /// Releases a long chain of recorded nodes iteratively. Without this, dropping the last
    /// reference to a graph of many thousand nodes would recurse once per node in `deinit`
    /// and could overflow the stack.
    ///
    /// When no operand would be freed by this release with operands of its own (each recorded
    /// operand is also held elsewhere, and appears once here), the fields are released as
    /// usual: that recurses at most into a leaf's deinit. Otherwise the operands go to a work
    /// list; each one taken from it that only the list holds gives up its operands to the list
    /// before it is freed, so its own deinit has nothing to release but leaves.
    deinit {
        guard parent0 != nil else { return }
        if moreParents.isEmpty && !operandsMayChain() { return }
        var work: [Variable] = []
        takeOperands(into: &work)
        while var v = work.popLast() {
            if isKnownUniquelyReferenced(&v) && v.parent0 != nil { v.takeOperands(into: &work) }
        }
    }

    /// True when releasing the two operand fields could free a recorded operand: one that
    /// nothing else holds, or the same variable in both fields. Reads the fields in place (no
    /// local copy, which would hide that an operand is unique and cost a retain).
    @inline(__always) private func operandsMayChain() -> Bool {
        if isKnownUniquelyReferenced(&parent0) {
            if parent0.unsafelyUnwrapped.parent0 != nil { return true }
        } else if parent1 != nil && parent0 === parent1 {
            return true
        }
        return isKnownUniquelyReferenced(&parent1) && parent1.unsafelyUnwrapped.parent0 != nil
    }

    /// Moves every operand into `work`, leaving this variable without them.
    private func takeOperands(into work: inout [Variable]) {
        if let p = parent0.take() { work.append(p) }
        if let p = parent1.take() { work.append(p) }
        if !moreParents.isEmpty {
            work.append(contentsOf: moreParents)
            moreParents = []
        }
    }
}

extension Sequence where Element == Variable {
    /// Forgets the gradients of every variable (an optimizer's `zero_grad`).
    public func zeroGrad() { for v in self { v.grad = nil } }
}
