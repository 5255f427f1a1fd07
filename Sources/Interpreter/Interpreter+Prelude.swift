// Interpreter+Prelude: a session's side of the prelude (Prelude.swift): loading it before user
// code, and what the REPL asks about it (`:source Dense`, `:help Dense`, completion).
import Diagnostics
import Language

extension Interpreter {
    /// Gives this fresh session the builtins and the prelude: the shared scope (builtins, then
    /// prelude names, sealed), the builtin values in their slots, then the prelude's compiled
    /// code rebuilt on this session's heap (compiled here only if that is not possible) and each
    /// file's top level run (it defines functions). Problems are reported as warnings.
    func loadPrelude() {
        let prelude = Prelude.shared
        scope = prelude.scope
        // The prelude's scope declares the builtins first, so a builtin's slot is its table row.
        for i in BuiltinTable.rows.indices { vm.setGlobalValue(i, vm.builtinValues[i]) }
        prelude.problems.forEach(onDiagnostic)
        do {
            let tops = try prelude.code?.instantiate(in: vm)
                ?? prelude.programs.map { try compileProgram($0, vm: vm, name: "<prelude>") }
            for top in tops { _ = try vm.runTopLevel(top) }
        } catch {
            var d = vm.locate(error)
            d.severity = .warning
            d.message = "prelude not loaded: " + d.message
            onDiagnostic(d)
        }
    }

    /// The exact text of a prelude function's definition, doc comment included; nil when no
    /// prelude function has that name.
    public func preludeSource(of name: String) -> String? {
        PreludeEntries.shared.byName[name]?.source
    }

    /// Every documented prelude function (name, signature, doc line, example), in file order.
    public var preludeHelp: [PreludeEntry] {
        PreludeEntries.shared.documented
    }

    /// Problems found loading the prelude (empty when every file loaded).
    public static var preludeProblems: [Diagnostic] {
        Prelude.shared.problems
    }
}
