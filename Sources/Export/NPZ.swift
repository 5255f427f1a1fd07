// NPZ: NumPy's .npz, the archive np.savez writes and np.load reads: a zip file with one .npy
// member per array, "NAME.npy" holding the array NAME (np.load(path)["NAME"]).
import Datasets
import Foundation
import TensorCore

public enum NPZ {
    public static func encode(_ arrays: [(name: String, tensor: Tensor)]) throws -> Data {
        try Zip.stored(arrays.map { (name: $0.name + ".npy", data: NPY.encode($0.tensor)) })
    }
}

/// Writes `data` to `path` atomically (a temporary file beside it, then a rename).
public func writeExport(_ data: Data, to path: String) throws {
    do {
        try data.write(to: URL(fileURLWithPath: path), options: .atomic)
    } catch {
        throw ExportError.cannotWrite(path: path, reason: (error as NSError).localizedDescription)
    }
}
