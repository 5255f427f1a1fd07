// GraphPrinter: the recorded graph as text, one line per variable in topological order
// (parents first), micrograd `_op` style. The REPL's `:graph` and lesson 5 show it.
import TensorCore

extension Variable {
    /// The graph that produced this variable, one line per variable, parents first:
    ///
    ///     %0 = x                 [4, 2]
    ///     %1 = W1                [2, 2]  requires grad
    ///     %2 = matmul(%0, %1)    [4, 2]
    ///     %3 = const 2           []
    ///     %4 = mul(%2, %3)       [4, 2]  "h"
    ///
    /// A leaf shows its label (or `leaf`), a one-element constant its value; a node shows its
    /// op and operands. A trailing `"name"` is a non-leaf's label; `grad [shape]` marks a
    /// variable holding a gradient. With `limit`, only the last `limit` lines (those nearest
    /// this variable) are shown, after a line saying how many were left out.
    public func graphDescription(limit: Int? = nil) -> String {
        let order = printOrder()
        var ids: [ObjectIdentifier: Int] = [:]
        for (i, v) in order.enumerated() { ids[ObjectIdentifier(v)] = i }
        let heads = order.enumerated().map { i, v in "%\(i) = " + v.headText(ids) }
        let shapes = order.map { shapeString($0.value.shape) }
        let width = heads.map(\.count).max() ?? 0
        let shapeWidth = shapes.map(\.count).max() ?? 0
        let first = limit.map { Swift.max(0, order.count - Swift.max($0, 0)) } ?? 0
        let noun = first == 1 ? "line" : "lines"
        let skipped = first > 0 ? ["... \(first) earlier \(noun) (%0 to %\(first - 1)) not shown"] : []
        let lines = order.indices.dropFirst(first).map { i in
            let v = order[i]
            var line = pad(heads[i], width + 2) + shapes[i]
            var notes: [String] = []
            if v.isLeaf && v.requiresGrad { notes.append("requires grad") }
            if !v.isLeaf, let label = v.label { notes.append("\"\(label)\"") }
            if let g = v.grad { notes.append("grad \(shapeString(g.shape))") }
            if !notes.isEmpty { line = pad(line, width + 2 + shapeWidth + 2) + notes.joined(separator: "  ") }
            return line
        }
        return (skipped + lines).joined(separator: "\n")
    }

    /// `matmul(%0, %1)` for a node, the label or `leaf` for a leaf, `const v` for a constant.
    private func headText(_ ids: [ObjectIdentifier: Int]) -> String {
        if let op {
            let args = parents.map { "%\(ids[ObjectIdentifier($0)] ?? -1)" }
            let params = op.parameters
            return "\(op.name)(\(args.joined(separator: ", ")))" + (params.isEmpty ? "" : " " + params)
        }
        if let label { return label }
        if !requiresGrad, value.count == 1, let v = try? value.item() {
            return "const \(Double(v).constantText)"
        }
        return "leaf"
    }

    /// Every variable reachable through nodes (including leaves that need no gradient),
    /// parents first; iterative, like the backward sort.
    private func printOrder() -> [Variable] {
        var seen: Set<ObjectIdentifier> = [ObjectIdentifier(self)]
        var order: [Variable] = []
        var stack: [(Variable, Int)] = [(self, 0)]
        while let (v, i) = stack.last {
            let parents = v.parents
            if i < parents.count {
                stack[stack.count - 1].1 = i + 1
                if seen.insert(ObjectIdentifier(parents[i])).inserted { stack.append((parents[i], 0)) }
            } else {
                stack.removeLast()
                order.append(v)
            }
        }
        return order
    }
}

/// `s` with spaces added up to `n` characters.
private func pad(_ s: String, _ n: Int) -> String {
    s.count >= n ? s : s + String(repeating: " ", count: n - s.count)
}

extension Double {
    /// A short form for constants: `2`, `0.5`, `1e-08`.
    var constantText: String {
        if self == rounded(), Swift.abs(self) < 1e15 { return String(Int(self)) }
        return "\(Float(self))"
    }
}
