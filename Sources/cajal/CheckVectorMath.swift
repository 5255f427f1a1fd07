// `cajal __check-vector-math`, hidden: compares two compiled levels of CVectorMath's eˣ, tanh
// and σ rows (0 baseline x86-64, 1 AVX2, 2 AVX-512) bit for bit on every float32 bit pattern
// (NaNs of both signs with every payload, ±0, ±inf, subnormals included), or on every
// `--stride`-th one. By default the CPU's best level against the one below it. All 2³²
// patterns of the three functions take about eight minutes of one core (avx512 against avx2;
// subnormal inputs and results are slow on either); the suite
// (Tests/TensorCoreTests/VectorMathWidthTests.swift) runs it with a stride of 257.
import ArgumentParser
import TensorCore

extension Cajal {
    struct CheckVectorMath: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "__check-vector-math",
            abstract: "Internal: compares two levels of the vector kernels on every float32, bit for bit.",
            shouldDisplay: false
        )

        @Option(help: "The level checked (0 baseline, 1 AVX2, 2 AVX-512); default the CPU's best.")
        var level: Int32?
        @Option(help: "The level it is compared with; default the one below it.")
        var against: Int32?
        @Option(help: "Every stride-th bit pattern, from 0.")
        var stride: Int = 1

        func run() throws {
            let cpu = VectorMathLevels.cpu
            let level = self.level ?? cpu
            let against = self.against ?? max(level - 1, 0)
            guard (0...cpu).contains(level), (0...cpu).contains(against), stride >= 1 else {
                print("levels must be in 0...\(cpu) on this CPU and the stride at least 1")
                try finish(2)
                return
            }
            let names = ["baseline", "avx2", "avx512"]
            print("cpu level: \(names[Int(cpu)]); in use: \(names[Int(VectorMathLevels.inUse)])")
            print("comparing \(names[Int(level)]) with \(names[Int(against)]), stride \(stride)")
            let chunk = 1 << 16
            var x = [Float](repeating: 0, count: chunk), a = x, b = x
            var allSame = true
            for (op, name) in ["exp", "tanh", "sigmoid"].enumerated() {
                var checked = 0, differing = 0
                var first: [String] = []
                var next: UInt64 = 0
                while next < 1 << 32 {
                    var count = 0
                    while count < chunk && next < 1 << 32 {
                        x[count] = Float(bitPattern: UInt32(next))
                        count += 1
                        next += UInt64(stride)
                    }
                    x.withUnsafeBufferPointer { xp in
                        a.withUnsafeMutableBufferPointer { VectorMathLevels.row(level, Int32(op), $0.baseAddress!, xp.baseAddress!, count) }
                        b.withUnsafeMutableBufferPointer { VectorMathLevels.row(against, Int32(op), $0.baseAddress!, xp.baseAddress!, count) }
                    }
                    for i in 0..<count where a[i].bitPattern != b[i].bitPattern {
                        differing += 1
                        if first.count < 5 {
                            first.append("\(name)(0x\(String(x[i].bitPattern, radix: 16))): 0x\(String(a[i].bitPattern, radix: 16)) "
                                + "against 0x\(String(b[i].bitPattern, radix: 16))")
                        }
                    }
                    checked += count
                }
                for s in first { print("MISMATCH: \(s)") }
                print("\(name): \(checked) inputs, \(differing) differ")
                allSame = allSame && differing == 0
            }
            print(allSame ? "bit-identical" : "differs")
            try finish(allSame ? 0 : 1)
        }
    }
}
