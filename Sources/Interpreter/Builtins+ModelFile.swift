// Builtins+ModelFile: save_model and load_model. A model is any tree of records and lists
// (a layer record, a list of layers, a params list); its tensors are found by walking it in
// field and list order and named by their path ("layers[0].w"). Functions and other values in
// the tree are skipped, so a record holding a forward function saves its weights only.
import Autograd
import Foundation
import TensorCore

extension VM {
    /// Where a tensor sits in a model tree, so that loading can put a new value there.
    enum ModelSlot {
        case top
        case field(RecordObj, Int)
        case item(ListObj, Int)
    }

    /// Every tensor in the tree under `v`, with its path name and slot, in walk order.
    func modelTensors(_ v: Value, name: String = "", slot: ModelSlot = .top, depth: Int = 0,
                      seen: inout Set<ObjRef>, into out: inout [(name: String, value: Value, slot: ModelSlot)]) throws {
        guard case .object(let r) = v else { return }
        if tensorValue(v) != nil { out.append((name.isEmpty ? "model" : name, v, slot)); return }
        guard depth < 64, seen.insert(r).inserted else { return }
        if let rec = object(v, as: RecordObj.self) {
            for (i, field) in rec.names.enumerated() {
                try modelTensors(rec.values[i], name: name.isEmpty ? field : "\(name).\(field)", slot: .field(rec, i),
                                 depth: depth + 1, seen: &seen, into: &out)
            }
        } else if let list = listObject(v) {
            for (i, item) in list.items.enumerated() {
                try modelTensors(item, name: "\(name)[\(i)]", slot: .item(list, i), depth: depth + 1, seen: &seen, into: &out)
            }
        }
    }

    func modelTensors(_ v: Value) throws -> [(name: String, value: Value, slot: ModelSlot)] {
        var seen: Set<ObjRef> = [], out: [(name: String, value: Value, slot: ModelSlot)] = []
        try modelTensors(v, seen: &seen, into: &out)
        return out
    }
}

extension BuiltinTable {
    static let modelFiles: [Builtin] = [
        Builtin("save_model", [req("model"), req("path")], category: "nn",
                doc: "Writes every tensor of a model (a record or list tree) to a .cjm file, atomically (format in docs/nn.md).",
                example: "let m = {w: param([[1, 2]]), b: zeros(1), act: relu}\nsave_model(m, \"/tmp/cajal_doc_model.cjm\")\nm.w.data = zeros([1, 2])\nload_model(m, \"/tmp/cajal_doc_model.cjm\")\nprint(m.w)\n# expect: [[1, 2]]") { c in
            let path = try c.string(1)
            let found = try c.vm.modelTensors(c[0])
            guard !found.isEmpty else { throw c.bad(0, "a model holding tensors expected, got \(c.vm.describe(c[0]))") }
            let entries = found.map { f in
                ModelEntry(name: f.name, isParam: c.vm.gradVariable(f.value)?.requiresGrad ?? false, tensor: c.vm.tensorValue(f.value)!)
            }
            try ModelFile.write(try ModelFile.encode(entries), path: path)
            return .nil_
        }.inert().writesFile("path"),
        Builtin("load_model", [req("model"), req("path")], category: "nn",
                doc: "Reads a .cjm file into a model of the same structure: parameters change in place, names and shapes must match.",
                example: "print(type(load_model))\n# expect: function") { c in
            let path = try c.string(1)
            guard let data = FileManager.default.contents(atPath: path) else {
                throw VMError(.tensorError, "\(path): cannot read the model file")
            }
            let entries = try ModelFile.decode(data, path: path)
            let found = try c.vm.modelTensors(c[0])
            let byName = Dictionary(entries.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
            for f in found {
                guard let e = byName[f.name] else {
                    throw VMError(.tensorError, "\(path): the file has no tensor '\(f.name)'",
                                  hint: "it holds " + entries.map(\.name).prefix(8).joined(separator: ", "))
                }
                let t = c.vm.tensorValue(f.value)!
                guard e.tensor.shape == t.shape else {
                    throw VMError(.shapeMismatch, "\(path): tensor '\(f.name)' has shape \(shapeString(e.tensor.shape)) in the file but \(shapeString(t.shape)) in the model")
                }
            }
            for f in found {
                let t = byName[f.name]!.tensor
                if let x = c.vm.gradVariable(f.value), x.requiresGrad, x.isLeaf {
                    c.vm.object(f.value, as: TensorObj.self)!.replace(t)
                    continue
                }
                switch f.slot {
                case .field(let rec, let i): rec.values[i] = c.vm.newTensor(t)
                case .item(let list, let i): list.items[i] = c.vm.newTensor(t)
                case .top: throw c.bad(0, "a plain tensor cannot be replaced in place; pass a record or list holding it")
                }
            }
            return .nil_
        }.inert().readsFile("path"),
    ]
}
