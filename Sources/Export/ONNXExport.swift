// ONNXExport: a Layer tree as an ONNX graph, one or a few operators per layer, the shapes
// followed from the input so that a layer given the wrong shape is refused here (naming it)
// rather than by ONNX Runtime later. Axis 0 of the input is the batch, left free in the file
// ("batch"); every other axis is fixed by the example shape.
//
//   Dense      MatMul(x, W) then Add(b): W stays [n_in, n_out]; MatMul broadcasts over leading axes
//   Conv2D     Conv(x, W, b), kernel_shape [k, k], strides [s, s], pads [p, p, p, p]
//   MaxPool2D  MaxPool, AvgPool2D AveragePool: kernel_shape [k, k], strides [s, s], no padding
//   Flatten    Flatten(axis 1): [N, ...] → [N, rest]
//   Dropout    Identity (an exported model is for inference, where dropout passes x through)
//   ReLU …     Relu, Sigmoid, Tanh, LeakyRelu(alpha), Softmax(axis)
//   Embedding  Gather(W, indices): the graph input is then int64
//   RNN, LSTM  Transpose to [time, batch, n_in] → RNN / LSTM → Squeeze the direction axis →
//              Transpose back to [batch, time, hidden]. W [1, gates·hidden, n_in] is W_ihᵀ,
//              R [1, gates·hidden, hidden] is W_hhᵀ, B [1, 2·gates·hidden] is [b, 0] (ONNX keeps
//              Wb and Rb apart; Cajal's one bias is their sum). The LSTM's gate blocks are
//              reordered from Cajal's i, f, g, o to ONNX's i, o, f, c.
import Foundation
import TensorCore

public enum ONNXExport {
    /// The graph of `model` for inputs shaped like `input` (axis 0 the batch).
    public static func graph(_ model: Layer, input: [Int]) throws -> ONNX.Graph {
        var b = Builder()
        var indices = false
        if let first = model.firstLeaf, case .embedding = first.kind { indices = true }
        b.graph.inputs = [ONNX.Value(name: "input", type: indices ? .int64 : .float, shape: dims(input))]
        let (out, shape) = try b.add(model, x: "input", shape: input)
        b.graph.nodes.append(ONNX.Node(op: "Identity", inputs: [out], outputs: ["output"], name: "output"))
        b.graph.outputs = [ONNX.Value(name: "output", type: .float, shape: dims(shape))]
        return b.graph
    }

    static func dims(_ shape: [Int]) -> [ONNX.Dimension] {
        shape.enumerated().map { $0.offset == 0 ? .named("batch") : .fixed($0.element) }
    }

    struct Builder {
        var graph = ONNX.Graph(name: "cajal")
        var count = 0

        mutating func fresh(_ layer: Layer, _ what: String) -> String {
            count += 1
            return "\(layer.path.isEmpty ? "model" : layer.path).\(what)_\(count)"
        }

        mutating func node(_ op: String, _ inputs: [String], _ layer: Layer, _ attributes: [ONNX.Attribute] = [],
                           output: String? = nil) -> String {
            let out = output ?? fresh(layer, op)
            graph.nodes.append(ONNX.Node(op: op, inputs: inputs, outputs: [out], name: out, attributes: attributes))
            return out
        }

        mutating func constant(_ name: String, _ t: Tensor) -> String {
            graph.initializers.append(ONNX.Initializer(name: name, shape: t.shape.array, data: .float(t.toArray())))
            return name
        }

        /// Adds `layer` reading value `x` of shape `shape`; returns its output's name and shape.
        mutating func add(_ layer: Layer, x: String, shape: [Int]) throws -> (String, [Int]) {
            func fail(_ m: String) -> ExportError { .shape(layer: layer.label, message: m) }
            func needRank(_ r: Int, _ what: String) throws {
                guard shape.count == r else { throw fail("expects \(what), gets shape \(shapeString(shape))") }
            }
            switch layer.kind {
            case .sequential(let layers):
                var (h, s) = (x, shape)
                for l in layers { (h, s) = try add(l, x: h, shape: s) }
                return (h, s)
            case .dense(let W, let b):
                guard let last = shape.last, last == W.shape[0] else {
                    throw fail("expects \(W.shape[0]) features on the last axis, gets shape \(shapeString(shape))")
                }
                var y = node("MatMul", [x, constant(layer.weight("W"), W)], layer)
                if let b { y = node("Add", [y, constant(layer.weight("b"), b)], layer) }
                return (y, Array(shape.dropLast()) + [W.shape[1]])
            case .conv2d(let W, let bias, let stride, let padding):
                let (cOut, cIn, k) = (W.shape[0], W.shape[1], W.shape[2])
                try needRank(4, "[batch, \(cIn), height, width]")
                guard shape[1] == cIn else { throw fail("expects \(cIn) channels, gets shape \(shapeString(shape))") }
                let (h, w) = ((shape[2] + 2 * padding - k) / stride + 1, (shape[3] + 2 * padding - k) / stride + 1)
                guard shape[2] + 2 * padding >= k, shape[3] + 2 * padding >= k else {
                    throw fail("a \(k)×\(k) kernel does not fit in \(shape[2])×\(shape[3])")
                }
                let y = node("Conv", [x, constant(layer.weight("W"), W), constant(layer.weight("b"), bias)], layer,
                             [.ints("kernel_shape", [k, k]), .ints("strides", [stride, stride]),
                              .ints("pads", [padding, padding, padding, padding])])
                return (y, [shape[0], cOut, h, w])
            case .maxPool2d(let k, let stride), .avgPool2d(let k, let stride):
                try needRank(4, "[batch, channels, height, width]")
                guard shape[2] >= k, shape[3] >= k else { throw fail("a \(k)×\(k) window does not fit in \(shape[2])×\(shape[3])") }
                let op: String
                if case .maxPool2d = layer.kind { op = "MaxPool" } else { op = "AveragePool" }
                let y = node(op, [x], layer, [.ints("kernel_shape", [k, k]), .ints("strides", [stride, stride])])
                return (y, [shape[0], shape[1], (shape[2] - k) / stride + 1, (shape[3] - k) / stride + 1])
            case .flatten:
                guard shape.count >= 2 else { throw fail("expects [batch, ...], gets shape \(shapeString(shape))") }
                return (node("Flatten", [x], layer, [.int("axis", 1)]), [shape[0], shape.dropFirst().reduce(1, *)])
            case .dropout:
                return (node("Identity", [x], layer), shape)
            case .relu: return (node("Relu", [x], layer), shape)
            case .sigmoid: return (node("Sigmoid", [x], layer), shape)
            case .tanh: return (node("Tanh", [x], layer), shape)
            case .leakyRelu(let slope): return (node("LeakyRelu", [x], layer, [.float("alpha", Float(slope))]), shape)
            case .softmax(let axis):
                guard axis >= -shape.count, axis < shape.count else { throw fail("axis \(axis) is outside shape \(shapeString(shape))") }
                return (node("Softmax", [x], layer, [.int("axis", axis)]), shape)
            case .embedding(let W):
                // Indices reaching it from another layer are floats in Cajal: ONNX's Gather wants integers.
                let indices = x == "input" ? x : node("Cast", [x], layer, [.int("to", ONNX.ElementType.int64.rawValue)])
                return (node("Gather", [constant(layer.weight("W"), W), indices], layer, [.int("axis", 0)]), shape + [W.shape[1]])
            case .rnn(let W_ih, let W_hh, let b), .lstm(let W_ih, let W_hh, let b):
                let isLSTM: Bool
                if case .lstm = layer.kind { isLSTM = true } else { isLSTM = false }
                let gates = isLSTM ? 4 : 1
                let (nIn, hidden) = (W_ih.shape[0], W_hh.shape[0])
                try needRank(3, "[batch, time, \(nIn)]")
                guard shape[2] == nIn else { throw fail("expects \(nIn) features per step, gets shape \(shapeString(shape))") }
                let order = isLSTM ? [0, 3, 1, 2] : [0]  // Cajal i, f, g, o → ONNX i, o, f, c
                let W = ONNX.Initializer(name: layer.weight("W"), shape: [1, gates * hidden, nIn],
                                         data: .float(gateRows(W_ih, hidden: hidden, order: order)))
                let R = ONNX.Initializer(name: layer.weight("R"), shape: [1, gates * hidden, hidden],
                                         data: .float(gateRows(W_hh, hidden: hidden, order: order)))
                let B = ONNX.Initializer(name: layer.weight("B"), shape: [1, 2 * gates * hidden],
                                         data: .float(gateBlocks(b, hidden: hidden, order: order)
                                                      + [Float](repeating: 0, count: gates * hidden)))
                let axes = ONNX.Initializer(name: layer.weight("direction_axis"), shape: [1], data: .int64([1]))
                graph.initializers += [W, R, B, axes]
                let timeMajor = node("Transpose", [x], layer, [.ints("perm", [1, 0, 2])])
                let y = node(isLSTM ? "LSTM" : "RNN", [timeMajor, W.name, R.name, B.name], layer, [.int("hidden_size", hidden)])
                let squeezed = node("Squeeze", [y, axes.name], layer)
                return (node("Transpose", [squeezed], layer, [.ints("perm", [1, 0, 2])]), [shape[0], shape[1], hidden])
            }
        }
    }
}

extension Layer {
    /// The first layer that computes something (the model itself when it is not a Sequential).
    var firstLeaf: Layer? {
        if case .sequential(let layers) = kind { return layers.lazy.compactMap(\.firstLeaf).first }
        return self
    }
}
