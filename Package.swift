// swift-tools-version: 6.1
// Cajal: learn deep learning by running it.
//
// The targets are the rooms of docs/architecture.md; a dependency is a door, and doors only
// open downward:
//
//   cajal ─► Notebook, Grader, REPL ─► Interpreter ─┬─► Language ─► Diagnostics
//                                                   ├─► Plot ─► CCairo, Diagnostics
//                                                   ├─► Datasets ─► TensorCore
//                                                   └─► NN ─► Autograd ─► TensorCore ─► COpenBLAS, CVectorMath
//   REPL ─► Language (the completeness check), CReadline      Interpreter ─► CInterrupt
//   cajal ─► Kernel (Jupyter) ─► REPL, Notebook, Interpreter; CZMQ, CCrypto
//   Notebook ─► CCmark (cmark-gfm, the Markdown parser GitHub uses)
//
// Packages from outside: swift-argument-parser, for the command line only (the `cajal`
// target): one ParsableCommand per subcommand, its help, its errors and shell completions; and
// ZIPFoundation, for the Grader's Gradescope autograder zip (`cajal package --gradescope`).
import PackageDescription

let package = Package(
    name: "Cajal",
    products: [
        .executable(name: "cajal", targets: ["cajal"])
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", exact: "0.9.20"),
    ],
    targets: [
        // System libraries and the one C file (the SIGINT flag).
        .systemLibrary(name: "COpenBLAS", pkgConfig: "openblas", providers: [.apt(["libopenblas-dev"])]),
        .systemLibrary(name: "CReadline", providers: [.apt(["libreadline-dev"])]),
        .systemLibrary(name: "CCairo", pkgConfig: "cairo", providers: [.apt(["libcairo2-dev"])]),
        // No pkgConfig for CCmark: its .pc file would add the shared -lcmark-gfm; the headers sit in
        // /usr/include and the Notebook target links the static archives (see below).
        .systemLibrary(name: "CCmark", providers: [.apt(["libcmark-gfm-dev", "libcmark-gfm-extensions-dev"])]),
        .target(name: "CInterrupt"),
        // eˣ, tanh, σ, the LSTM row, the binary ops and the fused derivatives on eight float
        // lanes, compiled for AVX2 and for baseline x86-64 with the same bits, one chosen at
        // load time (Sources/CVectorMath/Dispatch.c).
        .target(name: "CVectorMath"),
        .systemLibrary(name: "CZMQ", providers: [.apt(["libzmq3-dev"])]),
        .systemLibrary(name: "CCrypto", providers: [.apt(["libssl-dev"])]),

        // The numeric floor: tensors, gradients, layers.
        .target(name: "TensorCore", dependencies: ["COpenBLAS", "CVectorMath"]),
        .target(name: "Autograd", dependencies: ["TensorCore"]),
        .target(name: "NN", dependencies: ["Autograd", "TensorCore"]),
        .target(name: "Datasets", dependencies: ["TensorCore"]),
        // Models out to other tools: ONNX (protobuf written directly), NumPy .npz, PyTorch source.
        .target(name: "Export", dependencies: ["Datasets", "TensorCore"]),

        // The language floor: source text to resolved syntax, and how errors are shown.
        .target(name: "Diagnostics"),
        .target(name: "Language", dependencies: ["Diagnostics"]),

        // Pictures of numbers: terminal, SVG, PNG (through cairo). Knows nothing of tensors or the
        // language; Diagnostics only for the one colour policy.
        .target(name: "Plot", dependencies: ["CCairo", "Diagnostics"]),

        // The one room that knows both the language and the tensors.
        .target(
            name: "Interpreter",
            dependencies: ["Language", "Diagnostics", "NN", "Autograd", "Datasets", "Export", "TensorCore", "Plot", "CInterrupt"],
            exclude: ["Prelude"],
            plugins: ["EmbedPrelude"]
        ),
        // Build tooling: the prelude's .cajal files compiled into the binary as string literals.
        .executableTarget(name: "embed-prelude"),
        .plugin(name: "EmbedPrelude", capability: .buildTool(), dependencies: ["embed-prelude"]),

        // The ways a person meets the interpreter.
        .target(name: "REPL", dependencies: ["Interpreter", "Language", "Diagnostics", "CReadline", "CInterrupt"]),
        // cmark-gfm is linked statically on Linux (its soname differs between distributions, see
        // Sources/CCmark/module.modulemap); the extensions archive first, as it calls the core.
        .target(
            name: "Notebook", dependencies: ["Interpreter", "Diagnostics", "Plot", "CCmark"],
            linkerSettings: [
                .unsafeFlags(["-Xlinker", "-l:libcmark-gfm-extensions.a", "-Xlinker", "-l:libcmark-gfm.a"], .when(platforms: [.linux])),
                .linkedLibrary("cmark-gfm-extensions", .when(platforms: [.macOS])),
                .linkedLibrary("cmark-gfm", .when(platforms: [.macOS])),
            ]
        ),
        .target(name: "Grader", dependencies: ["Interpreter", "Diagnostics", "Language",
                                               .product(name: "ZIPFoundation", package: "ZIPFoundation")]),
        .target(
            name: "Kernel",
            dependencies: ["Interpreter", "REPL", "Notebook", "Language", "Diagnostics", "Plot", "TensorCore", "CInterrupt", "CZMQ", "CCrypto"]
        ),
        .executableTarget(
            name: "cajal",
            dependencies: [
                "REPL", "Notebook", "Grader", "Kernel", "Interpreter", "Diagnostics", "TensorCore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            // The Swift runtime and Foundation linked in, so the binary runs on a machine without
            // a Swift toolchain; the C libraries (OpenBLAS, readline, ...) stay shared
            // (scripts/release.sh lists them from ldd). Compiling this target with the flag too
            // makes its objects name the static Foundation's own libraries (CoreFoundation, ICU)
            // for the linker.
            swiftSettings: [.unsafeFlags(["-static-stdlib"], .when(platforms: [.linux]))],
            linkerSettings: [.unsafeFlags(["-static-stdlib"], .when(platforms: [.linux]))]
        ),

        // Benchmarks: programs that print figures beside their references, not timed tests.
        .executableTarget(
            name: "cajal-bench",
            dependencies: ["TensorCore", "COpenBLAS", "Interpreter"],
            exclude: ["reference", "workloads"]
        ),

        // Tests: one target per room, shared helpers in TestSupport.
        .target(name: "TestSupport", path: "Tests/TestSupport"),
        .testTarget(name: "TensorCoreTests", dependencies: ["TensorCore", "TestSupport"], exclude: ["__Snapshots__"]),
        .testTarget(name: "LanguageTests", dependencies: ["Language", "Diagnostics", "TestSupport"], exclude: ["__Snapshots__"]),
        .testTarget(name: "AutogradTests", dependencies: ["Autograd", "TensorCore", "TestSupport"], exclude: ["__Snapshots__", "reference"]),
        .testTarget(name: "NNTests", dependencies: ["NN", "Autograd", "TensorCore", "TestSupport"]),
        .testTarget(name: "DatasetsTests", dependencies: ["Datasets", "TensorCore", "TestSupport"], exclude: ["fixtures"]),
        .testTarget(name: "PlotTests", dependencies: ["Plot", "Diagnostics", "TestSupport"], exclude: ["__Snapshots__"]),
        .testTarget(name: "InterpreterTests", dependencies: ["Interpreter", "Language", "Diagnostics", "TensorCore", "TestSupport"], exclude: ["__Snapshots__"]),
        .testTarget(name: "ScriptTests", dependencies: ["TestSupport"], exclude: ["scripts", "__Snapshots__"]),
        .testTarget(name: "REPLTests", dependencies: ["REPL", "Interpreter", "TestSupport"], exclude: ["__Snapshots__"]),
        .testTarget(name: "GraderTests", dependencies: ["Grader", "Interpreter", "CInterrupt", "TestSupport"], exclude: ["__Snapshots__"]),
        .testTarget(name: "NotebookTests", dependencies: ["Notebook", "Interpreter", "TestSupport"], exclude: ["__Snapshots__"]),
        .testTarget(name: "KernelTests", dependencies: ["Kernel", "TestSupport"]),
    ]
)
