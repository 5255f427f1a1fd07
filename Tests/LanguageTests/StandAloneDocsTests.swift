// StandAloneDocsTests: the project stands alone. No lesson, doc, code comment or test cites a
// file the learner does not have: the research notes and design papers the project was
// planned from, the shared folder they lived in, or the NumPy/PyTorch scripts behind them.
// Facts from those go into the project's own words (docs/papers.md for the published numbers).
import Foundation
import Testing
import TestSupport

@Suite struct StandAloneDocs {
    /// Names of outside files, spelled in pieces so this file does not match itself.
    static let outsideFiles: [String] = [
        "PAPERS" + "\\.md", "PLATFORM" + "\\.md", "DESIGN" + "\\.md", "INTERPRETER" + "\\.md",
        "STYLE" + "\\.md", "\\.\\./" + "shared", "/work/" + "shared", "/work/" + "brief",
        "\\bexp[0-9]+[a-z0-9_]*" + "\\.py", "\\b(mlp|cnn|lstm|gpu)_steps?" + "\\.py",
    ]

    /// Folders and files of the repository whose text a learner or contributor reads.
    static let scanned = ["lessons", "docs", "Sources", "Tests", "Plugins", "grammar",
                          "README.md", "test.sh", "start.sh", "Package.swift"]

    /// Every text file under `scanned` (files that are not UTF-8 are skipped: images, data).
    static func textFiles() -> [(path: String, text: String)] {
        var files: [(String, String)] = []
        let fm = FileManager.default
        for entry in scanned {
            let url = repositoryRoot.appendingPathComponent(entry)
            var isDir: ObjCBool = false
            guard fm.fileExists(atPath: url.path, isDirectory: &isDir) else { continue }
            let urls: [URL] = isDir.boolValue
                ? (fm.enumerator(at: url, includingPropertiesForKeys: nil)?.compactMap { $0 as? URL } ?? [])
                : [url]
            for file in urls {
                guard let text = try? String(contentsOf: file, encoding: .utf8) else { continue }
                let relative = String(file.path.dropFirst(repositoryRoot.path.count + 1))
                files.append((relative, text))
            }
        }
        return files
    }

    /// The places (file:line: pattern) where `text` names an outside file.
    static func citations(in text: String, path: String) throws -> [String] {
        var found: [String] = []
        let regexes = try outsideFiles.map { try Regex($0) }
        for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            for regex in regexes where line.contains(regex) {
                found.append("\(path):\(number + 1): \(line.trimmingCharacters(in: .whitespaces))")
            }
        }
        return found
    }

    @Test func theCheckFindsACitationOfAnOutsideFile() throws {
        let lesson = "# See " + "PAPERS" + ".md §3 and ../" + "shared/notes.\n# exp1_" + "classic.py\n"
        #expect(try Self.citations(in: lesson, path: "x.cajal").count == 3)
        #expect(try Self.citations(in: "# Rumelhart, Hinton & Williams 1986, PDP p. 331\n", path: "x").isEmpty)
    }

    @Test func noLessonDocCommentOrTestCitesAFileOutsideTheProject() throws {
        let files = Self.textFiles()
        #expect(files.contains { $0.path.hasPrefix("lessons/04-backprop/") }, "the scan should reach the lessons")
        #expect(files.contains { $0.path.hasPrefix("Sources/Interpreter/") }, "the scan should reach the sources")
        var found: [String] = []
        for file in files { found += try Self.citations(in: file.text, path: file.path) }
        #expect(found.isEmpty, "cite the paper or docs/ instead:\n\(found.joined(separator: "\n"))")
    }
}
