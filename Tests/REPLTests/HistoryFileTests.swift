// HistoryFileTests: history survives a restart, multi-line cells stay whole, and a damaged or
// unusable file never stops the REPL.
import Foundation
import Testing
@testable import REPL

struct HistoryFileTests {
    func temporaryPath(_ name: String) -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("cajal-history-\(getpid())-\(name)").path
    }

    @Test func entriesRoundTripIncludingMultiLineCellsAndBackslashes() {
        let path = temporaryPath("roundtrip")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let entries = ["1 + 2", "fn f(x) {\n  x\n}", "print(\"a\\nb\")", "\\", "ü ∑"]
        let file = HistoryFile(path: path)
        #expect(file.save(entries) == nil)
        let loaded = file.load()
        #expect(loaded.entries == entries)
        #expect(loaded.notice == nil)
        let attributes = try? FileManager.default.attributesOfItem(atPath: path)
        #expect((attributes?[.posixPermissions] as? Int) == 0o600)
    }

    @Test func savingKeepsTheNewestEntriesAndLeavesNoTemporaryFile() throws {
        let path = temporaryPath("limit")
        defer { try? FileManager.default.removeItem(atPath: path) }
        var file = HistoryFile(path: path)
        file.limit = 3
        #expect(file.save(["a", "b", "c", "d"]) == nil)
        #expect(file.save(["b", "c", "d", "e"]) == nil)
        #expect(file.load().entries == ["c", "d", "e"])
        let siblings = try FileManager.default.contentsOfDirectory(atPath: (path as NSString).deletingLastPathComponent)
        #expect(!siblings.contains { $0.hasPrefix((path as NSString).lastPathComponent + ".tmp") })
    }

    @Test func aDamagedFileLoadsWhatItCan() {
        let path = temporaryPath("damaged")
        defer { try? FileManager.default.removeItem(atPath: path) }
        var bytes = Array("good\n".utf8) + [0xFF, 0xFE, 0x0A] + [0x00, 0x41, 0x0A]
        bytes += Array(repeating: UInt8(ascii: "z"), count: 200_000) + [0x0A] + Array("last".utf8)
        FileManager.default.createFile(atPath: path, contents: Data(bytes))
        let loaded = HistoryFile(path: path).load()
        #expect(loaded.entries == ["good", "\u{FFFD}\u{FFFD}", "last"])
        #expect(loaded.notice == nil)
    }

    @Test func aDirectoryOrMissingParentGivesANoticeNotAFailure() throws {
        let dir = temporaryPath("dir")
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        #expect(HistoryFile(path: dir).load().notice?.contains("is a directory") == true)
        let missing = HistoryFile(path: dir + "/missing/h").load()
        #expect(missing.entries.isEmpty && missing.notice == nil)
        #expect(HistoryFile(path: dir + "/missing/h").save(["1"])?.contains("cannot write history file") == true)
    }

    @Test func aDeviceOrPipeIsNeverReplaced() throws {
        // CAJAL_HISTORY=/dev/null once turned /dev/null into a regular file (saved by rename).
        let fifo = temporaryPath("fifo")
        #expect(mkfifo(fifo, 0o600) == 0)
        defer { try? FileManager.default.removeItem(atPath: fifo) }
        #expect(HistoryFile(path: fifo).save(["1 + 2"]) == nil)
        var info = stat()
        #expect(lstat(fifo, &info) == 0 && (info.st_mode & S_IFMT) == S_IFIFO)
    }

    @Test func pathComesFromCajalHistoryThenHome() {
        #expect(HistoryFile.defaultPath(environment: ["CAJAL_HISTORY": "/tmp/h", "HOME": "/home/a"]) == "/tmp/h")
        #expect(HistoryFile.defaultPath(environment: ["CAJAL_HISTORY": "", "HOME": "/home/a"]) == nil)
        #expect(HistoryFile.defaultPath(environment: ["HOME": "/home/a"]) == "/home/a/.cajal_history")
        #expect(HistoryFile.defaultPath(environment: [:]) == nil)
    }
}
