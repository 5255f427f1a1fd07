// LessonNames: where a lesson defines a name. A learner who copies a lesson's line into an
// exercise often copies a call to a helper the lesson defined a few cells earlier (lesson 6's
// `uniform`); "undeclared variable 'uniform'" then gets the hint that says where it came from.
import Foundation

struct LessonNames {
    /// name → "lesson 6 (06-deep/lesson.cajal:42)", the first lesson that defines it at top level.
    private var places: [String: String] = [:]

    /// The lessons beside the exercise's own (the exercise sits in lessons/NN-name/exercises/EX).
    init(exercise: URL) {
        let lessons = exercise.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        guard let folders = try? FileManager.default.contentsOfDirectory(atPath: lessons.path) else { return }
        for folder in folders.sorted() {
            let file = lessons.appendingPathComponent(folder).appendingPathComponent("lesson.cajal")
            guard let number = Int(folder.prefix { $0.isNumber }), let text = try? String(contentsOf: file, encoding: .utf8) else { continue }
            for (i, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                for keyword in ["fn ", "let ", "var "] where line.hasPrefix(keyword) {
                    let name = String(line.dropFirst(keyword.count).prefix { $0 == "_" || $0.isLetter || $0.isNumber })
                    if !name.isEmpty, places[name] == nil { places[name] = "lesson \(number) (\(folder)/lesson.cajal:\(i + 1))" }
                }
            }
        }
    }

    /// The hint for an undeclared `name`, when a lesson defines it.
    func hint(for name: String) -> String? {
        places[name].map { "'\(name)' is defined in \($0), not in your file: copy its definition into your file too" }
    }
}
