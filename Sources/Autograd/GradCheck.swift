// GradCheck: compares the gradients backward computes with central finite differences, for
// tests and for Cajal's `gradcheck` builtin. The function runs in float32 (the only kind of
// tensor there is); the differences, steps and comparison are taken in Double.
import TensorCore

/// How closely analytic and numerical gradients must agree, and the finite-difference step.
///
/// Rule: element j of input i passes when |analytic − numeric| ≤ atol + rtol·max(|analytic|,
/// |numeric|). numeric = (L(x + h) − L(x − h)) / (x₊ − x₋), where L = Σ r·f(x) in Double with
/// a fixed random projection r (r = 1 for one-element outputs), and x₊, x₋ are the float32
/// values actually reached by stepping h = eps each way (the step actually taken, not h, is
/// the divisor, so float32 rounding of x ± h costs nothing).
///
/// The defaults (eps 1e-2, atol 1e-3, rtol 1e-2) suit float32 functions of inputs of order 1:
/// the rounding noise of a float32 L is about 1e-7·|L| / h and the truncation error h²·f‴/6.
/// Inputs must sit further than h from a kink (relu at 0, max with a tie) for the check to
/// mean anything.
public struct GradCheckTolerance: Sendable {
    public var eps: Double
    public var atol: Double
    public var rtol: Double

    public init(eps: Double = 1e-2, atol: Double = 1e-3, rtol: Double = 1e-2) {
        self.eps = eps
        self.atol = atol
        self.rtol = rtol
    }
}

/// What a gradient check found: every compared element's worst disagreement.
public struct GradCheckReport: CustomStringConvertible, Sendable {
    /// One compared element.
    public struct Element: Sendable {
        public var input: Int
        public var index: [Int]
        public var analytic: Double
        public var numeric: Double
        public var error: Double { Swift.abs(analytic - numeric) }
    }

    /// True when every element passed the tolerance rule.
    public var passed: Bool
    /// The number of input elements compared.
    public var checked: Int
    /// The element with the largest |analytic − numeric| / (atol + rtol·scale).
    public var worst: Element?
    /// The elements that failed (at most 10 kept).
    public var failures: [Element]

    public var description: String {
        let head = passed ? "gradcheck passed" : "gradcheck FAILED"
        var s = "\(head): \(checked) elements"
        if let w = worst {
            s += ", worst at input \(w.input) \(w.index): analytic \(Float(w.analytic)), numeric \(Float(w.numeric))"
        }
        for f in failures.prefix(3) where !passed {
            s += "\n  input \(f.input) \(f.index): analytic \(Float(f.analytic)), numeric \(Float(f.numeric))"
        }
        return s
    }
}

extension GradContext {
    /// Checks the gradient of `f` with respect to every input that requires a gradient.
    /// `f` gets fresh leaves with the inputs' values (perturbed for the numerical part), may
    /// return any shape, and must be deterministic. Throws if `f` throws.
    public func gradCheck(
        _ inputs: [Variable], tolerance: GradCheckTolerance = GradCheckTolerance(), seed: UInt64 = 0,
        _ f: ([Variable]) throws -> Variable
    ) throws -> GradCheckReport {
        let leaves = inputs.map { Variable($0.value, requiresGrad: $0.requiresGrad) }
        let out = try withGrad { try f(leaves) }
        let r = try projection(like: out.value, seed: seed)
        let analytic = try out.gradients(withRespectTo: leaves, seed: r)
        let weights = r.toArray().map(Double.init)
        var report = GradCheckReport(passed: true, checked: 0, worst: nil, failures: [])
        var worstScore = -1.0
        for (i, x) in inputs.enumerated() where x.requiresGrad {
            let a = analytic[i].toArray()
            let numeric = try numericGradient(inputs, i, tolerance.eps, weights, f)
            for j in 0..<a.count {
                let e = GradCheckReport.Element(
                    input: i, index: multiIndex(j, x.value.shape), analytic: Double(a[j]), numeric: numeric[j])
                let scale = Swift.max(Swift.abs(e.analytic), Swift.abs(e.numeric))
                let score = e.error / (tolerance.atol + tolerance.rtol * scale)
                if score > worstScore || score.isNaN { (worstScore, report.worst) = (score, e) }
                if !(score <= 1) {
                    report.passed = false
                    if report.failures.count < 10 { report.failures.append(e) }
                }
                report.checked += 1
            }
        }
        return report
    }

    /// Central differences of Σ r·f for every element of input `i`, in Double.
    private func numericGradient(
        _ inputs: [Variable], _ i: Int, _ eps: Double, _ weights: [Double],
        _ f: ([Variable]) throws -> Variable
    ) throws -> [Double] {
        let shape = inputs[i].value.shape
        var values = inputs[i].value.toArray()
        var args = inputs.map { Variable($0.value) }
        func loss(_ vs: [Float]) throws -> Double {
            args[i] = Variable(try Tensor(shape: shape, values: vs))
            let y = try withNoGrad { try f(args) }.value.toArray()
            guard y.count == weights.count else {
                throw TensorError(
                    op: "gradcheck", message: "the function's output changed size when an input moved",
                    shapes: [shape])
            }
            return zip(y, weights).reduce(0) { $0 + Double($1.0) * $1.1 }
        }
        var out = [Double](repeating: 0, count: values.count)
        for j in 0..<values.count {
            let x = values[j]
            let h = eps
            let plus = Float(Double(x) + h)
            let minus = Float(Double(x) - h)
            values[j] = plus
            let lp = try loss(values)
            values[j] = minus
            let lm = try loss(values)
            values[j] = x
            out[j] = (lp - lm) / (Double(plus) - Double(minus))
        }
        return out
    }

    /// A fixed random projection with `t`'s shape (normal, from `seed`), or 1 for one element.
    private func projection(like t: Tensor, seed: UInt64) throws -> Tensor {
        if t.count == 1 { return try Tensor.ones(t.shape) }
        var rng = RandomGenerator(seed: seed)
        return try Tensor.normal(t.shape, mean: 0, std: 1, rng: &rng)
    }
}

/// The row-major multi-index of flat position `j` in `shape`.
func multiIndex(_ j: Int, _ shape: Dims) -> [Int] {
    var rest = j
    var idx = [Int](repeating: 0, count: shape.count)
    for a in stride(from: shape.count - 1, through: 0, by: -1) where shape[a] > 0 {
        idx[a] = rest % shape[a]
        rest /= shape[a]
    }
    return idx
}
