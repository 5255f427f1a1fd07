// VM+Sentinel: the NaN/Inf sentinel. When an operation turns finite inputs into a NaN or an
// infinity, the learner is told once per source line — which builtin or operator, where, and
// an example input: `model.cajal:2:9: warning: log made nan from -1 (element [1])`, with a hint.
// `backward()` watches its sweep the same way (the first derivative row that makes a NaN), and
// refuses a loss that is already NaN or infinite with a located error naming the step and the
// op that first made one, so `fit` and hand-written training loops stop where it started.
// `allow_nan(f)` runs f with the sentinel off, for lessons that explore NaN on purpose.
//
// The sentinel watches the ops that make NaN or Inf from ordinary finite inputs — log, sqrt,
// exp, the losses, `/`, `%` and `**` forward; the derivative rows of log, sqrt, exp, div, pow
// and reciprocal in backward() — with one pass over each result (Tensor.isAllFinite, 16 lanes
// at a time); the inputs are looked at only when a result is not finite. Any other op can
// only overflow float32, which the NaN-loss check in backward() still catches. Watching every
// op cost 7-20 % of a training step in `cajal-bench train --sentinel-cost`; this costs ≤ 3 %.
import Autograd
import Diagnostics
import TensorCore

/// The sentinel's state in one session.
struct NonFiniteSentinel {
    /// Off inside `allow_nan(f)`.
    var enabled = true
    /// "file:line" of every line already warned about.
    var warnedLines: Set<String> = []
    /// The first op that made a NaN or an infinity, and where: "log at model.cajal:2:9".
    var first: String?
    /// backward() calls so far (the step a NaN loss is reported at).
    var backwardCalls = 0
}

extension VM {
    /// Checks the result of `op` on `inputs` (tensors, numbers or lists of them): when it is a
    /// tensor holding a NaN or an infinity and every input was finite, warns.
    @inline(__always) func sentinelCheck(_ result: Value, op: String, inputs: @autoclosure () -> [Value]) {
        guard sentinel.enabled, let r = object(result, as: TensorObj.self), !r.tensor.isAllFinite else { return }
        reportNonFinite(r.tensor, op: op, inputs: inputs().compactMap { try? asTensor($0) })
    }

    /// The slow path of `sentinelCheck`: finds the first bad element and an input element it
    /// came from, and warns once for this source line.
    func reportNonFinite(_ t: Tensor, op: String, inputs: [Tensor]) {
        guard inputs.allSatisfy(\.isAllFinite), let (k, index, value) = t.firstNonFinite() else { return }
        var from = ""
        let sources = inputs.filter { $0.count == t.count || $0.count == 1 }
        if !sources.isEmpty {
            from = " from " + sources.map { formatNumber(Double($0.count == 1 ? $0.element(flat: 0) : $0.element(flat: k))) }
                .joined(separator: " and ")
        }
        let at = t.rank == 0 ? "" : " (element \(index))"
        warnNonFinite("\(op) made \(formatNumber(Double(value)))\(from)\(at)", op: op, hint: nonFiniteHint(op))
    }

    /// Emits the warning at the running instruction, once per source line, and remembers the
    /// first op for a later NaN loss.
    func warnNonFinite(_ message: String, op: String, hint: String) {
        var d = locate(VMError(.tensorError, message, hint: hint))
        let line = d.location.map { "\(d.file?.name ?? ""):\($0.line)" } ?? ""
        if sentinel.first == nil {
            sentinel.first = "\(op)" + (d.location.map { " at \(d.file?.name ?? ""):\($0.line):\($0.column)" } ?? "")
        }
        guard sentinel.warnedLines.insert(line).inserted else { return }
        d.severity = .warning
        d.stackTrace = []
        onWarning(d)
    }

    /// A warning at the running instruction (no stack trace): something was done that the
    /// learner should know of, such as a data file's missing values read as nan.
    func warn(_ message: String, hint: String? = nil) {
        var d = locate(VMError(.tensorError, message, hint: hint))
        d.severity = .warning
        d.stackTrace = []
        onWarning(d)
    }

    /// What usually makes a NaN or an infinity in `op`, and the fix.
    func nonFiniteHint(_ op: String) -> String {
        switch op {
        case "log": return "log of a negative number is nan and log(0) is -inf; clip or add an epsilon: log(x + 1e-7)"
        case "sqrt": return "sqrt of a negative number is nan; clip at 0 first"
        case "exp": return "exp overflows above about 88 in float32; subtract the maximum first (softmax does), or use log_softmax"
        case "/": return "division by 0 gives ±inf, and 0 / 0 nan; add an epsilon to the divisor"
        case "**": return "a negative number to a fractional power is nan, and a large power overflows"
        case "%": return "x % 0 is nan"
        default: return "a value outgrew float32 (about 3.4e38) or an undefined operation happened; look at this op's inputs"
        }
    }

    /// `backward()` of `loss`: refuses a NaN or infinite loss (naming the step and the op that
    /// first made one), then runs the sweep watching each derivative row.
    func sentinelBackward(_ loss: Variable) throws {
        sentinel.backwardCalls += 1
        guard sentinel.enabled else { return try tensorOp { try loss.backward() } }
        if !loss.value.isAllFinite {
            let first = sentinel.first.map { "; \($0) made the first nan or inf" } ?? ""
            throw VMError(.gradientError,
                          "the loss is \(formatNumber(Double(loss.value.firstNonFinite()?.value ?? .nan))) at step \(sentinel.backwardCalls) (backward call \(sentinel.backwardCalls))\(first)",
                          hint: "a learning rate too large, a log of 0 or a division by 0; fix the cause, or run the code in allow_nan(f) to go on anyway")
        }
        var seen = false
        try tensorOp {
            try loss.backward { op, g in
                guard !seen else { return }
                seen = true
                self.warnNonFinite("backward() made \(formatNumber(Double(g.firstNonFinite()?.value ?? .nan))) in the derivative of \(op)",
                                   op: "the derivative of \(op)",
                                   hint: "a derivative is infinite where its function is steep (sqrt and log at 0, division by 0); keep inputs away from there")
            }
        }
    }
}

extension Interpreter {
    /// The NaN/Inf sentinel (on by default); `cajal-bench train --sentinel-cost` turns it off
    /// to measure what it costs.
    public var nanSentinel: Bool {
        get { vm.sentinel.enabled }
        set { vm.sentinel.enabled = newValue }
    }
}

extension BuiltinTable {
    /// The builtins whose results the sentinel looks at, by row index: those that make NaN or
    /// Inf from ordinary finite inputs (a builtin made elsewhere may also overflow float32).
    static let watched: [Bool] = rows.map { ["log", "sqrt", "exp", "variance", "std", "mse", "bce", "bce_with_logits",
                                             "cross_entropy", "hinge", "log_softmax", "softmax"].contains($0.name) }
}

extension ArithOp {
    /// `/`, `%` and `**` can make NaN or Inf from finite operands (x / 0, x % 0, (-1) ** 0.5);
    /// `+ - * @` only by overflowing float32.
    var canMakeNonFinite: Bool { self == .div || self == .mod || self == .pow }
}
