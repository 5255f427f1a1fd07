// Whole-string snapshots with a record mode that fails the run when it records
// (swift-argument-parser's RECORD_SNAPSHOTS idea).
//
//   try assertSnapshot(rendered, named: "tensor-print-2x3", in: "TensorCoreTests")
//
// Snapshots live in Tests/<Target>/__Snapshots__/<name>.txt. Run with CAJAL_RECORD=1 to write
// them; a recording run always fails so that a recorded snapshot is never mistaken for a pass.
import Foundation

public struct SnapshotMismatch: Error, CustomStringConvertible {
    public let description: String
}

/// The repository root, found from this file's compile-time path.
public let repositoryRoot: URL = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// Compares `actual` with the stored snapshot `name` of `target`; records it when CAJAL_RECORD=1.
public func assertSnapshot(_ actual: String, named name: String, in target: String) throws {
    let dir = repositoryRoot.appendingPathComponent("Tests/\(target)/__Snapshots__")
    let file = dir.appendingPathComponent("\(name).txt")
    if ProcessInfo.processInfo.environment["CAJAL_RECORD"] == "1" {
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try actual.write(to: file, atomically: true, encoding: .utf8)
        throw SnapshotMismatch(description: "recorded snapshot \(name); run again without CAJAL_RECORD")
    }
    guard let expected = try? String(contentsOf: file, encoding: .utf8) else {
        throw SnapshotMismatch(description: "no snapshot \(name) at \(file.path); run with CAJAL_RECORD=1")
    }
    if expected != actual {
        throw SnapshotMismatch(description: "snapshot \(name) differs:\n" + lineDiff(expected, actual))
    }
}

/// Like assertSnapshot, for a checked-in file elsewhere in the repository (docs/errors.md,
/// docs/builtins.md): CAJAL_RECORD=1 writes it, and that run fails, as a recording run must.
public func assertSnapshotFile(_ actual: String, path: String) throws {
    let url = repositoryRoot.appendingPathComponent(path)
    if ProcessInfo.processInfo.environment["CAJAL_RECORD"] == "1" {
        try actual.write(to: url, atomically: true, encoding: .utf8)
        throw SnapshotMismatch(description: "recorded \(path); run again without CAJAL_RECORD")
    }
    let expected = try String(contentsOf: url, encoding: .utf8)
    if expected != actual {
        throw SnapshotMismatch(description: "\(path) is stale (CAJAL_RECORD=1 regenerates it):\n" + lineDiff(expected, actual))
    }
}

/// A small line diff: the first lines that differ, with their numbers.
public func lineDiff(_ expected: String, _ actual: String) -> String {
    let e = expected.split(separator: "\n", omittingEmptySubsequences: false)
    let a = actual.split(separator: "\n", omittingEmptySubsequences: false)
    var out: [String] = []
    for i in 0..<max(e.count, a.count) where out.count < 20 {
        let l = i < e.count ? String(e[i]) : "<none>"
        let r = i < a.count ? String(a[i]) : "<none>"
        if l != r { out.append("line \(i + 1):\n  expected: \(l)\n  actual:   \(r)") }
    }
    return out.joined(separator: "\n")
}
