// ArchitectureDocsTests: the table of rooms in docs/architecture.md names every dependency that
// Package.swift declares for each target (it once left out what REPL, Grader, Notebook and
// cajal-bench import), and no room imports a module it does not declare. SwiftPM does not
// enforce the second: it lets a target import whatever its dependencies import, and Swift
// 6.3.1's `--explicit-target-dependency-import-check error` did not reject such an import when
// tried (a target declaring B and importing A, B's dependency, built cleanly).
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

    /// Modules of the toolchain and the system, which no target declares.
    static let systemModules: Set<String> = [
        "Foundation", "FoundationEssentials", "Glibc", "Darwin", "Dispatch", "Testing",
        "Synchronization", "RegexBuilder", "_Concurrency", "CoreFoundation",
    ]

    @Test func everyRoomImportsOnlyWhatItDeclares() throws {
        let declared = try Self.declaredDependencies()
        let fm = FileManager.default
        let importLine = /^\s*(?:@\w+\s+)*import\s+(?:(?:typealias|struct|class|enum|protocol|let|var|func)\s+)?(\w+)/
        var checked = 0
        for (target, deps) in declared {
            let dir = repositoryRoot.appendingPathComponent("Sources/\(target)")
            guard let walker = fm.enumerator(at: dir, includingPropertiesForKeys: nil) else { continue }
            for case let file as URL in walker where file.pathExtension == "swift" {
                let text = try String(contentsOf: file, encoding: .utf8)
                for line in text.split(separator: "\n") {
                    guard let m = line.firstMatch(of: importLine) else { continue }
                    let module = String(m.output.1)
                    checked += 1
                    #expect(module == target || deps.contains(module) || Self.systemModules.contains(module),
                            "\(file.lastPathComponent) (\(target)) imports \(module), which Package.swift does not declare for \(target)")
                }
            }
        }
        #expect(checked > 100, "the import scan found only \(checked) imports")
    }

    /// The files under Sources/ whose import lines name `module`, relative to Sources/.
    static func filesImporting(_ module: String) throws -> Set<String> {
        let sources = repositoryRoot.appendingPathComponent("Sources")
        var found: Set<String> = []
        let importLine = try Regex("^\\s*(@\\w+\\s+)*import \(module)$")
        let walker = try #require(FileManager.default.enumerator(at: sources, includingPropertiesForKeys: nil))
        for case let file as URL in walker where file.pathExtension == "swift" {
            let text = try String(contentsOf: file, encoding: .utf8)
            if text.split(separator: "\n").contains(where: { $0.contains(importLine) }) {
                found.insert(String(file.path.dropFirst(sources.path.count + 1)))
            }
        }
        return found
    }

    /// docs/architecture.md: one file of the program imports COpenBLAS (plus the benchmark's
    /// stated exception), one imports CReadline, one CCairo, one CZMQ and one CCrypto; four
    /// files of TensorCore import CVectorMath.
    @Test func theCLibrariesAreImportedWhereTheDocsSay() throws {
        #expect(try Self.filesImporting("COpenBLAS") == ["TensorCore/BLAS.swift", "cajal-bench/TensorBench.swift"])
        #expect(try Self.filesImporting("CReadline") == ["REPL/LineEditor.swift"])
        #expect(try Self.filesImporting("CCairo") == ["Plot/PNG.swift"])
        #expect(try Self.filesImporting("CZMQ") == ["Kernel/Sockets.swift"])
        #expect(try Self.filesImporting("CCrypto") == ["Kernel/Signature.swift"])
        #expect(try Self.filesImporting("CCmark") == ["Notebook/Markdown.swift"])
        #expect(try Self.filesImporting("CVectorMath") == [
            "TensorCore/GEMMSplitCheck.swift", "TensorCore/Tensor+Conv.swift", "TensorCore/Tensor+FastMath.swift",
            "TensorCore/Tensor+Pool.swift",
        ])
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
