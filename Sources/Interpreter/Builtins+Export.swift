// Builtins+Export: models out of Cajal — save_onnx (an ONNX file), save_npz (the weights under
// PyTorch's state_dict names) and torch_source (the torch.nn definition; summary(m, torch: true)
// prints it). Here the model's records are read into the Export room's Layer tree: a layer is
// known by its name's first word (as the prelude names it: "Dense(64 → 10)" is a Dense) and
// the fields that prelude layer has; anything else is refused, naming the layer. The formats
// themselves are the Export room's (docs/export.md).
import Export
import Foundation
import TensorCore

/// Runs an Export call, turning its ExportError (or a TensorError) into a VMError.
func exportOp<T>(_ body: () throws -> T) throws -> T {
    do { return try tensorOp(body) } catch let e as ExportError {
        switch e {
        case .shape: throw VMError(.shapeMismatch, e.description)
        default: throw VMError(.tensorError, e.description)
        }
    }
}

extension BuiltinCall {
    /// Argument `i` read as a model the exporters know: a prelude layer or a Sequential of them.
    func exportModel(_ i: Int) throws -> Layer {
        guard vm.object(args[i], as: RecordObj.self) != nil else {
            throw bad(i, "a model (a layer record or a Sequential) expected, got \(vm.describe(args[i]))")
        }
        return try exportLayer(args[i], path: "", argument: i, depth: 0)
    }

    private func exportLayer(_ v: Value, path: String, argument i: Int, depth: Int) throws -> Layer {
        let where_ = path.isEmpty ? "the model" : path
        guard let rec = vm.object(v, as: RecordObj.self) else {
            throw bad(i, "\(where_) is a \(vm.describe(v)), not a layer")
        }
        func field(_ name: String) -> Value? { rec.index(of: name).map { rec.values[$0] } }
        let name = field("name").flatMap(vm.stringValue) ?? "a record without a name"
        let label = path.isEmpty ? name : "\(path) (\(name))"
        func tensor(_ f: String, rank: Int) throws -> Tensor {
            guard let t = field(f).flatMap(vm.tensorValue), t.rank == rank else {
                throw bad(i, "\(label) should hold a rank-\(rank) tensor \(f), has \(field(f).map(vm.describe) ?? "none")")
            }
            return t
        }
        func int(_ f: String) throws -> Int {
            guard let x = field(f).flatMap(vm.numberValue), x == x.rounded(), x >= 0, x < 1e9 else {
                throw bad(i, "\(label) should hold a whole number \(f), has \(field(f).map(vm.describe) ?? "none")")
            }
            return Int(x)
        }
        func number(_ f: String) throws -> Double {
            guard let x = field(f).flatMap(vm.numberValue) else {
                throw bad(i, "\(label) should hold a number \(f), has \(field(f).map(vm.describe) ?? "none")")
            }
            return x
        }
        /// The builtin a function layer runs (ReLU() is Lambda(relu): its forward is relu itself).
        var forwardBuiltin: String? {
            field("forward").flatMap { vm.object($0, as: BuiltinObj.self) }.map { vm.builtins[$0.id].name }
        }
        let word = String(name.prefix { $0.isLetter || $0.isNumber || $0 == "_" })
        let kind: Layer.Kind
        switch (word, forwardBuiltin) {
        case (_, "relu"?): kind = .relu
        case (_, "sigmoid"?): kind = .sigmoid
        case (_, "tanh"?): kind = .tanh
        case ("Sequential", _):
            guard depth < 32, let list = field("layers").flatMap(vm.listObject) else {
                throw bad(i, "\(label) should hold a list of layers")
            }
            kind = .sequential(try list.items.enumerated().map { k, item in
                try exportLayer(item, path: (path.isEmpty ? "" : "\(path).") + "layers[\(k)]", argument: i, depth: depth + 1)
            })
        case ("Dense", _):
            let W = try tensor("W", rank: 2)
            var b: Tensor?
            if let bv = field("b"), bv != .nil_ {
                b = try tensor("b", rank: 1)
                guard b!.shape[0] == W.shape[1] else { throw bad(i, "\(label): b has shape \(shapeString(b!.shape)), W \(shapeString(W.shape))") }
            }
            kind = .dense(W: W, b: b)
        case ("Conv2D", _):
            let W = try tensor("W", rank: 4), b = try tensor("b", rank: 1)
            guard W.shape[2] == W.shape[3], b.shape[0] == W.shape[0] else {
                throw bad(i, "\(label): W has shape \(shapeString(W.shape)) and b \(shapeString(b.shape)); square kernels and one bias per filter expected")
            }
            let stride = try int("stride")
            guard stride >= 1 else { throw bad(i, "\(label): stride must be at least 1") }
            kind = .conv2d(W: W, b: b, stride: stride, padding: try int("padding"))
        case ("MaxPool2D", _), ("AvgPool2D", _):
            let k = try int("k"), stride = try int("stride")
            guard k >= 1, stride >= 1 else { throw bad(i, "\(label): window and stride must be at least 1") }
            kind = word == "MaxPool2D" ? .maxPool2d(k: k, stride: stride) : .avgPool2d(k: k, stride: stride)
        case ("Flatten", _): kind = .flatten
        case ("Dropout", _): kind = .dropout(p: try number("p"))
        case ("LeakyReLU", _): kind = .leakyRelu(slope: try number("slope"))
        case ("Softmax", _):
            guard let x = field("axis").flatMap(vm.numberValue), x == x.rounded(), abs(x) < 64 else {
                throw bad(i, "\(label) should hold a whole number axis")
            }
            kind = .softmax(axis: Int(x))
        case ("Embedding", _): kind = .embedding(W: try tensor("W", rank: 2))
        case ("RNN", _), ("LSTM", _):
            let W_ih = try tensor("W_ih", rank: 2), W_hh = try tensor("W_hh", rank: 2), b = try tensor("b", rank: 1)
            let hidden = W_hh.shape[0], gates = word == "LSTM" ? 4 : 1
            guard W_ih.shape[1] == gates * hidden, W_hh.shape[1] == gates * hidden, b.shape[0] == gates * hidden else {
                throw bad(i, "\(label): W_ih \(shapeString(W_ih.shape)), W_hh \(shapeString(W_hh.shape)) and b \(shapeString(b.shape)) do not fit \(gates) gate(s) of \(hidden) units")
            }
            kind = word == "LSTM" ? .lstm(W_ih: W_ih, W_hh: W_hh, b: b) : .rnn(W_ih: W_ih, W_hh: W_hh, b: b)
        default:
            let why: String
            if word == "RNNCell" || word == "LSTMCell" {
                why = "a cell runs one step and takes the state as a second input; export the RNN or LSTM layer that runs a whole sequence"
            } else if let builtin = forwardBuiltin {
                why = "it applies \(builtin), which has no translation here"
            } else {
                why = "it runs Cajal code of its own (a Lambda, a plain function or a layer record written by hand), which the exporters do not translate"
            }
            throw VMError(.badArgument, "cannot export \(label): \(why)",
                          hint: "the exporters know \(Layer.known); build the model from those to take it to ONNX or PyTorch")
        }
        return Layer(path: path, name: name, kind: kind)
    }
}

extension BuiltinTable {
    static let exports: [Builtin] = [
        Builtin("save_onnx", [req("model"), req("path"), opt("input")], category: "nn",
                doc: "Writes a model to an ONNX file (opset 17) for inputs of shape `input` (axis 0, the batch, is left free); see docs/export.md.",
                example: "print(type(save_onnx))\n# expect: function") { c in
            let layer = try c.exportModel(0)
            let path = try c.string(1)
            guard !c.isNil(2) else {
                throw c.bad(2, "the shape of an input batch expected", hint: "save_onnx(model, \"\(path)\", input: [1, 64]) for a model that reads 64 features")
            }
            let shape = try c.shape(2)
            guard !shape.isEmpty, shape.allSatisfy({ $0 > 0 }) else {
                throw c.bad(2, "a shape [batch, ...] of positive sizes expected, got \(shapeString(shape))")
            }
            let graph = try exportOp { try ONNXExport.graph(layer, input: shape) }
            try exportOp { try writeExport(ONNX.encode(graph), to: path) }
            return .nil_
        }.inert().writesFile("path"),
        Builtin("save_npz", [req("model"), req("path")], category: "nn",
                doc: "Writes a model's weights to a NumPy .npz file, named and laid out as PyTorch's state_dict names them (0.weight, 0.bias, …).",
                example: "print(type(save_npz))\n# expect: function") { c in
            let layer = try c.exportModel(0)
            let path = try c.string(1)
            try exportOp { try writeExport(try NPZ.encode(try Torch.stateDict(layer)), to: path) }
            return .nil_
        }.inert().writesFile("path"),
        Builtin("torch_source", [req("model")], category: "nn",
                doc: "The PyTorch (torch.nn) definition of the same model as Python source; summary(m, torch: true) prints it.",
                example: "print(contains(torch_source(Sequential([Dense(64, 10), ReLU()])), \"nn.Linear(64, 10),\"))\n# expect: true") { c in
            c.vm.newString(Torch.source(try c.exportModel(0)))
        }.inert(),
    ]
}
