// CheckProgram: the Cajal text one check runs as. The check's helpers, the exercise's setup
// and the check's body are wrapped in one anonymous function that is called at once:
//
//     (fn() {
//       fn expect(...) { ... }       # the helpers below: locals of this function
//       <setup cell>
//       <check body>
//     })()
//
// Everything the checker defines is a local of that function, so the submission's code (already
// compiled into the session's globals) cannot name, reassign or redefine any of it. Only globals
// cross the boundary: the names the exercise exports, and builtins the submission left alone.
// Only the helpers the setup and body need (directly or through other helpers) are included, so
// the globals a check reaches are exactly the ones its text resolves to (`globalNames`).
// A body that `return`s a number between 0 and 1 earns that fraction of its points.
import Language
import Diagnostics

enum CheckProgram {
    /// The source run for `spec` of `exercise`.
    static func source(for spec: CheckSpec, in exercise: Exercise) -> String {
        let own = exercise.setup + "\n" + spec.body
        return "(fn() {\n" + helpers(neededBy: own) + "\n" + own + "\n})()\n"
    }

    /// The helper functions, each with its name, in the order of `helpers`.
    static let helperFunctions: [(name: String, text: String)] = {
        var out: [(name: String, text: String)] = []
        for line in helpers.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("fn ") {
                let name = line.dropFirst(3).prefix { $0 == "_" || $0.isLetter || $0.isNumber }
                out.append((String(name), String(line)))
            } else if !out.isEmpty {
                out[out.count - 1].text += "\n" + line
            }
        }
        return out
    }()

    /// The helpers `text` names, and the helpers those name, in definition order.
    static func helpers(neededBy text: String) -> String {
        var names = Sandbox.identifiers(in: text)
        var needed: Set<String> = []
        var grew = true
        while grew {
            grew = false
            for h in helperFunctions where names.contains(h.name) && !needed.contains(h.name) {
                needed.insert(h.name)
                names.formUnion(Sandbox.identifiers(in: h.text))
                grew = true
            }
        }
        return helperFunctions.filter { needed.contains($0.name) }.map(\.text).joined(separator: "\n")
    }

    /// The global names `program` resolves to, given the session's global `names`: what the
    /// resolver decides, so a name the check defines itself (a local `accuracy`) is not one.
    static func globalNames(usedBy program: String, globals names: [String]) -> Set<String> {
        var scope = GlobalScope()
        for n in names where scope.lookup(n) == nil { _ = scope.declare(n, kind: .function) }
        let (parsed, _) = Parser.parse(SourceFile(name: "checks.cajal", text: program))
        let (resolved, _) = Resolver.resolve(parsed, globals: &scope)
        let printed = ASTPrinter.print(resolved, resolved: true)
        var found: Set<String> = []
        for m in printed.matches(of: #/([A-Za-z_][A-Za-z0-9_]*)@G[0-9]+/#) {
            found.insert(String(m.output.1))
        }
        return found
    }

    /// The check helpers (docs/exercises.md lists them). Messages read "why: got ..., expected ...",
    /// both in one number format with the first difference marked (`got_expected`); a local
    /// function can only call those defined above it.
    /// `accuracy` is the prelude's (metrics.cajal: scores [N, K] are argmax'ed, [N, 1] flattened),
    /// repeated here as a local so a submission that defines its own `accuracy` cannot change it.
    static let helpers = """
    fn index_text(i, shape) {
      var rest = i
      var text = ""
      for k in 0..<len(shape) {
        let d = shape[len(shape) - 1 - k]
        if k > 0 { text = ", " + text }
        text = "{int(rest % d)}" + text
        rest = floor(rest / d)
      }
      return "[" + text + "]"
    }
    fn numbers_text(flat, shape, mark) {
      fn one(i) {
        let v = "{float(flat[i]):.6g}"
        if i == mark { return "»" + v + "«" }
        return v
      }
      let n = flat.size
      if len(shape) == 0 { return one(0) }
      if n > 12 {
        let lo = max(0, mark - 3)
        let hi = min(n, lo + 7)
        var text = "["
        if lo > 0 { text = "[…, " }
        for i in lo..<hi {
          text = text + one(i)
          if i < hi - 1 { text = text + ", " }
        }
        if hi < n { return text + ", …]" }
        return text + "]"
      }
      var width = n
      if len(shape) == 2 { width = shape[1] }
      var text = ""
      for i in 0..<n {
        if i % width == 0 and i > 0 { text = text + "], [" }
        if i % width != 0 { text = text + ", " }
        text = text + one(i)
      }
      if len(shape) == 2 { return "[[" + text + "]]" }
      return "[" + text + "]"
    }
    fn got_expected(actual, expected, rtol: 0, atol: 0) {
      let a = tensor(actual)
      let e = tensor(expected)
      if str(a.shape) != str(e.shape) or a.size == 0 { return "got {actual}, expected {expected}" }
      let fa = flatten(a)
      let fe = flatten(e)
      let off = abs(fa - fe) > atol + rtol * abs(fe)
      var mark = -1
      for i in 0..<fa.size {
        let x = float(fa[i])
        let y = float(fe[i])
        if mark == -1 and (float(off[i]) > 0 or x != x or y != y) { mark = i }
      }
      if mark == -1 { return "got {actual}, expected {expected}" }
      if a.ndim == 0 { return "got " + numbers_text(fa, a.shape, -1) + ", expected " + numbers_text(fe, e.shape, -1) }
      let place = " (first difference at " + index_text(mark, a.shape) + ")"
      return "got " + numbers_text(fa, a.shape, mark) + ", expected " + numbers_text(fe, e.shape, mark) + place
    }
    fn expect(condition, why: "check failed") {
      assert condition, why
    }
    fn expect_equal(actual, expected, why: "wrong value") {
      if type(actual) == "tensor" or type(expected) == "tensor" {
        assert type(actual) == type(expected), "{why}: got {actual}, expected {expected}"
        assert str(actual.shape) == str(expected.shape), "{why}: shape is {actual.shape}, expected {expected.shape}"
        assert all(actual == expected), "{why}: " + got_expected(actual, expected)
      } else {
        assert type(actual) == type(expected) and actual == expected, "{why}: got {actual}, expected {expected}"
      }
    }
    fn expect_shape(x, shape, why: "wrong shape") {
      assert type(x) == "tensor", "{why}: expected a tensor, got a {type(x)}"
      assert str(x.shape) == str(shape), "{why}: shape is {x.shape}, expected {shape}"
    }
    fn expect_close(actual, expected, why: "wrong values", rtol: 1e-5, atol: 1e-6) {
      let t = type(actual)
      assert t == "tensor" or t == "number", "{why}: expected a number or tensor, got a {t}"
      if type(expected) == "tensor" and expected.ndim > 0 {
        assert t == "tensor", "{why}: expected a tensor of shape {expected.shape}, got a number"
        assert str(actual.shape) == str(expected.shape), "{why}: shape is {actual.shape}, expected {expected.shape}"
      }
      if not allclose(actual, expected, rtol: rtol, atol: atol) {
        assert false, "{why}: " + got_expected(actual, expected, rtol: rtol, atol: atol)
      }
    }
    fn expect_at_least(value, threshold, why: "too low") {
      assert value >= threshold, "{why}: got {value}, needed at least {threshold}"
    }
    fn numeric_gradient(f, x, eps: 1e-2) {
      var flat = flatten(x)
      var grad = zeros([flat.size])
      for i in 0..<flat.size {
        let old = float(flat[i])
        flat[i] = old + eps
        let up = float(f(reshape(flat, x.shape)))
        flat[i] = old - eps
        let down = float(f(reshape(flat, x.shape)))
        flat[i] = old
        grad[i] = (up - down) / (2 * eps)
      }
      return reshape(grad, x.shape)
    }
    fn expect_gradient(f, grad_f, x, why: "gradient does not match finite differences", eps: 1e-2, tol: 1e-2) {
      let analytic = grad_f(x)
      let numeric = numeric_gradient(f, x, eps: eps)
      expect_close(analytic, numeric, why: why, rtol: tol, atol: tol)
    }
    fn accuracy(predictions, labels) {
      fn classes(t) {
        let x = tensor(t)
        if x.ndim == 2 and x.shape[1] > 1 { return argmax(x, axis: 1) }
        return reshape(x, [-1])
      }
      let p = classes(predictions)
      let y = classes(labels)
      assert p.size == y.size, "accuracy: {p.size} predictions but {y.size} labels"
      return float(mean(p == y))
    }
    fn credit(earned, total) = float(earned) / float(total)
    """
}
