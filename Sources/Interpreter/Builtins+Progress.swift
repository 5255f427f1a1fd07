// Builtins+Progress: the terminal side of a training loop — `progress` draws the one-line
// progress display on standard error (only when it is a terminal: never in print output, so
// recorded outputs and tests stay the same), and `live_display` runs a loop as one live
// display, ending its progress line and live figure however the loop ends (Ctrl-C included).
// `plot(..., live: true)` (Builtins+Plot.swift) draws the live frames. The state lives in the
// session's TerminalDisplay.

extension BuiltinTable {
    static let progress: [Builtin] = [
        Builtin("progress", [req("done"), req("total"), opt("label"), opt("text")], category: "plots",
                doc: "Draws the progress line `label ━━━━╸━━━ text · 4s left` for done of total steps on the terminal (standard error; nothing when it is not a terminal), redrawn in place at most 10 times a second and ended with a newline when done == total.",
                example: "for i in 1...3 { progress(i, 3, label: \"step {i}/3\", text: \"loss {1 / i:.3f}\") }\nprint(\"trained\")\n# expect: trained") { c in
            let total = try c.int(1), done = try c.int(0)
            guard total >= 1 else { throw c.bad(1, "total of at least 1 step expected, got \(total)") }
            guard done >= 0, done <= total else { throw c.bad(0, "step between 0 and total (\(total)) expected, got \(done)") }
            c.vm.figures.terminal.progress(done: done, total: total, label: try c.text(2), text: try c.text(3))
            return .nil_
        }.inert(),
        Builtin("live_display", [req("f")], category: "plots",
                doc: "Calls f() as one live display and returns its result: when f ends (also on an error or Ctrl-C) the progress line is ended and the last `plot(..., live: true)` frame stays on the terminal — or, when output is not a terminal, that last live figure is shown once.",
                example: "let r = live_display(fn() {\n  for i in 1...3 { plot([3, 2, 3 - i], size: [20, 6], live: true) }\n  return \"done\"\n})\nprint(r)\n# expect:   ┌────────────────┐\n# expect: 3 │⠉⠒⠒⠤⠤⣀⣀⠀⠀⠀⠀⠀⠀⠀⠀⠀│\n# expect:   │⠀⠀⠀⠀⠀⠀⠀⠉⠉⠒⠤⣀⠀⠀⠀⠀│\n# expect: 0 │⠀⠀⠀⠀⠀⠀⠀⠀⠀⠀⠀⠀⠉⠒⠤⣀│\n# expect:   └────────────────┘\n# expect:    0              2\n# expect: done") { c in
            defer {
                c.vm.figures.terminal.finishStatus()
                c.vm.figures.endLive(output: c.vm.output)
            }
            return try c.vm.callFunction(c[0], [])
        }.inert(),
    ]
}
