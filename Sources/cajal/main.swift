// The cajal executable. The command line is swift-argument-parser's: one ParsableCommand per
// subcommand (Cajal.swift lists them), each parsing its own arguments and handing them to a
// room. Help (`cajal help CMD`, `cajal CMD --help`), usage errors (status 64) and shell
// completions (`cajal --generate-completion-script bash|zsh|fish`) come from those
// declarations.
import Foundation
import REPL
import TensorCore

useFastBLASKernel()   // may restart the process once with OPENBLAS_CORETYPE=SkylakeX or Haswell
// `cajal` alone starts the REPL without building the parser's command tree, which takes about
// 21 M of the 73 M instructions `echo | cajal` runs (callgrind); `Cajal.run()` does the same.
if CommandLine.arguments.count == 1 { exit(startREPL()) }
Cajal.explainFile(Array(CommandLine.arguments.dropFirst()))
Cajal.main()
