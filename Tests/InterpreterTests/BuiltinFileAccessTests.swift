// BuiltinFileAccessTests: every builtin that reads or writes a file an argument names declares
// it on its row (`.readsFile("path")` / `.writesFile("path")`), which is what the grader's
// sandbox refuses; the declaration names a real parameter; and no row touches files without it.
import Foundation
import Interpreter
import Testing
import TestSupport

/// The rows of the builtin table as source text, by builtin name, from Sources/Interpreter.
func builtinRowSources() throws -> [(name: String, text: String)] {
    let folder = repositoryRoot.appendingPathComponent("Sources/Interpreter")
    let files = try FileManager.default.contentsOfDirectory(atPath: folder.path)
        .filter { $0.hasPrefix("Builtins") && $0.hasSuffix(".swift") }.sorted()
    var rows: [(String, String)] = []
    for f in files {
        let text = try String(contentsOf: folder.appendingPathComponent(f), encoding: .utf8)
        for chunk in text.components(separatedBy: "Builtin(\"").dropFirst() {
            rows.append((String(chunk.prefix { $0 != "\"" }), chunk))
        }
    }
    return rows
}

/// True when a row's source calls something that opens a file: a loader's or writer's `path:`,
/// FileManager, Data/String(contentsOf:), a file URL or fopen.
func opensFiles(_ source: String) -> Bool {
    let patterns = [#"\b(read|write|decode|encode)\([^\n]*path"#, #"FileManager"#, #"(Data|String)\(contentsOf"#,
                    #"fileURLWithPath"#, #"\bfopen\("#]
    return patterns.contains { source.range(of: $0, options: .regularExpression) != nil }
}

@Test func everyBuiltinThatTouchesFilesDeclaresIt() throws {
    let help = Dictionary(Interpreter().builtinHelp.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
    let rows = try builtinRowSources()
    #expect(rows.count > 100, "the scan found only \(rows.count) rows")
    for (name, text) in rows where opensFiles(text) {
        #expect(help[name]?.fileAccess != nil, """
            \(name) opens a file but its row declares no file access: add .readsFile("param") or \
            .writesFile("param") after its gradient declaration
            """)
    }
}

@Test func aFileDeclarationNamesAParameterOfItsRow() {
    for h in Interpreter().builtinHelp {
        guard let access = h.fileAccess else { continue }
        let params = h.signature.drop { $0 != "(" }.dropFirst().dropLast().split(separator: ",")
            .map { $0.split(separator: ":")[0].trimmingCharacters(in: .whitespaces) }
        #expect(params.contains(access.parameter), "\(h.name) declares file access on '\(access.parameter)', not one of \(params)")
    }
}

@Test func everyPathParameterIsDeclared() {
    // the heuristic the sandbox used before the declarations: still true of every row
    for h in Interpreter().builtinHelp {
        let params = h.signature.drop { $0 != "(" }.dropFirst().split(separator: ",")
        if params.contains(where: { $0.trimmingCharacters(in: .whitespaces).hasPrefix("path") }) {
            #expect(h.fileAccess != nil, "\(h.name) takes a path but declares no file access")
        }
    }
}

@Test func theFileBuiltinsAreTheReadersAndWriters() {
    let declared = Interpreter().builtinHelp.compactMap { h in h.fileAccess.map { (h.name, $0) } }
    let readers = declared.filter { if case .reads = $0.1 { return true } else { return false } }.map(\.0).sorted()
    let writers = declared.filter { if case .writes = $0.1 { return true } else { return false } }.map(\.0).sorted()
    #expect(readers == ["load_csv", "load_idx", "load_model", "load_npy"])
    #expect(writers == ["save_idx", "save_model", "save_npy", "save_npz", "save_onnx", "savefig"])
}

/// The scan itself: a row that opens a file is caught, one that does not is left alone.
@Test func theScanSeesFileCalls() {
    #expect(opensFiles("let t = try dataOp { try CSV.read(path: path, header: header) }"))
    #expect(opensFiles("guard let data = FileManager.default.contents(atPath: path)"))
    #expect(opensFiles("try Data(bytes).write(to: URL(fileURLWithPath: path), options: .atomic)"))
    #expect(!opensFiles("l.items.append(contentsOf: try c.vm.sequenceItems(c[1], what: \"extend\"))"))
}
