// HistoryFile: the REPL's history across sessions (~/.cajal_history, or $CAJAL_HISTORY).
//
// One entry per line; a multi-line cell is one entry with `\n` written as backslash-n and a
// backslash as two. Saving writes a temporary file beside it and renames it over the old one,
// so a crash never leaves half a file. A missing, unreadable or damaged file never stops the
// REPL: unreadable bytes decode as U+FFFD, overlong lines are skipped, and a failure to read
// or write is reported once as a notice.
import Foundation
#if canImport(Glibc)
import Glibc
#endif

struct HistoryFile {
    /// Where history lives; nil when history is off (`CAJAL_HISTORY=""` or no home directory).
    let path: String?
    /// Entries kept (oldest dropped first).
    var limit = 1000
    /// Lines longer than this (in bytes) are skipped when loading: not something a person typed.
    var longestLine = 100_000
    /// Files bigger than this are not read at all.
    var largestFile = 16 << 20

    /// `$CAJAL_HISTORY` when set (empty turns history off), else `$HOME/.cajal_history`.
    static func defaultPath(environment env: [String: String]) -> String? {
        if let override = env["CAJAL_HISTORY"] { return override.isEmpty ? nil : override }
        guard let home = env["HOME"], !home.isEmpty else { return nil }
        return home + "/.cajal_history"
    }

    /// The stored entries, oldest first, or a notice saying why none could be read. A missing
    /// file is not a problem: it gives no entries and no notice.
    func load() -> (entries: [String], notice: String?) {
        guard let path else { return ([], nil) }
        let manager = FileManager.default
        var isDirectory: ObjCBool = false
        guard manager.fileExists(atPath: path, isDirectory: &isDirectory) else { return ([], nil) }
        if isDirectory.boolValue { return ([], "history file \(path) is a directory; history is off") }
        guard let data = manager.contents(atPath: path) else {
            return ([], "cannot read history file \(path); starting without history")
        }
        if data.count > largestFile {
            return ([], "history file \(path) is larger than \(largestFile >> 20) MB; not read")
        }
        let entries = data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: true)
            .filter { $0.count <= longestLine && !$0.contains(0) }
            .map { Self.decode(String(decoding: $0, as: UTF8.self)) }
        return (Array(entries.suffix(limit)), nil)
    }

    /// Writes `entries` (the newest `limit`) atomically; returns a notice on failure.
    func save(_ entries: [String]) -> String? {
        guard let path else { return nil }
        // A device or pipe (CAJAL_HISTORY=/dev/null means "keep no history") is never replaced.
        var info = stat()
        if lstat(path, &info) == 0, [S_IFCHR, S_IFBLK, S_IFIFO, S_IFSOCK].contains(info.st_mode & S_IFMT) { return nil }
        let text = entries.suffix(limit).map { Self.encode($0) + "\n" }.joined()
        let temporary = path + ".tmp-\(ProcessInfo.processInfo.processIdentifier)"
        let manager = FileManager.default
        guard manager.createFile(
            atPath: temporary, contents: Data(text.utf8), attributes: [.posixPermissions: 0o600])
        else { return "cannot write history file \(path); history will not be saved" }
        // rename(2) replaces the old file in one step: readers see the old or the new, never half.
        if rename(temporary, path) != 0 {
            try? manager.removeItem(atPath: temporary)
            return "cannot replace history file \(path); history will not be saved"
        }
        return nil
    }

    /// One entry as one line: `\` → `\\`, newline → `\n`.
    static func encode(_ entry: String) -> String {
        var out = ""
        for c in entry {
            switch c {
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            default: out.append(c)
            }
        }
        return out
    }

    /// The inverse of `encode`; a backslash before anything else is kept as written.
    static func decode(_ line: String) -> String {
        var out = ""
        var escaping = false
        for c in line {
            if escaping {
                switch c {
                case "n": out.append("\n")
                case "r": out.append("\r")
                case "\\": out.append("\\")
                default: out.append("\\"); out.append(c)
                }
                escaping = false
            } else if c == "\\" {
                escaping = true
            } else {
                out.append(c)
            }
        }
        if escaping { out.append("\\") }
        return out
    }
}
