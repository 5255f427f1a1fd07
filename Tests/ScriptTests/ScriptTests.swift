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

/// Every script again with the collector shaking out rooting bugs (a value the collector
/// cannot see would be freed and show up here), on a schedule of its own (`stressSchedule`).
@Test("script under collector stress", arguments: allScripts())
func scriptUnderCollectorStress(_ relativePath: String) throws {
    let source = String(decoding: try Data(contentsOf: scriptsRoot.appendingPathComponent(relativePath)), as: UTF8.self)
    let e = ScriptExpectations(source: source)
    let schedule = stressSchedule(relativePath, declared: e.collectorStress)
    let result = try CajalBinary.run(["run"] + e.args + [relativePath], cwd: scriptsRoot,
                                     environment: ["CAJAL_GC_STRESS": String(schedule)])
    let problems = check(result, against: e, fileName: relativePath)
    #expect(problems.isEmpty, "\(relativePath) under GC stress (CAJAL_GC_STRESS=\(schedule)):\n\(problems.joined(separator: "\n"))")
}

/// CAJAL_GC_STRESS for a script: 1 (a collection at every safe point) for every third script,
/// N = 2...6 (a collection after every Nth allocation) for the others, or what the script
/// declares with `# collector stress: N`. The long seed sweeps under scripts/lessons/ declare a
/// prime such as 101: their loop bodies allocate a few dozen objects a step, so a collection
/// lands at a different allocation of the step each time and reaches every one, at a cost of
/// seconds where a collection at every safe point took minutes (lessons/12_gan_ring_seeds: 40 s
/// of CPU alone, over 300 s under CAJAL_GC_STRESS=1).
func stressSchedule(_ relativePath: String, declared: Int?) -> Int {
    if let declared { return declared }
    let i = allScripts().firstIndex(of: relativePath) ?? 0
    return i % 3 == 0 ? 1 : 2 + i % 5
}

@Test func stressSchedulesVaryAndEveryThirdScriptCollectsAtEverySafePoint() {
    let scripts = allScripts()
    let schedules = scripts.map { stressSchedule($0, declared: nil) }
    #expect(schedules.filter { $0 == 1 }.count == (scripts.count + 2) / 3)
    #expect(Set(schedules) == [1, 2, 3, 4, 5, 6])
    #expect(stressSchedule(scripts[0], declared: 101) == 101)
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
