// Sandbox: what a submission may reach before any of it runs. Cajal programs read files only
// through `import`, so the policy is checked statically on the parsed source: every import
// (followed recursively) must stay inside the submission's own folder and may not name the
// exercise's checks or solution. A submission may also not shadow a builtin that the checks
// rely on (unless the exercise exports that name): the checks would call the submission's
// version instead.
import Diagnostics
import Foundation
import Language

struct SandboxViolation: Error {
    var message: String
}

enum Sandbox {
    /// Throws when `source` (at `path`) or anything it imports reaches outside `folder` or
    /// names one of `forbidden` (absolute paths). Files that cannot be read or parsed are left
    /// to the interpreter, which reports them with their place.
    static func checkImports(source: String, path: String, folder: String, forbidden: Set<String>) throws {
        var seen: Set<String> = [path]
        var queue: [(String, String)] = [(source, path)]
        let root = folder.hasSuffix("/") ? folder : folder + "/"
        while let (text, file) = queue.popLast() {
            let (program, _) = Parser.parse(SourceFile(name: file, text: text))
            for i in program.imports {
                let target = resolve(i.path, from: file)
                let shown = display(target, folder: root)
                guard target.hasPrefix(root) else {
                    throw SandboxViolation(message: "\(display(file, folder: root)) imports '\(i.path)', which is outside the submission's folder; a submission may only import files next to it")
                }
                guard !forbidden.contains(target) else {
                    throw SandboxViolation(message: "\(display(file, folder: root)) imports '\(shown)', the exercise's own checks or solution; that is not allowed")
                }
                guard !seen.contains(target) else { continue }
                seen.insert(target)
                if let data = FileManager.default.contents(atPath: target), let t = String(data: data, encoding: .utf8) {
                    queue.append((t, target))
                }
            }
        }
    }

    /// The absolute, symlink-free path an import names (relative to the importer's folder).
    static func resolve(_ path: String, from importer: String) -> String {
        let base = URL(fileURLWithPath: importer).deletingLastPathComponent()
        let url = path.hasPrefix("/") ? URL(fileURLWithPath: path) : base.appendingPathComponent(path)
        return url.standardizedFileURL.resolvingSymlinksInPath().path
    }

    static func display(_ path: String, folder: String) -> String {
        path.hasPrefix(folder) ? String(path.dropFirst(folder.count)) : path
    }

    /// The identifiers that appear in Cajal source `text` (a conservative superset of the
    /// names it uses: words in strings and comments count too).
    static func identifiers(in text: String) -> Set<String> {
        var out: Set<String> = []
        var word = ""
        for ch in text {
            if ch == "_" || ch.isLetter || (ch.isNumber && !word.isEmpty) {
                word.append(ch)
            } else {
                if !word.isEmpty { out.insert(word) }
                word = ""
            }
        }
        if !word.isEmpty { out.insert(word) }
        return out
    }
}
