// Commands: the `:` commands as rows of one table (name, usage, summary, action), and how a
// typed command finds its row: exact name, then a unique prefix (`:q`), else a suggestion.
import CInterrupt
import Language
import Foundation

/// One `:command`.
struct Command {
    /// With its colon: `:help`.
    let name: String
    /// `:help [name]`.
    let usage: String
    let summary: String
    /// Runs with the text after the name, trimmed.
    let action: @MainActor (REPLLoop, String) -> REPLLoop.Step
}

extension REPLLoop {
    /// Every command, in the order `:help` lists them.
    static let commands: [Command] = [
        Command(name: ":help", usage: ":help [name]", summary: "this list, or help on one builtin or command") {
            $0.help($1)
        },
        Command(name: ":vars", usage: ":vars", summary: "your variables and functions, with their types") {
            $0.listVariables($1)
        },
        Command(name: ":type", usage: ":type expr", summary: "the type of an expression (with a tensor's shape)") {
            $0.inspect($1, .type, usage: ":type expr")
        },
        Command(name: ":shape", usage: ":shape expr", summary: "the shape of a tensor expression") {
            $0.inspect($1, .shape, usage: ":shape expr")
        },
        Command(name: ":time", usage: ":time expr", summary: "run an expression and say how long it took") {
            $0.time($1)
        },
        Command(name: ":source", usage: ":source name", summary: "the Cajal source of a prelude function") {
            $0.showSource($1)
        },
        Command(name: ":graph", usage: ":graph expr", summary: "the autograd graph that computed a tensor") {
            $0.inspect($1, .graph, usage: ":graph expr")
        },
        Command(name: ":gradcheck", usage: ":gradcheck f x", summary: "f's gradient at x against finite differences") {
            $0.gradcheck($1)
        },
        Command(name: ":load", usage: ":load file", summary: "run a .cajal file in this session") {
            $0.load($1)
        },
        Command(name: ":reset", usage: ":reset", summary: "forget every variable (the prelude stays)") {
            $0.reset($1)
        },
        Command(name: ":seed", usage: ":seed n", summary: "reseed the random generator (same seed, same numbers)") {
            $0.seed($1)
        },
        Command(name: ":quit", usage: ":quit", summary: "leave (Ctrl-D on an empty line does the same)") { _, _ in
            .quit
        },
    ]

    static var commandNames: [String] { commands.map(\.name) }

    /// Finds and runs the command in `line` (which starts with `:`).
    func runCommand(_ line: String) -> Step {
        let name = String(line.prefix(while: { !$0.isWhitespace }))
        let argument = line.dropFirst(name.count).trimmingCharacters(in: .whitespaces)
        switch Self.resolve(name) {
        case .found(let command):
            return command.action(self, argument)
        case .ambiguous(let options):
            usageError("'\(name)' could be \(options.joined(separator: ", "))", hint: "type more of the name")
        case .unknown(let suggestion):
            let hint = suggestion.map { "did you mean '\($0)'? (:help lists the commands)" }
                ?? ":help lists the commands"
            usageError("unknown command '\(name)'", hint: hint)
        }
        return .proceed
    }

    enum Resolution { case found(Command), ambiguous([String]), unknown(suggestion: String?) }

    /// Exact name, else the one command the name starts, else the nearest by edit distance.
    static func resolve(_ name: String) -> Resolution {
        if let exact = commands.first(where: { $0.name == name }) { return .found(exact) }
        let starting = name.count > 1 ? commands.filter { $0.name.hasPrefix(name) } : []
        if starting.count == 1 { return .found(starting[0]) }
        if starting.count > 1 { return .ambiguous(starting.map(\.name)) }
        return .unknown(suggestion: Suggest.closest(to: name, among: commandNames))
    }

    // MARK: - Commands that ask the engine

    func inspect(_ expression: String, _ what: Inspection, usage: String) -> Step {
        guard !expression.isEmpty else {
            usageError("\(usage.prefix(while: { $0 != " " })) needs an expression", hint: "for example `\(usage.replacingOccurrences(of: "expr", with: "x * 2"))`")
            return .proceed
        }
        _ = cajal_take_interrupt()
        show(engine.inspect(expression, what))
        return .proceed
    }

    func time(_ expression: String) -> Step {
        guard !expression.isEmpty else {
            usageError(":time needs an expression", hint: "for example `:time randn([256, 256]) @ randn([256, 256])`")
            return .proceed
        }
        _ = cajal_take_interrupt()
        let clock = ContinuousClock()
        var reply = EngineReply.text(nil)
        let elapsed = clock.measure { reply = engine.run(expression, name: "<time>") }
        show(reply)
        console.line(console.outColor.paint("time: " + Self.format(elapsed), Palette.dim))
        return .proceed
    }

    /// `1.23 ms`, `45.6 µs`, `2.35 s`: three significant figures in a fitting unit.
    static func format(_ duration: Duration) -> String {
        let seconds = Double(duration.components.seconds) + Double(duration.components.attoseconds) * 1e-18
        let (value, unit): (Double, String) =
            seconds >= 1 ? (seconds, "s") : seconds >= 1e-3 ? (seconds * 1e3, "ms") : (seconds * 1e6, "µs")
        let digits = value >= 100 ? 0 : value >= 10 ? 1 : 2
        return String(format: "%.\(digits)f \(unit)", value)
    }

    func gradcheck(_ arguments: String) -> Step {
        let parts = Self.splitFirstArgument(arguments)
        guard let function = parts.first, let point = parts.rest, !point.isEmpty else {
            usageError(":gradcheck needs a function and a point", hint: "for example `:gradcheck fn(x) = sum(x * x) [1, 2, 3]`, or `:gradcheck f x`")
            return .proceed
        }
        _ = cajal_take_interrupt()
        show(engine.gradcheck(function: function, at: point))
        return .proceed
    }

    /// Splits `f x` or `fn(x) = sum(x * x) [1, 2]` into the first argument and the rest: the
    /// first argument ends at the first space outside brackets, except that an anonymous `fn`
    /// runs until its body's last bracket group.
    static func splitFirstArgument(_ text: String) -> (first: String?, rest: String?) {
        let chars = Array(text)
        guard !chars.isEmpty else { return (nil, nil) }
        var depth = 0
        var lastClose: Int?
        for (i, c) in chars.enumerated() {
            if "([{".contains(c) { depth += 1 }
            if ")]}".contains(c) { depth -= 1; if depth == 0 { lastClose = i } }
            if depth == 0, c == " ", !text.hasPrefix("fn") {
                return (String(chars[..<i]), String(chars[(i + 1)...]).trimmingCharacters(in: .whitespaces))
            }
        }
        // `fn(x) = body [point]`: the point is the last top-level bracket group.
        if text.hasPrefix("fn"), let close = lastClose, chars[close] == "]",
           let open = Self.matchingOpen(chars, close) {
            return (String(chars[..<open]).trimmingCharacters(in: .whitespaces), String(chars[open...]))
        }
        return (text, nil)
    }

    private static func matchingOpen(_ chars: [Character], _ close: Int) -> Int? {
        var depth = 0
        for i in stride(from: close, through: 0, by: -1) {
            if ")]}".contains(chars[i]) { depth += 1 }
            if "([{".contains(chars[i]) { depth -= 1; if depth == 0 { return i } }
        }
        return nil
    }

    func load(_ argument: String) -> Step {
        var path = argument
        if path.count >= 2, path.hasPrefix("\""), path.hasSuffix("\"") { path = String(path.dropFirst().dropLast()) }
        guard !path.isEmpty else {
            usageError(":load needs a file", hint: "for example `:load mynet.cajal`")
            return .proceed
        }
        _ = cajal_take_interrupt()
        show(engine.load(path: path))
        return .proceed
    }

    func reset(_ argument: String) -> Step {
        engine.reset()
        cellCount = 0
        console.line(console.outColor.paint("session reset: every variable is gone; builtins and the prelude remain", Palette.dim))
        return .proceed
    }

    func seed(_ argument: String) -> Step {
        guard let value = UInt64(argument) else {
            usageError(argument.isEmpty ? ":seed needs a number" : "':seed' takes a whole number ≥ 0, got '\(argument)'",
                       hint: "for example `:seed 42`")
            return .proceed
        }
        engine.seed(value)
        console.line(console.outColor.paint("seed set to \(value)", Palette.dim))
        return .proceed
    }
}
