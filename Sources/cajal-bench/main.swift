// cajal-bench: benchmark programs that print figures beside their references, one run, one
// machine. Each subcommand is a row in `benchmarks` below, implemented in its own file
// (TensorBench.swift for `tensor`, TrainBench.swift for `train`, LessonsBench.swift for
// `lessons`); add a row to add a benchmark.
//
//   swift run -c release cajal-bench tensor
import Foundation
import TensorCore

/// One benchmark: its subcommand, a one-line description, and the function that runs it
/// with the remaining arguments.
struct Benchmark {
    let name: String
    let summary: String
    let run: ([String]) throws -> Void
}

let benchmarks: [Benchmark] = [
    Benchmark(
        name: "tensor",
        summary: "sgemm through Tensor.matmul vs cblas_sgemm (n = 256, 1024, 2048), LeNet conv2d, per-op overhead",
        run: runTensorBench),
    Benchmark(
        name: "train",
        summary: "training steps (XOR, MLP, LeNet-5, LSTM) in Cajal vs PyTorch: wall-clock and one-thread CPU ratios; [--only a,b] [--reps n] [--no-torch] [--cpu | --wall] [--unpaired] [--pause spin|sleep]; PyTorch's and Cajal's repetitions alternate in pairs, each side busy-waiting 20 ms before its own (--pause sleep: both sleep)",
        run: runTrainBench),
    Benchmark(
        name: "fastmath",
        summary: "TensorCore's SIMD exp, tanh, sigmoid: ulps against Float64 libm over a sweep, ns per element",
        run: runFastMathBench),
    Benchmark(
        name: "scalar",
        summary: "fib(27) and a scalar sigmoid neuron: Cajal vs Lua 5.4 vs CPython, wall and CPU ratios; [--only a,b] [--reps n] [--unpaired]; the repetitions alternate Cajal, Lua, CPython",
        run: runScalarBench),
    Benchmark(
        name: "lessons",
        summary: "every lesson through the cajal binary, one after another: wall s, CPU s, peak MiB; [--only 07,09] [--cajal PATH]",
        run: runLessonsBench),
]

@MainActor func usage() -> String {
    "usage: cajal-bench <benchmark> [options]\n\nbenchmarks:\n"
        + benchmarks.map { "  \($0.name.padding(toLength: 10, withPad: " ", startingAt: 0))\($0.summary)" }
        .joined(separator: "\n")
}

useFastBLASKernel()   // OpenBLAS's generic kernel on a CPU it doesn't know: restart with SkylakeX's or Haswell's
let arguments = Array(CommandLine.arguments.dropFirst())
guard let name = arguments.first, let bench = benchmarks.first(where: { $0.name == name }) else {
    print(usage())
    exit(arguments.isEmpty || arguments.first == "--help" ? 0 : 2)
}
do {
    try bench.run(Array(arguments.dropFirst()))
} catch {
    FileHandle.standardError.write("cajal-bench \(name): \(error)\n".data(using: .utf8)!)
    exit(1)
}
