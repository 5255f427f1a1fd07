// Support: helpers shared by the language tests (parse, resolve and render from source text).
import Diagnostics
import Language
import TestSupport

/// Parses `source`, returning the AST dump and the rendered diagnostics.
func parseDump(_ source: String, name: String = "test.cajal") -> (ast: String, errors: String) {
    let file = SourceFile(name: name, text: source)
    let (program, diagnostics) = Parser.parse(file)
    return (ASTPrinter.print(program), DiagnosticRenderer().render(diagnostics))
}

/// Runs the whole front end with a fresh global scope holding a few builtins.
func analyze(_ source: String, name: String = "test.cajal", builtins: [String] = testBuiltins)
    -> (program: Program, diagnostics: [Diagnostic], globals: GlobalScope)
{
    var globals = GlobalScope()
    for b in builtins { globals.declare(b, kind: .builtin) }
    globals.sealAll()
    let (program, diagnostics) = FrontEnd.analyze(SourceFile(name: name, text: source), globals: &globals)
    return (program, diagnostics, globals)
}

/// The resolved dump, or the rendered diagnostics when there are any.
func resolvedDump(_ source: String) -> String {
    let (program, diagnostics, _) = analyze(source)
    if !diagnostics.isEmpty { return DiagnosticRenderer().render(diagnostics) }
    return ASTPrinter.print(program, resolved: true)
}

/// Rendered diagnostics of the whole front end.
func errors(_ source: String) -> String {
    DiagnosticRenderer().render(analyze(source).diagnostics)
}

let testBuiltins = ["print", "len", "range", "zip", "enumerate", "sum", "mean", "zeros", "exp", "floor", "list"]

func snapshot(_ text: String, _ name: String) throws {
    try assertSnapshot(text, named: name, in: "LanguageTests")
}
