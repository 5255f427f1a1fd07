// DiagnosticSnapshotTests: every syntax and resolve diagnostic of the behaviour scripts in
// Tests/ScriptTests/scripts/{syntax,resolve}, rendered as the user sees it (whole-string
// snapshots), so any change of wording, place, caret or hint shows up in review.
import Diagnostics
import Foundation
import Testing
import TestSupport

@testable import Language

func scriptFiles(in folder: String) -> [String] {
    let dir = repositoryRoot.appendingPathComponent("Tests/ScriptTests/scripts/\(folder)")
    let names = (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
    return names.filter { $0.hasSuffix(".cajal") }.sorted().map { "\(folder)/\($0)" }
}

/// Builtins the scripts of these folders use.
let scriptBuiltins = testBuiltins + ["enumerate", "zip", "range"]

@Test(arguments: scriptFiles(in: "syntax") + scriptFiles(in: "resolve"))
func scriptDiagnosticsSnapshot(_ path: String) throws {
    let url = repositoryRoot.appendingPathComponent("Tests/ScriptTests/scripts/\(path)")
    let file = SourceFile(name: url.lastPathComponent, bytes: Array(try Data(contentsOf: url)))
    var globals = GlobalScope()
    for b in Set(scriptBuiltins) { globals.declare(b, kind: .builtin) }
    globals.sealAll()
    let (_, diagnostics) = FrontEnd.analyze(file, globals: &globals)
    let expectsError = file.text.contains("# error: ")
    #expect(diagnostics.isEmpty != expectsError, "\(path): \(diagnostics)")
    // Each `# error: message` comment names a diagnostic on its own line, word for word.
    for (i, line) in file.text.components(separatedBy: "\n").enumerated() {
        guard let r = line.range(of: "# error: ") else { continue }
        let message = String(line[r.upperBound...])
        let found = diagnostics.contains { $0.location?.line == i + 1 && $0.message == message }
        #expect(found, "\(path):\(i + 1): no diagnostic '\(message)'; got \(diagnostics.map { "\($0.location!): \($0.message)" })")
    }
    if expectsError {
        let name = path.replacingOccurrences(of: "/", with: "-").replacingOccurrences(of: ".cajal", with: "")
        try snapshot(DiagnosticRenderer().render(diagnostics), "diag-\(name)")
    }
}

@Test func thereAreAtLeastSixtySyntaxAndResolveScripts() {
    #expect(scriptFiles(in: "syntax").count + scriptFiles(in: "resolve").count >= 60)
}
