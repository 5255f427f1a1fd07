// LearnerCommands+Check: `check` (visible checks, coloured, with the next hint of the first
// failing check), `hint`, `reset` and `solution`.
import Foundation

extension LearnerCommands {
    static func check(_ exercise: Exercise, progress: inout ProgressFile) -> Int32 {
        let (file, created) = answer(exercise)
        if created { print("made \(file.path) from the starter: edit it, then run this again\n") }
        let report = Grader(exercise: exercise, includeHidden: false).grade(submissionPath: file.path)
        let c = color()
        let green = c ? "\u{1B}[32m" : "", dim = c ? "\u{1B}[2m" : "", cyan = c ? "\u{1B}[36m" : "", reset = c ? "\u{1B}[0m" : ""
        var text = report.human(color: c) + hiddenSummary(exercise, dim: dim, reset: reset)
        var p = progress[exercise.id]
        p.maxScore = report.maxScore
        p.bestScore = max(p.bestScore, report.score)
        if let failing = report.results.first(where: { $0.status != .passed }) {
            // A hint follows a real failure only: while a todo() remains (an untouched starter
            // above all) the "not yet" message says what to do, and no hint is spent. After a
            // real failure the learner sees the hint they reached, never a new one: each further
            // hint is asked for with `cajal hint`, so hints escalate only on request.
            if isRealFailure(failing), let h = currentHint(failing.spec, progress: &p) {
                text += "\n\(cyan)hint (\(h.index) of \(failing.spec.hints.count)) for “\(failing.name)”:\(reset) \(h.text)\n"
                if h.index < failing.spec.hints.count { text += "\(dim)('cajal hint \(exercise.id)' for the next hint)\(reset)\n" }
            } else if !failing.spec.hints.isEmpty {
                text += "\n\(dim)Stuck? 'cajal hint \(exercise.id)' shows a hint.\(reset)\n"
            }
        } else {
            p.passed = true
            for r in report.results { if let e = r.spec.explain { text += "\n\(dim)\(r.name): \(e)\(reset)" } }
            text += "\n\(green)All visible checks pass.\(reset) Your teacher's grading may run hidden checks too; 'cajal solution \(exercise.id)' shows the reference.\n"
        }
        progress[exercise.id] = p
        print(text, terminator: "")
        return p.passed && report.failedCount == 0 ? 0 : 1
    }

    /// What the hidden checks cover, without their code or messages: "Graded also by 2 hidden
    /// checks (3 points): other sizes, strides and paddings; ...".
    static func hiddenSummary(_ exercise: Exercise, dim: String, reset: String) -> String {
        let hidden = exercise.checks.filter(\.hidden)
        guard !hidden.isEmpty else { return "" }
        let points = hidden.reduce(0) { $0 + $1.points }
        let covers = hidden.compactMap(\.covers)
        let what = covers.isEmpty ? "" : ": " + covers.joined(separator: "; ")
        return "\(dim)Your grade also runs \(hidden.count) hidden check\(hidden.count == 1 ? "" : "s") (\(formatPoints(points)) point\(points == 1 ? "" : "s"))\(what).\(reset)\n"
    }

    /// Whether `result` failed on the learner's own code rather than a `todo()` still in place
    /// (or a file that could not load at all, whose error says what to fix).
    static func isRealFailure(_ result: CheckResult) -> Bool {
        result.status == .failed && !result.message.contains("not yet: fill in")
    }

    /// The hint the learner has reached for `spec` (the first one, counted as shown, when none
    /// was shown yet).
    static func currentHint(_ spec: CheckSpec, progress: inout ExerciseProgress) -> (index: Int, text: String)? {
        guard !spec.hints.isEmpty else { return nil }
        let shown = progress.hintsShown[spec.name] ?? 0
        if shown == 0 { return nextHint(spec, progress: &progress) }
        let i = min(shown, spec.hints.count) - 1
        return (i + 1, spec.hints[i])
    }

    /// The next unseen hint of `spec` (the last one again once all were shown).
    static func nextHint(_ spec: CheckSpec, progress: inout ExerciseProgress) -> (index: Int, text: String)? {
        guard !spec.hints.isEmpty else { return nil }
        let shown = progress.hintsShown[spec.name] ?? 0
        let i = min(shown, spec.hints.count - 1)
        progress.hintsShown[spec.name] = min(shown + 1, spec.hints.count)
        return (i + 1, spec.hints[i])
    }

    static func hint(_ exercise: Exercise, progress: inout ProgressFile) -> Int32 {
        let (file, _) = answer(exercise)
        let report = Grader(exercise: exercise, includeHidden: false).grade(submissionPath: file.path)
        guard let failing = report.results.first(where: { $0.status != .passed }) else {
            print("every visible check passes: no hint needed")
            return 0
        }
        var p = progress[exercise.id]
        defer { progress[exercise.id] = p }
        guard let h = nextHint(failing.spec, progress: &p) else {
            print("“\(failing.name)” has no hints; its message says: \(failing.message)")
            return 1
        }
        print("hint (\(h.index) of \(failing.spec.hints.count)) for “\(failing.name)”: \(h.text)")
        return 0
    }

    static func reset(_ exercise: Exercise, progress: inout ProgressFile) -> Int32 {
        let file = exercise.directory.appendingPathComponent(answerName)
        let backup = exercise.directory.appendingPathComponent(answerName + ".bak")
        do {
            if FileManager.default.fileExists(atPath: file.path) {
                try? FileManager.default.removeItem(at: backup)
                try FileManager.default.moveItem(at: file, to: backup)
            }
            try FileManager.default.copyItem(at: exercise.starterURL, to: file)
        } catch {
            writeError("cajal reset: \(error.localizedDescription)")
            return 1
        }
        progress[exercise.id].hintsShown = [:]
        print("\(file.path) is the starter again" + (FileManager.default.fileExists(atPath: backup.path) ? " (your old file is \(backup.lastPathComponent))" : ""))
        return 0
    }

    static func solution(_ exercise: Exercise, progress: ProgressFile) -> Int32 {
        guard progress[exercise.id].passed else {
            writeError("cajal solution: pass the visible checks first ('cajal check \(exercise.id)'); 'cajal hint \(exercise.id)' helps")
            return 1
        }
        guard exercise.hasSolution else {
            print("Well done. This copy of \(exercise.id) comes without the reference solution; your teacher has it.")
            return 0
        }
        guard let text = try? String(contentsOf: exercise.solutionURL, encoding: .utf8) else {
            writeError("cajal solution: cannot read \(exercise.solutionURL.path)")
            return 66
        }
        print(text, terminator: text.hasSuffix("\n") ? "" : "\n")
        return 0
    }
}
