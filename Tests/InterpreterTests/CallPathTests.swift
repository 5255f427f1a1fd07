// CallPathTests: the builtin call path (the row read through its entry, bind skipped for an
// exact positional call, argument numbers worked out only for a message), the slice objects
// kept for reuse (`VM.recentSlice`) and the cached `requiresGrad` of a tensor object.
@testable import Interpreter
import Diagnostics
import Testing

@Suite struct CallPathTests {
    /// Output and the first diagnostic's message of running `source` in a fresh session,
    /// collecting every `stress`th allocation (0: never).
    func run(_ source: String, stress: Int = 0) -> (output: String, error: String?) {
        var out = ""
        var messages: [String] = []
        let i = Interpreter(output: { out += $0 }, onDiagnostic: { messages.append($0.message) })
        i.vm.heap.stressEvery = stress
        _ = i.run(source: source)
        return (out, messages.first)
    }

    @Test func badArgumentNumbersAreWhereTheLearnerWroteThem() {
        // positional: the parameter's place
        #expect(run("clamp(1, \"a\")").error == "bad argument #2 to 'clamp' (number expected, got string)")
        // named, out of order: the place of the named argument in the call
        #expect(run("clamp(1, hi: \"b\", lo: 0)").error == "bad argument #2 to 'clamp' (number expected, got string)")
        #expect(run("clamp(1, hi: 2, lo: \"c\")").error == "bad argument #3 to 'clamp' (number expected, got string)")
        #expect(run("reshape(shape: \"s\", x: zeros(2))").error
                == "bad argument #1 to 'reshape' (shape (list of whole numbers) expected, got string)")
        // a method call counts the receiver as argument 1
        #expect(run("zeros(2).reshape(\"s\")").error
                == "bad argument #2 to 'reshape' (shape (list of whole numbers) expected, got string)")
    }

    @Test func defaultsFillTheParametersLeftOutAndExactCallsSkipBinding() {
        #expect(run("print(clamp(5, lo: 0, hi: 1), clamp(-3, lo: 0), clamp(7), clamp(2, 0, 1))").output == "1 0 7 1\n")
        #expect(run("print(sum(tensor([[1, 2], [3, 4]]), axis: 0))").output == run("print(sum(tensor([[1, 2], [3, 4]]), 0))").output)
        #expect(run("clamp(1, 2, 3, 4)").error?.hasPrefix("too many arguments to 'clamp'") == true)
        #expect(run("reshape(zeros(2))").error?.hasPrefix("missing argument 'shape'") == true)
    }

    /// Twelve distinct slices in turn (more than the eight kept), slices of lists and strings,
    /// with the collector running every few allocations so kept slice objects are freed and
    /// their slots taken by other objects: the results must not change.
    @Test func keptSliceObjectsGiveTheSameResultsUnderCollection() {
        let source = """
        let m = reshape(arange(24), [2, 12])
        var s = 0
        var t = ""
        for i in 0..<60 {
            let k = i % 12
            let col = m[:, k:k + 1]
            let xs = [i, i + 1, i + 2, i + 3][1:3]
            s = s + sum(col) * 1000 + xs[0] + xs[1] + sum(m[1, ::3]) + sum(m[:, 10:])
            t = t + "abcdef"[k % 3:k % 3 + 2]
        }
        print(s, t)
        """
        let plain = run(source)
        #expect(plain.error == nil)
        #expect(plain.output.hasPrefix("1"))
        for every in [2, 3, 5] {
            let stressed = run(source, stress: every)
            #expect(stressed.error == nil)
            #expect(stressed.output == plain.output, "collecting every \(every)th allocation")
        }
        #expect(run("let m = zeros([2, 3])\nprint(m[:, 0:3:0])").error == "slice step cannot be zero")
        #expect(run("let m = zeros([2, 3])\nprint(m[:, \"a\":2:0])").error == "slice step cannot be zero")
        #expect(run("let m = zeros([2, 3])\nprint(m[:, \"a\":2])").error == "slice start must be a number, got string")
    }

    @Test func aRecordedResultRequiresAGradientAndNoGradMakesPlainTensors() {
        let source = """
        let p = param(tensor([1, 2, 3]))
        let y = sigmoid(p) * 2
        print(y.requires_grad, p.requires_grad, tensor([1]).requires_grad)
        let z = no_grad(fn() = sigmoid(p) * 2)
        print(z.requires_grad)
        let w = sum(stack([p, p]))
        w.backward()
        print(p.grad)
        """
        #expect(run(source).output == "true true false\nfalse\n[2, 2, 2]\n")
    }
}
