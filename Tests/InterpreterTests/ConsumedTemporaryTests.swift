// ConsumedTemporaryTests: an arithmetic result that another operator consumes lets go of its
// numbers at once (VM+Arith.swift, `releaseConsumed`); the autograd graph keeps its shape and
// what its derivatives need, and nothing a program can reach is touched.
@testable import Interpreter
import Autograd
import TensorCore
import Testing

@Suite struct ConsumedTemporaryTests {
    /// A session that ran `source`, and the autograd variable of its global `name`.
    func variable(_ name: String, after source: String) throws -> Variable {
        let i = Interpreter(output: { _ in })
        #expect(i.run(source: source) == .success)
        let slot = try #require(i.scope.lookup(name))
        return try #require(i.vm.gradVariable(i.vm.globalValue(slot)))
    }

    /// Whether a tensor holds real numbers: the released placeholder is one shared zero
    /// stretched over the shape (every stride 0).
    func holdsNumbers(_ t: Tensor) -> Bool { t.count <= 1 || (0..<t.rank).contains { t.strides[$0] != 0 } }

    @Test func theProductsOfALayerAndTheirSumAreReleasedAfterTheAdds() throws {
        let y = try variable("y", after: """
            let x = ones([32, 16])
            let w = param(ones([16, 64]))
            let h = ones([32, 8])
            let u = param(ones([8, 64]))
            let b = param(zeros([64]))
            let y = x @ w + h @ u + b
            """)
        let add2 = try #require(y.node)                    // (x@w + h@u) + b
        let sum = add2.parents[0]                          // x@w + h@u: consumed by the second add
        let (xw, hu) = (try #require(sum.node).parents[0], try #require(sum.node).parents[1])
        for v in [sum, xw, hu] {
            #expect(!holdsNumbers(v.value), "a consumed temporary kept its numbers")
        }
        #expect(sum.shape == [32, 64] && xw.shape == [32, 64] && hu.shape == [32, 64])
        #expect(holdsNumbers(y.value) && y.value.toArray().allSatisfy { $0 == 24 })
        #expect(holdsNumbers(add2.parents[1].value))       // b, a parameter
    }

    @Test func whatTheProgramHoldsIsNeverReleased() throws {
        // a local, a function's result, an index, the variable of a compound assignment
        let source = """
            let w = param(ones([2, 2]))
            let p = w * 3
            var kept = nil
            fn keep(t) {
                kept = t
                return t
            }
            let q = p + keep(w * 5) + [w * 7][0]
            var h = w * 11
            h += w * 13
            """
        for (name, value) in [("p", Float(3)), ("kept", 5), ("h", 24), ("q", 15)] {
            let v = try variable(name, after: source)
            #expect(holdsNumbers(v.value) && v.value.toArray() == [value, value, value, value], "\(name)")
        }
    }

    @Test func gradientsThroughReleasedTemporariesAreExact() throws {
        // d/dw Σ (a w + b)(a w − b) = 2 aᵀ(a w); the sum's temporaries are all released
        let w = try variable("w", after: """
            let a = tensor([[1, 2], [3, 4]])
            let w = param([[1, 0], [0, 2]])
            let b = tensor([10, 20])
            sum((a @ w + b) * (a @ w - b)).backward()
            """)
        #expect(w.grad?.toArray() == [20, 56, 28, 80])
    }
}
