// Commands+Help: the commands that show text rather than run code — `:help`, `:vars`,
// `:source` — and the welcome banner. Help comes from the engine's builtins table. `:help`
// fits a 35-row screen: the commands, then one line per topic (`:help tensor` lists a topic,
// `:help softmax` one builtin); text is wrapped between words at the window's width.
import Language

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
        let group = topicEntries(topic, in: entries)
        if let entry = entries.first(where: { $0.name == topic }) {
            // A builtin named like its topic (`tensor`): the builtin, then the topic.
            console.line(describe(entry) + (group.map { "\n\n" + describeTopic(topic, $0) } ?? ""))
        } else if let group {
            console.line(describeTopic(topic, group))
        } else if let note = Self.keywordNotes[topic] {
            // Before the commands: `:help var` means the keyword, not a prefix of `:vars`.
            console.line(Self.wrap("'\(topic)' is a keyword of the language: " + note, width: console.columns(), indent: "").joined(separator: "\n"))
        } else if case .found(let command) = Self.resolve(topic.hasPrefix(":") ? topic : ":" + topic),
                  topic.hasPrefix(":") || !entries.contains(where: { $0.name == topic }) {
            console.line(console.outColor.paint(command.usage, Palette.name) + "\n  " + command.summary)
        } else if cajalKeywords.contains(topic) {
            console.line("'\(topic)' is a keyword of the language, not a function or a command")
        } else {
            let guess = Suggest.closest(to: topic, among: entries.map(\.name) + Self.commandNames)
            usageError("no help for '\(topic)'", hint: guess.map { "did you mean '\($0)'?" } ?? ":help lists everything")
        }
        return .proceed
    }

    /// What the two declaring keywords mean, as docs/language.md ("Variables") says it.
    static let keywordNotes = [
        "let": "`let x = ...` fixes what the name x refers to: assigning x again is an error. It fixes the name, not the contents: the elements of a tensor or list and the fields of a record named by `let` can still change (y[0] = 5); copy(x) keeps a version that stays as it was.",
        "var": "`var x = ...` declares a variable you can assign again (x = ..., x += ...). :vars lists your variables.",
    ]

    /// One builtin: signature, doc line, example.
    func describe(_ entry: HelpEntry) -> String {
        let c = console.outColor
        var lines = [c.paint(entry.signature, Palette.name)] + Self.wrap(entry.doc, width: console.columns(), indent: "  ")
        if !entry.example.isEmpty {
            lines.append(c.paint("  example:", Palette.heading))
            lines += entry.example.split(separator: "\n", omittingEmptySubsequences: false).map { "    " + $0 }
        }
        if entry.isPrelude { lines.append(c.paint("  written in Cajal: :source \(entry.name)", Palette.dim)) }
        return lines.joined(separator: "\n")
    }

    /// Every command, then one line per builtin topic and one for the prelude, then the keys:
    /// about 30 lines, so it fits a 35-row screen.
    func helpOverview() -> String {
        let c = console.outColor
        let columns = console.columns()
        let width = Self.commands.map(\.usage.count).max() ?? 0
        var lines = [c.paint("Commands", Palette.heading)]
        for command in Self.commands {
            let pad = String(repeating: " ", count: width - command.usage.count)
            lines.append("  " + c.paint(command.usage, Palette.name) + pad + "  " + command.summary)
        }
        let entries = engine.helpEntries()
        let topics = Self.topics(entries)
        let prelude = entries.filter(\.isPrelude).map(\.name).sorted()
        if !topics.isEmpty || !prelude.isEmpty {
            lines.append(c.paint("Builtins by topic", Palette.heading) + " (:help TOPIC lists one, :help NAME shows one)")
            let topicWidth = (topics.map(\.name.count) + [prelude.isEmpty ? 0 : 7]).max() ?? 0
            for (name, names) in topics {
                let pad = String(repeating: " ", count: topicWidth - name.count)
                lines.append("  " + c.paint(name, Palette.name) + pad + "  " + Self.fitted(names, width: columns - topicWidth - 4))
            }
            if !prelude.isEmpty {
                let pad = String(repeating: " ", count: topicWidth - 7)
                lines.append("  " + c.paint("prelude", Palette.name) + pad + "  " + Self.fitted(prelude, width: columns - topicWidth - 4))
            }
        }
        lines.append(c.paint("Keys", Palette.heading))
        lines += Self.wrap("Tab completes names, fields and paths; Up/Down recall history; an open bracket or "
                           + "block continues on the next line (two blank lines submit it anyway); Ctrl-C stops a "
                           + "computation or clears the line; Ctrl-D on an empty line leaves.", width: columns, indent: "  ")
        return lines.joined(separator: "\n")
    }

    /// The builtins by topic, topics in order of first appearance in the table, names sorted.
    static func topics(_ entries: [HelpEntry]) -> [(name: String, names: [String])] {
        var order: [String] = [], names: [String: [String]] = [:]
        for e in entries where !e.isPrelude {
            let topic = e.category.isEmpty ? "other" : e.category
            if names[topic] == nil { order.append(topic) }
            names[topic, default: []].append(e.name)
        }
        return order.map { ($0, names[$0]!.sorted()) }
    }

    /// The entries of a topic (`prelude` for the functions written in Cajal), or nil.
    func topicEntries(_ topic: String, in entries: [HelpEntry]) -> [HelpEntry]? {
        let group = topic == "prelude" ? entries.filter(\.isPrelude)
            : entries.filter { !$0.isPrelude && ($0.category.isEmpty ? "other" : $0.category) == topic }
        return group.isEmpty ? nil : group.sorted { $0.name < $1.name }
    }

    /// One topic: each name with the start of its doc line, one line each.
    func describeTopic(_ topic: String, _ group: [HelpEntry]) -> String {
        let c = console.outColor
        let columns = console.columns()
        let width = group.map(\.name.count).max() ?? 0
        var lines = [c.paint(topic, Palette.heading) + " (:help NAME for the signature and an example)"]
        for e in group {
            let pad = String(repeating: " ", count: width - e.name.count)
            let room = max(10, columns - width - 4)
            let doc = e.doc.count > room ? String(e.doc.prefix(room - 1)) + "…" : e.doc
            lines.append("  " + c.paint(e.name, Palette.name) + pad + "  " + doc)
        }
        return lines.joined(separator: "\n")
    }

    /// As many names as fit in `width` columns, separated by spaces, with `…` when some are left out.
    static func fitted(_ names: [String], width: Int) -> String {
        var line = ""
        for (i, name) in names.enumerated() {
            let next = line.isEmpty ? name : line + " " + name
            let room = i == names.count - 1 ? width : width - 2
            if next.count > room { return line + " …" }
            line = next
        }
        return line
    }

    /// `text` wrapped between words so no line passes `width` columns, each line indented.
    static func wrap(_ text: String, width: Int, indent: String) -> [String] {
        var lines: [String] = [], line = ""
        for word in text.split(separator: " ", omittingEmptySubsequences: false) {
            if !line.isEmpty && indent.count + line.count + 1 + word.count > width {
                lines.append(indent + line)
                line = String(word)
            } else {
                line = line.isEmpty ? String(word) : line + " " + word
            }
        }
        lines.append(indent + line)
        return lines
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
            // The preview takes what the window leaves (at least 20 columns).
            let room = max(20, console.columns() - name.count - type.count - 4)
            let summary = g.summary.count > room ? String(g.summary.prefix(room - 1)) + "…" : g.summary
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
            let guess = Suggest.closest(to: name, among: entries.filter(\.isPrelude).map(\.name))
            usageError("no prelude function named '\(name)'", hint: guess.map { "did you mean '\($0)'?" } ?? ":help lists the prelude")
        }
        return .proceed
    }

    private var firstPreludeName: String? { engine.helpEntries().first(where: \.isPrelude)?.name }
}
