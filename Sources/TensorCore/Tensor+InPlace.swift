// Tensor+InPlace: `p.data -= lr * p.grad` (and `+=`) as one pass that writes into the
// parameter's own storage: self[i] = self[i] ∓ s·g[i]. Each element takes the same float32
// operations in the same order as the written-out `p - s * g` (the product rounded to float32
// first, then the difference; no fused multiply-add), so the numbers are identical to the two
// tensor ops it replaces, without their two temporaries. The storage is copied first when
// anything else shares it (copy on write), so a tensor read earlier keeps its numbers.

extension Tensor {
    /// self ← self − s·g (`subtract`) or self + s·g, elementwise; g must have self's shape.
    public mutating func formScaledUpdate(subtract: Bool, scale s: Float, _ g: Tensor) throws {
        guard g.shape == shape else {
            throw TensorError(op: subtract ? "-=" : "+=",
                              message: "in-place update of \(shapeString(shape)) by \(shapeString(g.shape))",
                              shapes: [shape, g.shape])
        }
        makeUnique()
        if count == 0 { return }
        let gs = g.contiguous()
        withExtendedLifetime(gs) {
            let (o, gp, n) = (base, gs.base, count)
            if subtract {
                for i in 0..<n { o[i] = o[i] - s * gp[i] }
            } else {
                for i in 0..<n { o[i] = o[i] + s * gp[i] }
            }
        }
    }
}
