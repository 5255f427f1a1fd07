// FrontEnd: source text to a resolved program in one call (lexer, parser, resolver), and the
// REPL's "is this input complete?" question.
import Diagnostics

public enum FrontEnd {
    /// Lexes, parses and (when there are no syntax errors) resolves `file` against `globals`.
    /// Returns the tree and every diagnostic, in source order within each phase.
    public static func analyze(_ file: SourceFile, globals: inout GlobalScope) -> (Program, [Diagnostic]) {
        let (program, syntax) = Parser.parse(file)
        if syntax.contains(where: { $0.severity == .error }) { return (program, syntax) }
        let (resolved, resolveDiagnostics) = Resolver.resolve(program, globals: &globals)
        return (resolved, syntax + resolveDiagnostics)
    }
}
