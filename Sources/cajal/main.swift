// The cajal executable. The command line is swift-argument-parser's: one ParsableCommand per
// subcommand (Cajal.swift lists them), each parsing its own arguments and handing them to a
// room. Help (`cajal help CMD`, `cajal CMD --help`), usage errors (status 64) and shell
// completions (`cajal --generate-completion-script bash|zsh|fish`) come from those
// declarations.
import TensorCore

useFastBLASKernel()   // may restart the process once with OPENBLAS_CORETYPE=SkylakeX or Haswell
Cajal.explainFile(Array(CommandLine.arguments.dropFirst()))
Cajal.main()
