// Layer: a model as the exporters see it — a tree of the prelude's layers with their weights
// in Cajal's layout (Dense's W is [n_in, n_out], x @ W + b; the recurrent layers' W_ih is
// [n_in, gates·n_hidden] with one bias b). The interpreter reads a model's records into this
// tree; ONNXExport, Torch and NPZ translate it.
import Foundation
import TensorCore

public struct Layer {
    /// Where the layer sits in the Cajal model ("layers[2]"), "" for the model itself: the
    /// prefix of its weights' names as save_model writes them.
    public var path: String
    /// Its name as summary prints it ("Dense(64 → 10)").
    public var name: String
    public var kind: Kind

    public indirect enum Kind {
        case dense(W: Tensor, b: Tensor?)
        case conv2d(W: Tensor, b: Tensor, stride: Int, padding: Int)
        case maxPool2d(k: Int, stride: Int)
        case avgPool2d(k: Int, stride: Int)
        case flatten
        case dropout(p: Double)
        case relu, sigmoid, tanh
        case leakyRelu(slope: Double)
        case softmax(axis: Int)
        case embedding(W: Tensor)
        case rnn(W_ih: Tensor, W_hh: Tensor, b: Tensor)
        case lstm(W_ih: Tensor, W_hh: Tensor, b: Tensor)
        case sequential([Layer])
    }

    public init(path: String, name: String, kind: Kind) {
        self.path = path
        self.name = name
        self.kind = kind
    }

    /// The layer names the exporters know, for refusals.
    public static let known = "Sequential, Dense, Conv2D, MaxPool2D, AvgPool2D, Flatten, Dropout, ReLU, Sigmoid, Tanh, "
        + "LeakyReLU, Softmax, Embedding, RNN and LSTM"

    /// "layers[2] (Dense(64 → 10))", or the name alone for the model itself.
    var label: String { path.isEmpty ? name : "\(path) (\(name))" }

    /// The name of one of this layer's tensors in the ONNX file: its save_model name.
    func weight(_ field: String) -> String { path.isEmpty ? field : "\(path).\(field)" }
}

public enum ExportError: Error, CustomStringConvertible {
    /// A layer does not take the shape that reaches it.
    case shape(layer: String, message: String)
    case tooLarge(String)
    case cannotWrite(path: String, reason: String)

    public var description: String {
        switch self {
        case .shape(let layer, let message): return "\(layer): \(message)"
        case .tooLarge(let what): return "cannot write \(what)"
        case .cannotWrite(let path, let reason): return "\(path): cannot write the file: \(reason)"
        }
    }
}

// MARK: weight layouts

extension Tensor {
    /// The rows-and-columns transpose of a 2-D tensor, contiguous.
    func transposed2D() -> Tensor {
        let (r, c) = (shape[0], shape[1])
        let v = toArray()
        var out = [Float](repeating: 0, count: v.count)
        for i in 0..<r { for j in 0..<c { out[j * r + i] = v[i * c + j] } }
        // The shape holds exactly these values, so only the memory limit could refuse the copy;
        // the transposed view has the same values then.
        return (try? Tensor(shape: [c, r], values: out)) ?? transposed()
    }
}

/// Gate blocks of a recurrent weight: Cajal (like PyTorch) stacks an LSTM's gates as i, f, g, o;
/// ONNX as i, o, f, c (c is PyTorch's g). Returns the [gates·hidden, n] transpose of a Cajal
/// weight [n, gates·hidden] with its gate blocks in `order` (indices into Cajal's order).
func gateRows(_ w: Tensor, hidden: Int, order: [Int]) -> [Float] {
    let t = w.transposed2D().toArray()
    let n = w.shape[0]
    var out: [Float] = []
    out.reserveCapacity(t.count)
    for g in order { out.append(contentsOf: t[(g * hidden * n)..<((g + 1) * hidden * n)]) }
    return out
}

func gateBlocks(_ b: Tensor, hidden: Int, order: [Int]) -> [Float] {
    let v = b.toArray()
    return order.flatMap { g in v[(g * hidden)..<((g + 1) * hidden)] }
}
