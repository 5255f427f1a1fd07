// ArchitectureDocsTests: the table of rooms in docs/architecture.md names every dependency that
// Package.swift declares for each target (it once left out what REPL, Grader, Notebook and
// cajal-bench import).
import Foundation
import Testing
import TestSupport

@Suite struct ArchitectureDocs {
    /// Target name → declared dependencies, read from Package.swift's `.target(name:
    /// dependencies:)` and `.executableTarget(...)` entries (test targets are left out).
    static func declaredDependencies() throws -> [String: [String]] {
        let manifest = try String(contentsOf: repositoryRoot.appendingPathComponent("Package.swift"), encoding: .utf8)
        var result: [String: [String]] = [:]
        let entry = /\.(?:target|executableTarget)\(\s*name: "([^"]+)"(?:,\s*dependencies: \[([^\]]*)\])?/
        for match in manifest.matches(of: entry) {
            let list = match.output.2.map(String.init) ?? ""
            result[String(match.output.1)] = list.matches(of: /"([^"]+)"/).map { String($0.output.1) }
        }
        return result
    }

    /// Room → its "may touch" column, in table order.
    static func documentedRooms() throws -> [(room: String, touches: String)] {
        let doc = try String(contentsOf: repositoryRoot.appendingPathComponent("docs/architecture.md"), encoding: .utf8)
        return doc.split(separator: "\n").compactMap { line in
            guard let m = line.wholeMatch(of: /\| `([A-Za-z-]+)` \|.*\| ([^|]+) \|/) else { return nil }
            return (String(m.output.1), String(m.output.2))
        }
    }

    @Test func theRoomTableNamesEveryDeclaredDependency() throws {
        let declared = try Self.declaredDependencies()
        let rooms = try Self.documentedRooms()
        #expect(rooms.count >= 13, "the table of rooms was not found (\(rooms.count) rows)")
        var above: [String] = []
        for (room, touches) in rooms {
            let deps = try #require(declared[room], "docs/architecture.md lists \(room), Package.swift has no such target")
            for dep in deps where !(touches.contains("all of the above") && above.contains(dep)) {
                #expect(touches.contains(try Regex("\\b\(dep)\\b")), "\(room) depends on \(dep), which its row does not name")
            }
            above.append(room)
        }
    }
}
