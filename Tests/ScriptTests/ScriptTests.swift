// ScriptTests: one parameterised test over every `.cajal` file under scripts/ (conventions in
// ScriptRunner.swift), the ```cajal examples in docs/*.md, and the command line's exit codes.
import Foundation
import Testing
import TestSupport

let scriptsRoot = repositoryRoot.appendingPathComponent("Tests/ScriptTests/scripts")

/// Every script, as a path relative to scripts/ (sorted, so failures are easy to find).
func allScripts() -> [String] {
    guard let e = FileManager.default.enumerator(atPath: scriptsRoot.path) else { return [] }
    return e.compactMap { $0 as? String }.filter { $0.hasSuffix(".cajal") && !$0.contains("/_") }.sorted()
}

@Test("script", arguments: allScripts())
func script(_ relativePath: String) throws {
    // Decoded leniently: some scripts hold invalid UTF-8 on purpose.
    let source = String(decoding: try Data(contentsOf: scriptsRoot.appendingPathComponent(relativePath)), as: UTF8.self)
    let e = ScriptExpectations(source: source)
    let result = try CajalBinary.run(["run"] + e.args + [relativePath], cwd: scriptsRoot)
    let problems = check(result, against: e, fileName: relativePath)
    #expect(problems.isEmpty, "\(relativePath):\n\(problems.joined(separator: "\n"))")
}

/// Every third script again with the collector running at every safe point
/// (CAJAL_GC_STRESS=1): a value the collector cannot see would be freed and show up here.
@Test("script under collector stress", arguments: allScripts().enumerated().filter { $0.offset % 3 == 0 }.map(\.element))
func scriptUnderCollectorStress(_ relativePath: String) throws {
    let source = String(decoding: try Data(contentsOf: scriptsRoot.appendingPathComponent(relativePath)), as: UTF8.self)
    let e = ScriptExpectations(source: source)
    let result = try CajalBinary.run(["run"] + e.args + [relativePath], cwd: scriptsRoot,
                                     environment: ["CAJAL_GC_STRESS": "1"])
    let problems = check(result, against: e, fileName: relativePath)
    #expect(problems.isEmpty, "\(relativePath) under GC stress:\n\(problems.joined(separator: "\n"))")
}

@Test func theSuiteHasAtLeastTwoHundredScripts() {
    #expect(allScripts().count >= 200, "only \(allScripts().count) scripts")
}

/// The ```cajal blocks of every docs/*.md file, each with its file and first line.
func docExamples() -> [String] {
    let docs = repositoryRoot.appendingPathComponent("docs")
    guard let names = try? FileManager.default.contentsOfDirectory(atPath: docs.path) else { return [] }
    var out: [String] = []
    for name in names.sorted() where name.hasSuffix(".md") {
        guard let text = try? String(contentsOf: docs.appendingPathComponent(name), encoding: .utf8) else { continue }
        var inBlock = false
        for (i, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            if !inBlock && line.trimmingCharacters(in: .whitespaces) == "```cajal" {
                inBlock = true
                out.append("\(name):\(i + 2)")
            } else if inBlock && line.trimmingCharacters(in: .whitespaces) == "```" {
                inBlock = false
            }
        }
    }
    return out
}

/// The text of the block starting at `name:line`.
func docBlock(_ id: String) throws -> String {
    let parts = id.split(separator: ":")
    let text = try String(contentsOf: repositoryRoot.appendingPathComponent("docs/\(parts[0])"), encoding: .utf8)
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    var block: [String] = []
    var i = Int(parts[1])! - 1
    while i < lines.count && lines[i].trimmingCharacters(in: .whitespaces) != "```" {
        block.append(lines[i])
        i += 1
    }
    return block.joined(separator: "\n") + "\n"
}

@Test("docs example", arguments: docExamples())
func docExample(_ id: String) throws {
    let source = try docBlock(id)
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("cajal-docs-\(getpid())")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    let file = dir.appendingPathComponent(id.replacingOccurrences(of: ":", with: "-") + ".cajal")
    try source.write(to: file, atomically: true, encoding: .utf8)
    let e = ScriptExpectations(source: source)
    let result = try CajalBinary.run(["run"] + e.args + [file.lastPathComponent], cwd: dir)
    let problems = check(result, against: e, fileName: file.lastPathComponent)
    #expect(problems.isEmpty, "docs/\(id):\n\(problems.joined(separator: "\n"))")
}
