// Harness: libFuzzer entry points for Cajal's input-facing parts, built by build.sh with
// -sanitize=fuzzer,address. CAJAL_FUZZ_TARGET picks the target:
//
//   language     source text through the lexer, parser and resolver
//   interpreter  a whole program through the interpreter, with a budget of 5,000 steps (run.sh
//                also sets a 1 MB limit per allocation); the builtins and the prelude are
//                compiled once per process and only instantiated per input; programs that name a file builtin or `import` are skipped,
//                so the fuzzer never writes files or reads devices
//   cjm          a .cjm model file through its checked decoder
//   csv, npy, idx  the data file loaders
//   checks       an exercise's checks file through its parser
//   lesson       a lesson file (percent format) through its parser
//   markdown     lesson prose through cmark-gfm and the math renderer, to the terminal (narrow
//                and wide, with and without colour) and to HTML with MathML
//
// A crash, a trap or a sanitizer report stops the fuzzer with the input saved; anything a
// learner can cause must instead come back as an error value.
import Diagnostics
import Foundation
@testable import Datasets
@testable import Grader
@testable import Interpreter
import Language
@testable import Notebook

enum Target: String {
    case language, interpreter, cjm, csv, npy, idx, checks, lesson, markdown
}

let target: Target = {
    let name = ProcessInfo.processInfo.environment["CAJAL_FUZZ_TARGET"] ?? ""
    guard let t = Target(rawValue: name) else {
        FileHandle.standardError.write(Data("set CAJAL_FUZZ_TARGET to one of language, interpreter, cjm, csv, npy, idx, checks, lesson, markdown\n".utf8))
        exit(2)
    }
    return t
}()

/// The builtins that read or write files, from their rows' declarations.
let fileBuiltins = Set(Sandbox.fileBuiltins(Interpreter().builtinHelp))

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ bytes: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    let data = Data(bytes: bytes, count: count)
    switch target {
    case .language:
        var globals = GlobalScope()
        _ = FrontEnd.analyze(SourceFile(name: "fuzz.cajal", bytes: Array(data)), globals: &globals)
    case .interpreter:
        guard count <= 4096 else { return -1 }
        let text = String(decoding: data, as: UTF8.self)
        let words = Sandbox.identifiers(in: text)
        guard !words.contains("import"), words.isDisjoint(with: fileBuiltins) else { return -1 }
        let interpreter = Interpreter(seed: 0, output: { _ in })
        interpreter.stepBudget = 5_000
        _ = interpreter.run(SourceFile(name: "fuzz.cajal", bytes: Array(data)))
    case .cjm:
        _ = try? ModelFile.decode(data, path: "fuzz.cjm")
    case .csv:
        _ = try? CSV.parse(text: String(decoding: data, as: UTF8.self), source: "fuzz.csv")
    case .npy:
        _ = try? NPY.decode(data, source: "fuzz.npy")
    case .idx:
        _ = try? IDX.decode(data, source: "fuzz.idx")
    case .checks:
        _ = try? ChecksFile.parse(String(decoding: data, as: UTF8.self), path: "fuzz/checks.cajal")
    case .lesson:
        _ = try? Lesson.parse(String(decoding: data, as: UTF8.self))
    case .markdown:
        let blocks = Markdown.parse(String(decoding: data, as: UTF8.self))
        _ = Markdown.terminal(blocks, style: TerminalStyle(width: 20 + count % 100, color: count % 2 == 0))
        _ = Markdown.html(blocks, highlight: count % 3 == 0)
    }
    return 0
}
