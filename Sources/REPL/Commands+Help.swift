// Commands+Help: the commands that show text rather than run code — `:help`, `:vars`,
// `:source` — and the welcome banner. Help comes from the engine's builtins table.

extension REPLLoop {
    /// The banner a terminal session starts with: how to get help, how to start lesson 1.
    func banner() -> String {
        let c = console.outColor
        return [
            c.paint("Cajal", Palette.heading) + " — learn deep learning by running it.",
            "Type an expression and press Enter (try " + c.paint("1 + 2", Palette.name) + " or "
                + c.paint("[[1, 2], [3, 4]] @ [[1], [1]]", Palette.name) + ").",
            c.paint(":help", Palette.name) + " lists commands and builtins, Tab completes, "
                + c.paint(":quit", Palette.name) + " or Ctrl-D leaves.",
            "New here? Lesson 1 starts from your shell with " + c.paint("cajal lesson 1", Palette.name) + ".",
        ].joined(separator: "\n")
    }

    func help(_ topic: String) -> Step {
        if topic.isEmpty {
            console.line(helpOverview())
            return .proceed
        }
        let entries = engine.helpEntries()
        if let entry = entries.first(where: { $0.name == topic }) {
            console.line(describe(entry))
        } else if case .found(let command) = Self.resolve(topic.hasPrefix(":") ? topic : ":" + topic),
                  topic.hasPrefix(":") || !entries.contains(where: { $0.name == topic }) {
            console.line(console.outColor.paint(command.usage, Palette.name) + "\n  " + command.summary)
        } else if cajalKeywords.contains(topic) {
            console.line("'\(topic)' is a keyword of the language, not a function or a command")
        } else {
            let guess = nearest(to: topic, in: entries.map(\.name) + Self.commandNames)
            usageError("no help for '\(topic)'", hint: guess.map { "did you mean '\($0)'?" } ?? ":help lists everything")
        }
        return .proceed
    }

    /// One builtin: signature, doc line, example.
    func describe(_ entry: HelpEntry) -> String {
        let c = console.outColor
        var lines = [c.paint(entry.signature, Palette.name), "  " + entry.doc]
        if !entry.example.isEmpty {
            lines.append(c.paint("  example:", Palette.heading))
            lines += entry.example.split(separator: "\n", omittingEmptySubsequences: false).map { "    " + $0 }
        }
        if entry.isPrelude { lines.append(c.paint("  written in Cajal: :source \(entry.name)", Palette.dim)) }
        return lines.joined(separator: "\n")
    }

    /// Every command, then builtin and prelude names in columns, then the keys.
    func helpOverview() -> String {
        let c = console.outColor
        let width = Self.commands.map(\.usage.count).max() ?? 0
        var lines = [c.paint("Commands", Palette.heading)]
        for command in Self.commands {
            let pad = String(repeating: " ", count: width - command.usage.count)
            lines.append("  " + c.paint(command.usage, Palette.name) + pad + "  " + command.summary)
        }
        let entries = engine.helpEntries()
        let builtins = entries.filter { !$0.isPrelude }.map(\.name).sorted()
        let prelude = entries.filter(\.isPrelude).map(\.name).sorted()
        if !builtins.isEmpty {
            lines.append(c.paint("Builtins", Palette.heading) + " (:help name for one)")
            lines += Self.columns(builtins)
        }
        if !prelude.isEmpty {
            lines.append(c.paint("Prelude", Palette.heading) + " (written in Cajal; :source name shows it)")
            lines += Self.columns(prelude)
        }
        lines.append(c.paint("Keys", Palette.heading))
        lines.append("  Tab completes names, fields and paths; Up/Down recall history; an open bracket or")
        lines.append("  block continues on the next line (two blank lines submit it anyway); Ctrl-C stops a")
        lines.append("  computation or clears the line; Ctrl-D on an empty line leaves.")
        return lines.joined(separator: "\n")
    }

    /// Names laid out in columns within 80 characters, indented by two.
    static func columns(_ names: [String], width: Int = 80) -> [String] {
        let cell = (names.map(\.count).max() ?? 0) + 2
        let perLine = max(1, (width - 2) / cell)
        return stride(from: 0, to: names.count, by: perLine).map { start in
            let row = names[start..<min(start + perLine, names.count)]
            let padded = row.map { $0 + String(repeating: " ", count: cell - $0.count) }.joined()
            return "  " + String(padded.reversed().drop(while: { $0 == " " }).reversed())
        }
    }

    func listVariables(_ argument: String) -> Step {
        let globals = engine.globals()
        guard !globals.isEmpty else {
            console.line(console.outColor.paint("no variables yet: try `let x = 2`", Palette.dim))
            return .proceed
        }
        let nameWidth = min(20, globals.map(\.name.count).max() ?? 0)
        let typeWidth = min(28, globals.map(\.typeName.count).max() ?? 0)
        for g in globals {
            let name = g.name.padding(toLength: max(nameWidth, g.name.count), withPad: " ", startingAt: 0)
            let type = g.typeName.padding(toLength: max(typeWidth, g.typeName.count), withPad: " ", startingAt: 0)
            let summary = g.summary.count > 40 ? String(g.summary.prefix(39)) + "…" : g.summary
            console.line(console.outColor.paint(name, Palette.name) + "  " + type + "  " + summary)
        }
        return .proceed
    }

    func showSource(_ name: String) -> Step {
        guard !name.isEmpty else {
            usageError(":source needs a name", hint: "for example `:source \(firstPreludeName ?? "Dense")`")
            return .proceed
        }
        if let source = engine.preludeSource(of: name) {
            console.line(source.hasSuffix("\n") ? String(source.dropLast()) : source)
            return .proceed
        }
        let entries = engine.helpEntries()
        if entries.contains(where: { $0.name == name && !$0.isPrelude }) {
            usageError("'\(name)' is a builtin written in Swift, so it has no Cajal source", hint: ":help \(name) describes it")
        } else {
            let guess = nearest(to: name, in: entries.filter(\.isPrelude).map(\.name))
            usageError("no prelude function named '\(name)'", hint: guess.map { "did you mean '\($0)'?" } ?? ":help lists the prelude")
        }
        return .proceed
    }

    private var firstPreludeName: String? { engine.helpEntries().first(where: \.isPrelude)?.name }
}
