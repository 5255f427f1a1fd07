// Torch: the same model in PyTorch — the Python source of its torch.nn definition, and its
// weights under the names PyTorch's state_dict() gives them, in PyTorch's layouts:
//
//   Dense(i, o)          nn.Linear(i, o)            weight = Wᵀ [o, i], bias = b
//   Conv2D(c, d, k)      nn.Conv2d(c, d, k)         weight = W [d, c, k, k], bias = b
//   MaxPool2D(k)         nn.MaxPool2d(k)            AvgPool2D(k)  nn.AvgPool2d(k)
//   Flatten()            nn.Flatten()               Dropout(p)    nn.Dropout(p)
//   ReLU, Sigmoid, Tanh, LeakyReLU(a), Softmax(axis: a)  nn.ReLU() … nn.LeakyReLU(a), nn.Softmax(dim=a)
//   Embedding(n, d)      nn.Embedding(n, d)         weight = W [n, d]
//   RNN(i, h), LSTM(i, h)  nn.RNN / nn.LSTM(i, h, batch_first=True), through a two-line subclass
//                        that returns the outputs alone (PyTorch's return (outputs, state)).
//                        weight_ih_l0 = W_ihᵀ, weight_hh_l0 = W_hhᵀ (same gate order i, f, g, o),
//                        bias_ih_l0 = b, bias_hh_l0 = 0 (PyTorch adds the two biases)
//
// A Sequential is nn.Sequential, its layers named 0, 1, … ("0.weight", "2.0.bias" nested).
import Foundation
import TensorCore

public enum Torch {
    /// Python source defining `model`, the same network as `layer`, ready for load_state_dict.
    public static func source(_ layer: Layer) -> String {
        var lines = ["import torch", "from torch import nn"]
        let recurrent = layer.recurrentKinds
        for kind in ["RNN", "LSTM"] where recurrent.contains(kind) {
            lines += [
                "class \(kind)(nn.\(kind)):",
                "    # nn.\(kind) returns (outputs, state); Cajal's \(kind) layer returns the outputs",
                "    def forward(self, x):",
                "        return super().forward(x)[0]",
            ]
        }
        lines.append("model = " + definition(layer, indent: ""))
        return lines.joined(separator: "\n")
    }

    static func definition(_ layer: Layer, indent: String) -> String {
        switch layer.kind {
        case .sequential(let layers):
            let inner = indent + "    "
            return "nn.Sequential(\n" + layers.map { inner + definition($0, indent: inner) + ",\n" }.joined() + indent + ")"
        case .dense(let W, let b):
            return "nn.Linear(\(W.shape[0]), \(W.shape[1])\(b == nil ? ", bias=False" : ""))"
        case .conv2d(let W, _, let stride, let padding):
            return "nn.Conv2d(\(W.shape[1]), \(W.shape[0]), \(W.shape[2])" + (stride != 1 ? ", stride=\(stride)" : "")
                + (padding != 0 ? ", padding=\(padding)" : "") + ")"
        case .maxPool2d(let k, let stride): return "nn.MaxPool2d(\(k)" + (stride != k ? ", stride=\(stride)" : "") + ")"
        case .avgPool2d(let k, let stride): return "nn.AvgPool2d(\(k)" + (stride != k ? ", stride=\(stride)" : "") + ")"
        case .flatten: return "nn.Flatten()"
        case .dropout(let p): return "nn.Dropout(\(python(p)))"
        case .relu: return "nn.ReLU()"
        case .sigmoid: return "nn.Sigmoid()"
        case .tanh: return "nn.Tanh()"
        case .leakyRelu(let slope): return "nn.LeakyReLU(\(python(slope)))"
        case .softmax(let axis): return "nn.Softmax(dim=\(axis))"
        case .embedding(let W): return "nn.Embedding(\(W.shape[0]), \(W.shape[1]))"
        case .rnn(let W_ih, let W_hh, _): return "RNN(\(W_ih.shape[0]), \(W_hh.shape[0]), batch_first=True)"
        case .lstm(let W_ih, let W_hh, _): return "LSTM(\(W_ih.shape[0]), \(W_hh.shape[0]), batch_first=True)"
        }
    }

    /// A Python float literal: 0.5, 0.01, 1e-05.
    static func python(_ x: Double) -> String { x == x.rounded() && abs(x) < 1e15 ? String(format: "%.1f", x) : "\(x)" }

    /// The model's weights as PyTorch's state_dict() names and shapes them, in its order.
    public static func stateDict(_ layer: Layer, prefix: String = "") throws -> [(name: String, tensor: Tensor)] {
        switch layer.kind {
        case .sequential(let layers):
            return try layers.enumerated().flatMap { try stateDict($0.element, prefix: "\(prefix)\($0.offset).") }
        case .dense(let W, let b):
            var out: [(name: String, tensor: Tensor)] = [("\(prefix)weight", W.transposed2D())]
            if let b { out.append(("\(prefix)bias", b)) }
            return out
        case .conv2d(let W, let b, _, _):
            return [("\(prefix)weight", W), ("\(prefix)bias", b)]
        case .embedding(let W):
            return [("\(prefix)weight", W)]
        case .rnn(let W_ih, let W_hh, let b), .lstm(let W_ih, let W_hh, let b):
            return [("\(prefix)weight_ih_l0", W_ih.transposed2D()), ("\(prefix)weight_hh_l0", W_hh.transposed2D()),
                    ("\(prefix)bias_ih_l0", b), ("\(prefix)bias_hh_l0", try Tensor.zeros(b.shape))]
        case .maxPool2d, .avgPool2d, .flatten, .dropout, .relu, .sigmoid, .tanh, .leakyRelu, .softmax:
            return []
        }
    }
}

extension Layer {
    /// "RNN" and "LSTM" when the tree holds such layers.
    var recurrentKinds: Set<String> {
        switch kind {
        case .sequential(let layers): return layers.reduce(into: []) { $0.formUnion($1.recurrentKinds) }
        case .rnn: return ["RNN"]
        case .lstm: return ["LSTM"]
        default: return []
        }
    }
}
