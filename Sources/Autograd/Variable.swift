// Variable: a tensor value that may take part in differentiation — its gradient, whether it
// wants one, and (only when an op was recorded) the node that made it. Also detach, zeroGrad
// and the iterative release of long graphs.
import TensorCore

/// How a recorded variable was made: the primitive op (carrying the tensors its derivative
/// row reads) and its parent variables. A class, so that the sweep reads it with one reference
/// count rather than copying its fields.
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
/// - A *leaf* has no `node`: data (`requiresGrad == false`) or a parameter
///   (`requiresGrad == true`) whose `grad` is filled by `backward`.
/// - A *recorded* variable has a `node`; it exists only when a `GradContext` was recording and
///   some operand required a gradient. An op on variables that need no gradient stores nothing
///   but its result, so plain tensor work costs one small object per result.
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
    @exclusivity(unchecked) public var requiresGrad: Bool
    /// The accumulated gradient, the same shape as `value`; nil until a backward reaches it.
    @exclusivity(unchecked) public var grad: Tensor?
    /// When true, a non-leaf variable also keeps its gradient after `backward` (PyTorch's
    /// `retain_grad()`); used by lessons that show every node's gradient.
    @exclusivity(unchecked) public var retainsGrad: Bool = false
    /// A display name for the graph printer ("W1", "loss").
    public var label: String?
    /// The recorded node; nil for leaves and for anything made while not recording.
    @exclusivity(unchecked) public internal(set) var node: Node?

    /// Sweep scratch: the gradient summed so far during one backward pass.
    @exclusivity(unchecked) var pending: Tensor?
    /// Sweep scratch: set while a topological sort has visited this variable.
    @exclusivity(unchecked) var visited: Bool = false
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
    }

    /// A recorded result: requires grad by construction.
    init(_ value: Tensor, node: Node) {
        self.value = value
        self.requiresGrad = true
        self.node = node
    }

    /// The shape of `value`.
    public var shape: Dims { value.shape }

    /// True for variables with no recorded node (data, parameters, constants).
    public var isLeaf: Bool { node == nil }

    /// A new leaf sharing this variable's tensor, cut from the graph (no gradient flows back).
    public func detach() -> Variable { Variable(value) }

    /// Forgets the accumulated gradient.
    public func zeroGrad() { grad = nil }

    /// Releases a long chain of recorded nodes iteratively. Without this, dropping the last
    /// reference to a graph of many thousand nodes would recurse once per node in `deinit`
    /// and could overflow the stack.
    deinit {
        guard var work = node?.parents, !work.isEmpty else { return }
        node = nil
        while var v = work.popLast() {
            if isKnownUniquelyReferenced(&v), var n = v.node {
                v.node = nil
                if isKnownUniquelyReferenced(&n) { work.append(contentsOf: n.parents) }
            }
        }
    }
}

extension Sequence where Element == Variable {
    /// Forgets the gradients of every variable (an optimizer's `zero_grad`).
    public func zeroGrad() { for v in self { v.grad = nil } }
}
