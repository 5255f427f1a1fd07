// LessonCatalog: the lessons on disk (lessons/NN-slug/lesson.cajal) and the learner's
// progress, kept in a small text file rewritten atomically after every cell:
//
//   # cajal lesson progress: lesson, code cells run of total, "done" when finished
//   01-neuron 5/12
//   02-perceptron 12/12 done
import Foundation

/// A lesson on disk.
public struct LessonEntry: Equatable, Sendable {
    /// The lesson's number (the NN of its folder).
    public var number: Int
    /// The folder name, e.g. `01-neuron`.
    public var slug: String
    public var path: String
}

public struct LessonCatalog {
    /// The folder holding the lesson folders.
    public var root: String

    public init(root: String) { self.root = root }

    /// `CAJAL_LESSONS`, else `lessons` in the working directory.
    public static func standard(environment: [String: String] = ProcessInfo.processInfo.environment) -> LessonCatalog {
        LessonCatalog(root: environment["CAJAL_LESSONS"] ?? "lessons")
    }

    /// Every `NN-slug/lesson.cajal` under the root, by number.
    public var entries: [LessonEntry] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []
        return names.sorted().compactMap { name in
            let digits = name.prefix { $0.isASCII && $0.isNumber }
            guard !digits.isEmpty, name.dropFirst(digits.count).first == "-", let n = Int(digits) else { return nil }
            let path = root + "/" + name + "/lesson.cajal"
            guard FileManager.default.fileExists(atPath: path) else { return nil }
            return LessonEntry(number: n, slug: name, path: path)
        }
    }

    /// The example lessons: `00-examples/NAME/lesson.cajal`, by name (number 0, slug NAME).
    public var examples: [LessonEntry] {
        let dir = root + "/00-examples"
        let names = (try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []
        return names.sorted().compactMap { name in
            let path = dir + "/" + name + "/lesson.cajal"
            return FileManager.default.fileExists(atPath: path) ? LessonEntry(number: 0, slug: name, path: path) : nil
        }
    }

    /// The lesson a command-line argument names: a number (`4`), a slug or its tail
    /// (`04-backprop`, `backprop`), or a path to a .cajal file.
    public func find(_ name: String) -> LessonEntry? {
        if name.hasSuffix(".cajal") || name.contains("/") {
            let path = name.hasSuffix(".cajal") ? name : name + "/lesson.cajal"
            guard FileManager.default.fileExists(atPath: path) else { return nil }
            let slug = URL(fileURLWithPath: path).deletingLastPathComponent().lastPathComponent
            return LessonEntry(number: Int(slug.prefix { $0.isNumber }) ?? 0, slug: slug, path: path)
        }
        if let n = Int(name) { return entries.first { $0.number == n } }
        return entries.first { $0.slug == name || $0.slug.split(separator: "-", maxSplits: 1).last.map(String.init) == name }
            ?? examples.first { $0.slug == name }
    }
}

/// How far a learner got in one lesson.
public struct LessonProgress: Equatable, Sendable {
    public var done: Int
    public var total: Int
    public var finished: Bool
}

/// The progress file: one line per lesson.
public struct ProgressFile {
    public var path: String
    public private(set) var lessons: [String: LessonProgress] = [:]

    /// `CAJAL_PROGRESS`, else `~/.cajal/progress`.
    public static func standardPath(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let p = environment["CAJAL_PROGRESS"] { return p }
        return (environment["HOME"] ?? NSHomeDirectory()) + "/.cajal/progress"
    }

    /// Loads the file; a missing or damaged file gives empty progress (bad lines are skipped).
    public init(path: String) {
        self.path = path
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return }
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            let words = line.split(separator: " ")
            guard words.count >= 2 else { continue }
            let counts = words[1].split(separator: "/")
            guard counts.count == 2, let d = Int(counts[0]), let t = Int(counts[1]) else { continue }
            lessons[String(words[0])] = LessonProgress(done: d, total: t, finished: words.count > 2 && words[2] == "done")
        }
    }

    /// Records progress for `slug` and rewrites the file (a temporary file renamed over it).
    public mutating func update(_ slug: String, _ progress: LessonProgress) throws {
        lessons[slug] = progress
        var lines = ["# cajal lesson progress: lesson, code cells run of total, \"done\" when finished"]
        for key in lessons.keys.sorted() {
            let p = lessons[key]!
            lines.append("\(key) \(p.done)/\(p.total)" + (p.finished ? " done" : ""))
        }
        let url = URL(fileURLWithPath: path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: url, options: .atomic)
    }
}

extension LessonCatalog {
    /// The `cajal lesson` listing: number, folder, the learner's progress and title, in columns
    /// (the title last, so a long one never pushes the progress out of line).
    public func listing(progress: ProgressFile) -> String {
        let entries = self.entries, examples = self.examples
        guard !entries.isEmpty || !examples.isEmpty else { return "no lessons found in '\(root)' (set CAJAL_LESSONS to the lessons folder)\n" }
        func state(_ slug: String) -> String {
            guard let p = progress.lessons[slug] else { return "not started" }
            return p.finished ? "done" : "\(p.done)/\(p.total) cells"
        }
        func pad(_ text: String, _ width: Int) -> String { text.padding(toLength: max(width, text.count), withPad: " ", startingAt: 0) }
        let slugWidth = (entries + examples).map(\.slug.count).max()!
        let stateWidth = (entries + examples).map { state($0.slug).count }.max()!
        var lines = entries.isEmpty ? [] : ["lessons in \(root):"]
        for e in entries {
            let title = (try? String(contentsOfFile: e.path, encoding: .utf8)).flatMap { try? Lesson.parse($0) }?.title ?? e.slug
            let num = e.number < 10 ? " \(e.number)" : "\(e.number)"
            lines.append("  \(num)  \(pad(e.slug, slugWidth))  \(pad(state(e.slug), stateWidth))  \(title)")
        }
        if !examples.isEmpty {
            if !lines.isEmpty { lines.append("") }
            lines.append("examples (cajal lesson NAME):")
            for e in examples {
                lines.append("      \(pad(e.slug, slugWidth))  \(state(e.slug))")
            }
        }
        lines.append("")
        lines.append(entries.isEmpty ? "start one with: cajal lesson NAME" : "start one with: cajal lesson N")
        return lines.joined(separator: "\n") + "\n"
    }
}
