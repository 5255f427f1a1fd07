// GradContext: the recording switch of one session. Every differentiable op is a method on it
// (Ops+Topic.swift); it records a node only when it is recording and an operand requires a
// gradient. There is no global mode flag: the interpreter holds one context per session.
import TensorCore

/// Where ops are recorded. One per session (interpreter) or per test.
///
///     let ag = GradContext()
///     let w = Variable(try .ones([2, 1]), requiresGrad: true)
///     let loss = try ag.sum(ag.matmul(x, w))
///     try loss.backward()          // w.grad == x summed over rows, as a column
///     ag.withNoGrad { ... }        // evaluation and optimizer updates record nothing
public final class GradContext {
    /// True (the default) when ops on variables that require gradients record nodes.
    /// `withNoGrad` turns it off for a scope.
    /// Unchecked exclusivity: every op reads it, and a run-time check per read cost more than the read.
    @exclusivity(unchecked) public var isRecording: Bool

    public init(recording: Bool = true) {
        self.isRecording = recording
    }

    /// Runs `body` with recording off (PyTorch's `torch.no_grad()`), restoring the previous
    /// mode afterwards even if `body` throws. Results made inside are plain leaves.
    public func withNoGrad<R>(_ body: () throws -> R) rethrows -> R {
        let saved = isRecording
        isRecording = false
        defer { isRecording = saved }
        return try body()
    }

    /// Runs `body` with recording on (PyTorch's `torch.enable_grad()`).
    public func withGrad<R>(_ body: () throws -> R) rethrows -> R {
        let saved = isRecording
        isRecording = true
        defer { isRecording = saved }
        return try body()
    }

    /// True when an op on `a` must record a node. When it is false for every operand, an op
    /// is plain TensorCore work: a caller holding bare tensors may call TensorCore directly.
    @inline(__always) public func records(_ a: Variable) -> Bool {
        isRecording && a.requiresGrad
    }

    /// True when an op on `a` and `b` must record a node.
    @inline(__always) public func records(_ a: Variable, _ b: Variable) -> Bool {
        isRecording && (a.requiresGrad || b.requiresGrad)
    }

    /// True when an op on `xs` must record a node.
    @inline(__always) func records(_ xs: [Variable]) -> Bool {
        isRecording && xs.contains { $0.requiresGrad }
    }

    /// Records a fused kernel computed outside this room: `output` is its forward result on
    /// `inputs`, `saved` what its `vjp` will need. Returns a plain leaf when nothing records.
    public func custom(_ op: any CustomOp, _ inputs: [Variable], output: Tensor, saved: [Tensor] = [])
        -> Variable
    {
        guard records(inputs) else { return Variable(output) }
        return Variable(output, .custom(op, saved: saved), parents: inputs)
    }

    /// A constant leaf holding `x` (a 0-d tensor); used for Float operands of composites.
    @inline(__always) func constant(_ x: Float) -> Variable {
        Variable(Tensor(scalar: x))
    }
}
