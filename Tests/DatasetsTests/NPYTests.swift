// .npy: files NumPy wrote (every dtype we accept, both header versions, Fortran order, big
// endian, scalars, empty arrays), our writer's round trip, NumPy reading our files, and
// clear errors on truncated, foreign and unsupported files.
import Foundation
import Testing
import TensorCore
import TestSupport
@testable import Datasets

@Suite struct NPYTests {
    @Test func readsEveryDtypeNumPyWrote() throws {
        let f4 = try NPY.read(path: fixture("f4_2x3.npy"))
        #expect(f4.shape == [2, 3] && f4.toArray() == [-0.5, -0.25, 0, 0.25, 0.5, 0.75])
        #expect(try NPY.read(path: fixture("f8_3.npy")).toArray() == [1.5, -2.25, 1e10])
        #expect(try NPY.read(path: fixture("i8_4.npy")).toArray() == [-3, 0, 7, 1_099_511_627_776])
        let i4 = try NPY.read(path: fixture("i4_2x2.npy"))
        #expect(i4.shape == [2, 2] && i4.toArray() == [1, -2, 30000, -40000])
        #expect(try NPY.read(path: fixture("u1_5.npy")).toArray() == [0, 1, 128, 254, 255])
        #expect(try NPY.read(path: fixture("b1_3.npy")).toArray() == [1, 0, 1])
        #expect(try NPY.read(path: fixture("be_f4_3.npy")).toArray() == [1, -2, 0.25])
    }

    @Test func readsScalarsEmptyArraysVersion2AndFortranOrder() throws {
        let s = try NPY.read(path: fixture("scalar_f4.npy"))
        #expect(s.shape == [] && s.toArray() == [3.5])
        #expect(try NPY.read(path: fixture("empty_0x3.npy")).shape == [0, 3])
        let v2 = try NPY.read(path: fixture("v2_2x2.npy"))
        #expect(v2.shape == [2, 2] && v2.toArray() == [1, 2, 3, 4])
        let f = try NPY.read(path: fixture("fortran_2x3x2.npy"))
        #expect(f.shape == [2, 3, 2] && f.toArray() == (0..<12).map(Float.init))  // back in C order
    }

    @Test func writtenFilesReadBackAndMatchNumPysLayout() throws {
        let dir = try scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        for shape in [[2, 3], [5], [], [0, 4], [2, 1, 3]] {
            let n = shape.reduce(1, *)
            let t = try Tensor(shape: shape, values: (0..<n).map { Float($0) * 0.5 - 1 })
            let path = dir.appendingPathComponent("t.npy").path
            try NPY.write(t, path: path)
            let back = try NPY.read(path: path)
            #expect(back.shape == shape && back.toArray() == t.toArray())
        }
        // byte for byte what NumPy writes for the same array
        let t = try Tensor(shape: [2, 3], values: [-0.5, -0.25, 0, 0.25, 0.5, 0.75])
        #expect(NPY.encode(t) == (try Data(contentsOf: URL(fileURLWithPath: fixture("f4_2x3.npy")))))
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["t.npy"])  // no temp files left
    }

    @Test func writingIntoAMissingDirectoryFailsCleanly() throws {
        let e = datasetError { try NPY.write(try Tensor.zeros([2]), path: "/nonexistent/dir/x.npy") }
        #expect(e == .writeFailed(path: "/nonexistent/dir/x.npy", reason: "directory /nonexistent/dir does not exist"))
    }

    @Test func truncatedForeignAndUnsupportedFilesAreClearErrors() throws {
        let good = try Data(contentsOf: URL(fileURLWithPath: fixture("f4_2x3.npy")))
        func header(_ h: String) -> Data {
            var d = Data(NPY.magic + [1, 0])
            withUnsafeBytes(of: UInt16(h.utf8.count).littleEndian) { d.append(contentsOf: $0) }
            return d + Data(h.utf8)
        }
        let cases: [(Data, String)] = [
            (Data(), "is 0 bytes long, truncated inside the .npy magic number"),
            (good.prefix(4), "truncated inside the .npy magic number"),
            (Data("PK\u{3}\u{4}rest of a zip".utf8), "starts with bytes 50 4b 03 04 72 65, not the .npy magic number"),
            (good.prefix(9), "truncated in the header length"),
            (good.prefix(60), "its header claims to end at byte 128 (truncated?)"),
            (good.prefix(140), "= 24 bytes of data, but 12 bytes follow (truncated?)"),
            (good + Data([0]), "but 25 bytes follow"),
            (Data(NPY.magic + [4, 0, 0, 0]), "version 4.0 is not supported"),
            (header("{'descr': '<f4', 'shape': (2,), }"), "no 'fortran_order' True/False"),
            (header("{'descr': '<f4', 'fortran_order': False, 'shape': (2, -1), }"), "shape entries must be non-negative integers"),
            (header("{'descr': '<f4', 'fortran_order': False, 'shape': (99999999999, 99999999999), }"), "is too large to hold"),
            (header("{'descr': '<f4', 'fortran_order': False, 'shape': (2,"), "header: ends early"),
            (header("{'descr': '<f4"), "unterminated string"),
            (header("['descr']"), "expected '{'"),
            (header("{'descr': [1], 'fortran_order': False, 'shape': (2,), }"), "unexpected character '['"),
        ]
        for (bytes, message) in cases {
            let e = datasetError { _ = try NPY.decode(bytes, source: "f.npy") }
            #expect(e?.description.hasPrefix("f.npy") == true && e?.description.contains(message) == true,
                    "\(String(describing: e)) should say \(message)")
        }
        let complex = datasetError { _ = try NPY.read(path: fixture("c16_2.npy")) }
        #expect(complex?.description.contains("dtype '<c16' is not supported") == true)
    }

    /// Whether `python3 -c "import numpy"` works here; the interop test skips cleanly if not.
    static let numpyAvailable: Bool = {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", "-c", "import numpy"]
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        do { try p.run() } catch { return false }
        p.waitUntilExit()
        return p.terminationStatus == 0
    }()

    @Test(.enabled(if: OutsideTools.runs(numpyAvailable), "python3 with numpy is not available; skipping the NumPy interop check"))
    func numPyReadsWhatWeWrite() throws {
        let dir = try scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("ours.npy").path
        let t = try Tensor(shape: [3, 2, 2], values: (0..<12).map { Float($0) / 8 - 0.75 })
        try NPY.write(t, path: path)
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", "-c", """
            import numpy as np, sys
            a = np.load(sys.argv[1])
            assert a.dtype == np.float32 and a.shape == (3, 2, 2) and a.flags['C_CONTIGUOUS'], (a.dtype, a.shape)
            assert (a.ravel() == np.arange(12, dtype=np.float32) / 8 - 0.75).all(), a
            print('ok')
            """, path]
        let out = Pipe()
        p.standardOutput = out
        p.standardError = out
        try p.run()
        p.waitUntilExit()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(p.terminationStatus == 0 && text.contains("ok"), "\(text)")
    }
}
