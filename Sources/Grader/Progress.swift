// Progress: the learner's record, `.cajal-progress.json` in the folder the exercises are found
// under (a readable JSON file, written atomically: a temporary file renamed over the old one).
import Foundation

/// What the learner has done on one exercise.
public struct ExerciseProgress: Codable, Equatable, Sendable {
    /// Every visible check passed at least once (unlocks `cajal solution`).
    public var passed = false
    /// Best visible score so far, out of `maxScore`.
    public var bestScore: Double = 0
    public var maxScore: Double = 0
    /// Hints shown so far, per check name.
    public var hintsShown: [String: Int] = [:]

    enum CodingKeys: String, CodingKey {
        case passed, bestScore = "best_score", maxScore = "max_score", hintsShown = "hints_shown"
    }

    public init() {}
}

/// The progress file.
public struct ProgressFile: Sendable {
    public static let fileName = ".cajal-progress.json"
    public var url: URL
    public var exercises: [String: ExerciseProgress]

    /// Reads the file in `root` (an empty record when it does not exist yet or is damaged).
    public init(root: URL) {
        url = root.appendingPathComponent(ProgressFile.fileName)
        exercises = [:]
        if let data = try? Data(contentsOf: url),
           let decoded = try? JSONDecoder().decode(Stored.self, from: data) {
            exercises = decoded.exercises
        }
    }

    private struct Stored: Codable {
        var version = 1
        var exercises: [String: ExerciseProgress]
    }

    /// Writes the file atomically, keys sorted, indented.
    public func save() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try (encoder.encode(Stored(exercises: exercises)) + Data("\n".utf8)).write(to: url, options: .atomic)
    }

    public subscript(id: String) -> ExerciseProgress {
        get { exercises[id] ?? ExerciseProgress() }
        set { exercises[id] = newValue }
    }
}
