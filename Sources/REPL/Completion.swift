// Completion: what Tab offers, decided from the text before the cursor. Pure logic over the
// engine's names, so it is tested without a terminal; LineEditor.swift hands it readline's word.
//
//   pri|            → print, prod          (keywords, globals, builtins, prelude functions)
//   net.lay|        → net.layers           (fields and properties after `.`)
//   :he|            → :help                (commands)
//   :help so|       → softmax, sort        (help topics)
//   load("data/di|  → data/digits.csv      (file paths inside a string, and after :load)
import Foundation

/// The keywords of the language (language-spec.md, Lexical).
let cajalKeywords = [
    "let", "var", "fn", "return", "if", "else", "for", "in", "while", "break", "continue",
    "true", "false", "nil", "and", "or", "not", "import", "assert",
]

@MainActor
struct Completer {
    let engine: REPLEngine
    /// Command names with their colon (`:help`).
    let commands: [String]

    /// Characters that end a word for completion. `.`, `/`, `:`, `_`, `~` are not among them,
    /// so `net.lay`, `data/di`, `:he` and `~/x` reach `candidates` whole.
    static let wordBreaks = " \t\n\"'`@$><=;|&{}()[],+-*%!#^"

    /// Full replacements for `word`, the text readline will replace; `before` is the line up to
    /// the start of `word`. Sorted, without duplicates.
    func candidates(word: String, before: String) -> [String] {
        let found: [String]
        if Self.insideString(before) {
            found = Self.paths(completing: word)
        } else if before.drop(while: { $0 == " " || $0 == "\t" }).hasPrefix(":") {
            found = commandArgument(word: word, before: before)
        } else if before.allSatisfy({ $0 == " " || $0 == "\t" }) && word.hasPrefix(":") {
            found = commands.filter { $0.hasPrefix(word) }
        } else {
            found = expression(word: word)
        }
        return Array(Set(found)).sorted()
    }

    /// Inside a `:command` line: the command name itself, or its argument.
    private func commandArgument(word: String, before: String) -> [String] {
        let command = before.drop(while: { $0 == " " || $0 == "\t" })
            .prefix(while: { $0 != " " && $0 != "\t" })
        switch command {
        case ":help", ":h":
            let topics = engine.helpEntries().map(\.name) + commands
            return topics.filter { $0.hasPrefix(word) }
        case ":load":
            return Self.paths(completing: word)
        case ":source":
            return engine.helpEntries().filter(\.isPrelude).map(\.name).filter { $0.hasPrefix(word) }
        default:
            return expression(word: word)
        }
    }

    /// Names in an expression: `head` is kept as typed (`x/sc` completes `sc`), then either a
    /// member path (`net.layers.sh`) or a plain name.
    private func expression(word: String) -> [String] {
        let isNameChar: (Character) -> Bool = { $0 == "_" || $0 == "." || $0.isLetter || $0.isNumber }
        let tail = String(word.reversed().prefix(while: isNameChar).reversed())
        let head = String(word.dropLast(tail.count))
        if let dot = tail.lastIndex(of: ".") {
            let path = tail[..<dot].split(separator: ".", omittingEmptySubsequences: false).map(String.init)
            guard path.allSatisfy(Self.isIdentifier), let members = engine.members(ofPath: path) else { return [] }
            let partial = tail[tail.index(after: dot)...]
            let stem = head + tail[...dot]
            return members.filter { $0.hasPrefix(partial) }.map { stem + $0 }
        }
        guard tail.first.map({ !$0.isNumber }) ?? true else { return [] }
        let names = cajalKeywords + engine.globals().map(\.name) + engine.helpEntries().map(\.name)
        return names.filter { $0.hasPrefix(tail) }.map { head + $0 }
    }

    static func isIdentifier(_ s: String) -> Bool {
        guard let first = s.first, first == "_" || first.isLetter else { return false }
        return s.allSatisfy { $0 == "_" || $0.isLetter || $0.isNumber }
    }

    /// True when `before` ends inside a string literal: an odd number of unescaped `"`.
    static func insideString(_ before: String) -> Bool {
        var inside = false
        var escaped = false
        for c in before {
            if escaped { escaped = false } else if c == "\\" { escaped = inside } else if c == "\"" { inside.toggle() }
        }
        return inside
    }

    /// File and directory names completing `word` (a path as typed; `~/` means home).
    /// Directories end in `/`; hidden entries show only when the typed name starts with `.`.
    static func paths(completing word: String) -> [String] {
        let slash = word.lastIndex(of: "/")
        let directory = slash.map { String(word[...$0]) } ?? ""
        let partial = slash.map { String(word[word.index(after: $0)...]) } ?? word
        var listed = directory.isEmpty ? "." : directory
        if listed.hasPrefix("~/"), let home = ProcessInfo.processInfo.environment["HOME"] {
            listed = home + listed.dropFirst()
        }
        let manager = FileManager.default
        guard let names = try? manager.contentsOfDirectory(atPath: listed) else { return [] }
        return names.filter { $0.hasPrefix(partial) && (partial.hasPrefix(".") || !$0.hasPrefix(".")) }
            .map { name in
                var isDirectory: ObjCBool = false
                let full = (listed.hasSuffix("/") ? listed : listed + "/") + name
                _ = manager.fileExists(atPath: full, isDirectory: &isDirectory)
                return directory + name + (isDirectory.boolValue ? "/" : "")
            }
    }
}
