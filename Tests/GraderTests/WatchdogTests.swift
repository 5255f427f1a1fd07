// WatchdogTests: a grading run's limits stop that run's interpreter and nothing else. Swift
// Testing runs suites in parallel in one process (and a host may run a grading session beside
// a REPL or another session), so a watchdog whose clock runs out, or a session that prints too
// much, must not stop another interpreter, and a watchdog must neither take nor clear a
// Ctrl-C meant for someone else. Each case is ordered (not timed) so that the old watchdog,
// which raised and cleared the process-wide Ctrl-C flag, fails it every time.
import CInterrupt
import Foundation
@testable import Grader
import Interpreter
import Testing

@Suite struct WatchdogTests {
    final class Box<T>: @unchecked Sendable {
        var value: T
        init(_ value: T) { self.value = value }
    }

    /// A's watchdog fires while A is held inside a `print` (between two of its ticks), so the
    /// limit is pending and A cannot take it; B then runs a million loop turns on this thread
    /// and must finish. A, let go, stops at its next loop edge with the time limit, located.
    @Test func aTimeLimitStopsOnlyTheInterpreterItWatches() throws {
        let entered = DispatchSemaphore(value: 0), go = DispatchSemaphore(value: 0), finished = DispatchSemaphore(value: 0)
        let a = Interpreter(output: { _ in entered.signal(); go.wait() })
        let dog = Watchdog(limits: Limits(seconds: 0.01, memoryBytes: 256 << 20), interpreter: a)
        let result = Box<CellResult?>(nil), held = Box(a)
        dog.start()
        Thread {
            result.value = held.value.evaluate("print(\"held\")\nwhile true {\n}\n", name: "a.cajal")
            finished.signal()
        }.start()
        entered.wait()
        // Waits for a state, not for a time: the watchdog's own record that it fired.
        while dog.hit == nil { usleep(1_000) }

        let b = Interpreter(output: { _ in })
        let r = b.evaluate("var s = 0\nfor k in 0..<1000000 { s += k }\ns == 499999500000")
        #expect(r.outcome == .success, "\(r.diagnostics.map(\.message))")
        #expect(r.display == "true")

        go.signal()
        // A guard against a hang if A were never stopped, not a wait for luck.
        #expect(finished.wait(timeout: .now() + 120) == .success)
        #expect(dog.stop() == .time(0.05))
        let stopped = try #require(result.value)
        #expect(stopped.outcome == .runtimeError)
        let error = try #require(stopped.diagnostics.first { $0.severity == .error })
        #expect(error.id == .interrupted)
        #expect(error.message.hasPrefix("time limit exceeded (0.05 s of wall-clock time)"), "\(error.message)")
        #expect(error.location?.line == 2, "\(String(describing: error.location))")
    }

    /// A session that printed past the output limit (its box counts what its `print` writes)
    /// stops at its own next loop edge; another interpreter's loop meanwhile runs to the end.
    @Test func theOutputLimitStopsOnlyTheSessionThatPrinted() throws {
        let session = Session(url: URL(fileURLWithPath: "/tmp/flood.cajal"), limits: Limits(seconds: 60, memoryBytes: 256 << 20))
        session.outputBox.append(String(repeating: "x", count: OutputBox.limit + 1))  // what its print(...) does
        #expect(session.outputBox.limitHit == .output(OutputBox.limit))

        let b = Interpreter(output: { _ in })
        let r = b.evaluate("var s = 0\nfor k in 0..<1000 { s += k }\ns")
        #expect(r.outcome == .success, "\(r.diagnostics.map(\.message))")
        #expect(r.display == "499500")

        let stopped = session.interpreter.evaluate("var n = 0\nfor k in 0..<1000 {\n  n += 1\n}\nn", name: "flood.cajal")
        #expect(stopped.outcome == .runtimeError)
        let error = try #require(stopped.diagnostics.first { $0.severity == .error })
        #expect(error.id == .interrupted)
        #expect(error.message.hasPrefix("output limit exceeded"), "\(error.message)")
    }

    /// Ctrl-C belongs to the REPL (or `cajal run`, a lesson, the kernel): a watchdog that
    /// starts or stops while one is pending leaves it pending, and the next run stops with
    /// "interrupted". In a child process, since the flag is the whole process's.
    @Test func aWatchdogLeavesAPendingCtrlCForItsOwner() async {
        let child = await #expect(processExitsWith: .success, observing: [\.standardErrorContent]) {
            func fail(_ why: String) -> Never {
                FileHandle.standardError.write(Data((why + "\n").utf8))
                exit(1)
            }
            let graded = Interpreter(output: { _ in })
            let dog = Watchdog(limits: Limits(seconds: 60, memoryBytes: 256 << 20), interpreter: graded)
            dog.start()
            let r = graded.evaluate("var s = 0\nfor k in 0..<100 { s += k }\ns")
            if r.display != "4950" { fail("the graded run: \(r.diagnostics.map(\.message))") }
            cajal_raise_interrupt()  // Ctrl-C, pressed as the graded run ends
            if let hit = dog.stop() { fail("the watchdog reported \(hit)") }
            if cajal_interrupt_pending() == 0 { fail("the watchdog's stop cleared the pending Ctrl-C") }
            let next = Watchdog(limits: Limits(seconds: 60, memoryBytes: 256 << 20), interpreter: Interpreter(output: { _ in }))
            next.start()
            if cajal_interrupt_pending() == 0 { fail("the next watchdog's start cleared the pending Ctrl-C") }
            _ = next.stop()
            if cajal_interrupt_pending() == 0 { fail("the next watchdog's stop cleared the pending Ctrl-C") }

            let repl = Interpreter(output: { _ in })
            let run = repl.evaluate("while true {\n}\n")
            let message = run.diagnostics.first { $0.severity == .error }?.message
            if !run.interrupted || message != "interrupted" { fail("the REPL's run: \(run.diagnostics.map(\.message))") }
            if cajal_interrupt_pending() != 0 { fail("the run that answered Ctrl-C left it pending") }
            exit(0)
        }
        if let child, child.exitStatus != .exitCode(EXIT_SUCCESS) {
            Issue.record("the child said: \(String(decoding: child.standardErrorContent, as: UTF8.self))")
        }
    }
}
