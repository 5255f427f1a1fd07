// Session: one fresh interpreter for one check, under a watchdog, with its output captured
// and its diagnostics turned into the grader's messages.
import Diagnostics
import Foundation
import Interpreter

/// How a check's run ended.
enum CheckOutcome: Equatable {
    /// Ran to the end; the fraction of the points earned (1 unless the body returned less).
    case passed(Double)
    /// An expectation (or the check's own use of the submission) failed.
    case failed(String)
    /// The submission could not load, or a limit was hit.
    case error(String)
    /// The submission's own code stopped with an error while the check ran (a shape mismatch
    /// inside the learner's function): the error, not the check's headline, comes first.
    case stopped(String)
}

final class Session {
    let url: URL
    let limits: Limits
    let interpreter: Interpreter
    private(set) var printed = ""
    let outputBox: OutputBox
    /// Where the lessons define names, for "undeclared variable" in the submission.
    var lessonNames: LessonNames?

    init(url: URL, limits: Limits) {
        self.url = url
        self.limits = limits
        let box = OutputBox()
        let interpreter = Interpreter(seed: 0, output: { s in box.append(s) })
        box.onLimit = { [weak interpreter] message in interpreter?.requestStop(message) }
        self.interpreter = interpreter
        interpreter.showsProgress = false  // a check's `fit` or `progress` draws no progress line on the terminal
        // strings and lists count against the memory budget when the collector finds them alive
        interpreter.collectionThreshold = min(interpreter.collectionThreshold, max(1 << 20, limits.memoryBytes / 8))
        outputBox = box
    }

    /// Loads the submission's source; nil on success, else the message (the same for every
    /// check, since loading is deterministic).
    func load(_ source: String) -> String? {
        let dog = Watchdog(limits: limits, interpreter: interpreter)
        dog.start()
        defer { printed = outputBox.text }
        interpreter.stepBudget = limits.steps
        let result = interpreter.evaluate(source, name: url.path)
        interpreter.settleMemoryBudget()
        let hit = dog.stop() ?? outputBox.limitHit
        // A limit crossed while loading counts even when loading ended before the interrupt
        // was seen (a single huge tensor, a long print): the same file, the same verdict.
        if let hit { return "your file hit a limit while loading, so no check could run:\n" + describe(result.diagnostics, hit: hit) }
        guard result.outcome == .success else {
            let what = result.outcome == .staticError ? "your file has an error, so no check could run" : "your file stopped with an error while loading, so no check could run"
            return what + ":\n" + describe(result.diagnostics, hit: hit)
        }
        return nil
    }

    /// Loads the submission and runs one check.
    func runCheck(_ spec: CheckSpec, source: String, exercise: Exercise) -> CheckOutcome {
        if let problem = load(source) { return .error(problem) }
        let program = CheckProgram.source(for: spec, in: exercise)
        if let clash = shadowedBuiltins(usedBy: program, exports: exercise.exports).first {
            return .error("your file defines '\(clash)', which is a builtin the checks rely on; rename yours (e.g. 'my_\(clash)')")
        }
        let globals = Set(interpreter.userGlobals.map(\.name))
        // A builtin of the same name does not count: the exercise asks for the submission's own.
        if let missing = exercise.exports.first(where: { !globals.contains($0) }) {
            return .failed("your file does not define '\(missing)'")
        }
        // Every check starts at seed 0, whatever the submission did to the generator.
        interpreter.seed(0)
        let dog = Watchdog(limits: limits, interpreter: interpreter)
        dog.start()
        interpreter.stepBudget = limits.steps
        let result = interpreter.evaluate(program, name: "checks.cajal")
        interpreter.settleMemoryBudget()
        let hit = dog.stop() ?? outputBox.limitHit
        printed = outputBox.text
        switch result.outcome {
        case .staticError:
            return .error("the check itself does not compile (a bug in checks.cajal): " + result.diagnostics.map(\.message).joined(separator: "; "))
        case .runtimeError:
            let message = describe(result.diagnostics, hit: hit)
            let fromLimits = hit != nil || result.diagnostics.contains {
                $0.id == .stackOverflow || $0.id == .interrupted || $0.message.hasPrefix("step limit exceeded")
            }
            if fromLimits { return .error(message) }
            let first = result.diagnostics.first { $0.severity == .error }
            let inSubmission = first?.file?.name == url.path && first?.id != .notYetImplemented
            return inSubmission ? .stopped(message) : .failed(message)
        case .success:
            guard let display = result.display else { return .passed(1) }
            guard let f = Double(display.trimmingCharacters(in: .whitespaces)), f >= 0, f <= 1 else {
                return .error("the check returned \(display), but a check may only return a number between 0 and 1 (a bug in checks.cajal)")
            }
            return .passed(f)
        }
    }

    /// Builtins and prelude functions the submission redefined that the check program mentions
    /// and the exercise does not export (the check would call the submission's version).
    private func shadowedBuiltins(usedBy program: String, exports: [String]) -> [String] {
        let builtins = Set(interpreter.builtinHelp.map(\.name)).union(interpreter.preludeHelp.map(\.name))
        let used = CheckProgram.globalNames(usedBy: program, globals: Array(builtins) + interpreter.userGlobals.map(\.name))
        return interpreter.userGlobals.map(\.name).filter { builtins.contains($0) && used.contains($0) && !exports.contains($0) }.sorted()
    }

    /// The message for a failed run: a limit, or the diagnostics. Errors located in the
    /// submission are shown with their source line; errors in the check only by their message
    /// (the check's source stays private), plus where in the submission they came from.
    func describe(_ diagnostics: [Diagnostic], hit: LimitHit?) -> String {
        if let hit {
            // Where the submission was when a byte count stopped it (the same place on any machine).
            let path = url.path
            let here = diagnostics.first { $0.severity == .error && $0.file?.name == path }?.location
                ?? diagnostics.flatMap(\.stackTrace).first { $0.fileName == path }?.location
            if case .time = hit { return hit.message }
            guard let here else { return hit.message }
            return hit.message + "\n  at \(url.lastPathComponent):\(here.line):\(here.column)"
        }
        let folder = url.deletingLastPathComponent().path + "/"
        let renderer = DiagnosticRenderer()
        return diagnostics.filter { $0.severity == .error }.map { d -> String in
            if d.id == .interrupted { return "interrupted" }
            if d.file?.name == url.path {
                var own = d
                if d.id == .undeclaredVariable, let name = d.message.split(separator: "'").dropFirst().first,
                   let hint = lessonNames?.hint(for: String(name)) {
                    own.hint = hint
                }
                // The checks' frames stay private; runaway recursion is summarised.
                let (frames, note) = Session.summarise(d.stackTrace.filter { $0.fileName == url.path })
                own.stackTrace = frames
                if let note { own.notes.append(note) }
                return renderer.render(own).replacingOccurrences(of: folder, with: "")
            }
            var text = d.message
            if d.id == .assertionFailed, text.hasPrefix("assertion failed: ") { text = String(text.dropFirst(18)) }
            if let hint = d.hint { text += "\nhint: \(hint)" }
            for frame in Session.summarise(d.stackTrace.filter { $0.fileName == url.path }).frames {
                text += "\n  in \(frame.function) (\(url.lastPathComponent):\(frame.location.line):\(frame.location.column))"
            }
            return text
        }.joined(separator: "\n")
    }
}

extension Session {
    /// At most 10 frames, consecutive repeats of one frame kept once; the note says what was left out.
    static func summarise(_ trace: [StackFrame]) -> (frames: [StackFrame], note: String?) {
        var frames: [StackFrame] = []
        for f in trace where frames.last != f { frames.append(f) }
        if frames.count > 10 { frames = Array(frames.prefix(10)) }
        let dropped = trace.count - frames.count
        return (frames, dropped > 0 ? "\(dropped) repeated calls left out of the trace below" : nil)
    }
}

/// Collects printed text (the interpreter's output closure writes here), and counts it: a run
/// that prints more than `limit` bytes is stopped (its session's interpreter is asked to stop,
/// `onLimit`, and does at its next loop turn or call; no other interpreter is), the same on
/// any machine, where a flood of prints would otherwise run until the clock's backstop and
/// score by the machine's speed.
final class OutputBox {
    /// The most a submission may print, load and check together.
    static let limit = 1 << 20
    private(set) var text = ""
    private var bytes = 0
    private(set) var limitHit: LimitHit?
    /// Called once, with the limit's message, when the count passes `limit`.
    var onLimit: (String) -> Void = { _ in }
    func append(_ s: String) {
        if text.utf8.count < Grader.stdoutCap * 2 { text += s }
        bytes += s.utf8.count
        if bytes > OutputBox.limit, limitHit == nil {
            let hit = LimitHit.output(OutputBox.limit)
            limitHit = hit
            onLimit(hit.message)
        }
    }
}
