// Watchdog: enforces a check's time and memory limits from a second thread. Time is a
// backstop: the deterministic limit is the VM's step budget (Limits.steps), so the same
// submission scores the same on a fast or a loaded machine; the clock only stops work the steps
// do not count (one enormous matrix product) at `backstop` times the exercise's seconds. When a limit is
// crossed it asks the watched interpreter, and only that one, to stop (`requestStop`, safe from
// this thread); the VM sees the request at its next loop back edge or call and ends the run with
// an `interrupted` diagnostic located there, whose message is the limit's, and the grader reports
// the limit that was hit. A native call running when the limit fires (one huge matrix product)
// is not cut short: the run stops at the first loop edge or call after it returns, and the
// grading worker's process deadline (Isolation.swift) is the backstop for one that never does.
// The process's Ctrl-C flag is not touched: another interpreter in the process (a REPL, another
// session, a test beside this one) is neither stopped by this run's limit nor robbed of a Ctrl-C
// by its start or stop. Memory is counted in bytes: the live tensor
// storage, strings, lists and records the run adds (the session's own memory budget, which
// stops it from within the VM), the same at the same point on any
// machine and whatever else the process holds; the growth of the resident set
// (/proc/self/statm), sampled every few milliseconds, is only a backstop for memory that count
// does not see.
import Foundation
import Interpreter

/// Why the watchdog stopped a run.
enum LimitHit: Equatable {
    case time(Double)
    case memory(Int)
    /// Printed more than this many bytes (counted by the session's output box).
    case output(Int)

    var message: String {
        switch self {
        case .time(let s): return "time limit exceeded (\(formatLimit(s)) s of wall-clock time): an endless loop, or far too much work"
        case .memory(let b): return "memory limit exceeded (\(b >> 20) MiB): the tensors, lists and strings kept are too big"
        case .output(let b): return "output limit exceeded: the file printed more than \(b >> 20) MB"
        }
    }
}

func formatLimit(_ x: Double) -> String {
    x == x.rounded() ? String(Int(x)) : String(x)
}

/// Watches one run. `start` before the run, `stop` after it; `hit` says which limit fired.
final class Watchdog: @unchecked Sendable {
    private let lock = NSLock()
    private var running = true
    private var fired: LimitHit?
    private let limits: Limits
    /// The session whose run is watched: its memory budget is the limit's byte count.
    private let interpreter: Interpreter
    private let done = DispatchSemaphore(value: 0)

    init(limits: Limits, interpreter: Interpreter) {
        self.limits = limits
        self.interpreter = interpreter
    }

    /// The resident set may grow by the memory limit and half again (the byte count is the
    /// limit; this catches only what it does not count).
    /// The wall clock allows this many times an exercise's `time:` (the step budget is the limit).
    static let backstop = 5.0

    /// Starts watching on a new thread; the clock and the memory baseline start now.
    func start() {
        let seconds = limits.seconds * Watchdog.backstop
        let deadline = Date().addingTimeInterval(seconds)
        let baseline = Watchdog.residentBytes()
        interpreter.beginMemoryBudget(limits.memoryBytes)
        let thread = Thread { [self] in
            while true {
                lock.lock()
                let live = running
                lock.unlock()
                if !live { break }
                var hit: LimitHit?
                if Date() >= deadline { hit = .time(seconds) }
                else if Watchdog.residentBytes() - baseline > limits.memoryBytes + limits.memoryBytes / 2 { hit = .memory(limits.memoryBytes) }
                lock.lock()
                if running, fired == nil, let hit {
                    // Once: the request is the interpreter's own until its run answers it
                    // or `stop` withdraws it, and no other interpreter can take it.
                    fired = hit
                    interpreter.requestStop(hit.message)
                }
                lock.unlock()
                usleep(fired == nil ? 2_000 : 5_000)
            }
            done.signal()
        }
        thread.start()
    }

    /// The limit that fired so far, if any (read while the run goes on).
    var hit: LimitHit? {
        lock.lock()
        defer { lock.unlock() }
        return fired
    }

    /// Stops watching and withdraws its stop request if the run ended before answering it
    /// (a pending Ctrl-C is left alone); returns the limit that fired, if any.
    func stop() -> LimitHit? {
        lock.lock()
        running = false
        lock.unlock()
        done.wait()
        interpreter.withdrawStopRequest()
        if interpreter.endMemoryBudget() { fired = fired ?? .memory(limits.memoryBytes) }
        return fired
    }

    /// The process's resident set size in bytes (0 when /proc is unavailable).
    static func residentBytes() -> Int {
        guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .ascii) else { return 0 }
        let fields = text.split(separator: " ")
        guard fields.count > 1, let pages = Int(fields[1]) else { return 0 }
        return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
    }
}
