// EBNF: a small reader for grammar/cajal.ebnf and a seeded random program generator that
// walks it, for the grammar-sync tests.

/// One grammar expression.
indirect enum GrammarNode {
    case terminal(String)
    case ref(String)
    case sequence([GrammarNode])
    case choice([GrammarNode])
    case optional(GrammarNode)
    case repeated(GrammarNode)
}

struct Grammar {
    /// Rules in file order (syntax rules only: the lexical section is left out).
    var order: [String] = []
    var rules: [String: GrammarNode] = [:]
    /// Each rule's definition text with whitespace collapsed (for comparing with doc comments).
    var texts: [String: String] = [:]

    /// Reads the syntax rules: everything before the "(* Lexical rules" comment.
    init(source: String) throws {
        let syntax = source.components(separatedBy: "(* Lexical rules").first ?? source
        var tokens = try EBNFTokens(syntax)
        while !tokens.atEnd {
            let name = try tokens.name()
            try tokens.expect("=")
            let start = tokens.index
            let node = try tokens.choice()
            texts[name] = tokens.text(from: start)
            try tokens.expect(";")
            order.append(name)
            rules[name] = node
        }
    }
}

struct EBNFError: Error, CustomStringConvertible { let description: String }

/// Tokens of EBNF text: names, quoted terminals, and the symbols = ; | [ ] { } ( ).
struct EBNFTokens {
    var items: [String] = []
    var index = 0

    init(_ text: String) throws {
        let chars = Array(text)
        var i = 0
        while i < chars.count {
            let c = chars[i]
            if c.isWhitespace {
                i += 1
            } else if c == "(", i + 1 < chars.count, chars[i + 1] == "*" {
                i += 2
                while i + 1 < chars.count, !(chars[i] == "*" && chars[i + 1] == ")") { i += 1 }
                i += 2
            } else if c == "\"" || c == "'" {
                var j = i + 1
                while j < chars.count, chars[j] != c { j += 1 }
                guard j < chars.count else { throw EBNFError(description: "unterminated terminal") }
                items.append(String(chars[i...j]))
                i = j + 1
            } else if c.isLetter || c == "_" {
                var j = i
                while j < chars.count, chars[j].isLetter || chars[j].isNumber || chars[j] == "_" { j += 1 }
                items.append(String(chars[i..<j]))
                i = j
            } else if "=;|[]{}()".contains(c) {
                items.append(String(c))
                i += 1
            } else {
                throw EBNFError(description: "unexpected '\(c)' in the grammar")
            }
        }
    }

    var atEnd: Bool { index >= items.count }
    var peek: String { atEnd ? "" : items[index] }

    func text(from start: Int) -> String { items[start..<index].joined(separator: " ") }

    mutating func expect(_ s: String) throws {
        guard peek == s else { throw EBNFError(description: "expected \(s), found \(peek) at item \(index)") }
        index += 1
    }

    mutating func name() throws -> String {
        guard let first = peek.first, first.isLetter else { throw EBNFError(description: "expected a rule name, found \(peek)") }
        index += 1
        return items[index - 1]
    }

    mutating func choice() throws -> GrammarNode {
        var options = [try sequence()]
        while peek == "|" {
            index += 1
            options.append(try sequence())
        }
        return options.count == 1 ? options[0] : .choice(options)
    }

    mutating func sequence() throws -> GrammarNode {
        var items: [GrammarNode] = []
        while !atEnd, !["|", ";", "]", "}", ")"].contains(peek) { items.append(try item()) }
        return items.count == 1 ? items[0] : .sequence(items)
    }

    mutating func item() throws -> GrammarNode {
        let t = peek
        index += 1
        switch t {
        case "[": defer { index += 1 }; return .optional(try choice())
        case "{": defer { index += 1 }; return .repeated(try choice())
        case "(": defer { index += 1 }; return try choice()
        default:
            if t.hasPrefix("\"") || t.hasPrefix("'") { return .terminal(String(t.dropFirst().dropLast())) }
            return .ref(t)
        }
    }
}

/// SplitMix64: a small seeded generator, the same numbers on every machine.
struct SeededRandom: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Generates random programs by walking the grammar. Nesting (a statement, block or
/// expression inside another) is what grows a program, so past `maxNesting` levels the walk
/// takes the cheapest way out: no optional parts, no repetitions, the alternative with the
/// smallest expansion. A few rules are generated by hand to honour the grammar's stated
/// semantic rules (see the EBNF header).
struct ProgramGenerator {
    static let nesting: Set<String> = ["statement", "block", "expression"]

    let grammar: Grammar
    var random: SeededRandom
    let maxNesting: Int
    var nestingDepth = 0
    /// Cheapest expansion of each rule: 1000 per nesting rule, 1 per other rule.
    var minCost: [String: Int] = [:]
    var out: [String] = []
    /// Every rule expanded so far (to check the generator reaches the whole grammar).
    var used: Set<String> = []

    init(grammar: Grammar, seed: UInt64, maxNesting: Int = 3) {
        self.grammar = grammar
        self.random = SeededRandom(seed: seed)
        self.maxNesting = maxNesting
        for name in grammar.order { minCost[name] = 1_000_000 }
        for _ in 0..<40 {
            for name in grammar.order {
                minCost[name] = (ProgramGenerator.nesting.contains(name) ? 1000 : 1) + cost(of: grammar.rules[name]!)
            }
        }
    }

    func cost(of node: GrammarNode) -> Int {
        switch node {
        case .terminal: 0
        case .ref(let name): minCost[name] ?? 0
        case .sequence(let items): items.map(cost).reduce(0, +)
        case .choice(let options): options.map(cost).min() ?? 0
        case .optional, .repeated: 0
        }
    }

    mutating func program() -> String {
        out = []
        emit(.ref("program"))
        return out.joined(separator: " ")
    }

    mutating func chance(_ p: Double) -> Bool { Double.random(in: 0..<1, using: &random) < p }

    mutating func pick<T>(_ xs: [T]) -> T { xs[Int.random(in: 0..<xs.count, using: &random)] }

    mutating func emit(_ node: GrammarNode) {
        let deep = nestingDepth > maxNesting
        switch node {
        case .terminal(let t): out.append(t)
        case .ref(let name): emitRule(name)
        case .sequence(let items): for item in items { emit(item) }
        case .choice(let options):
            if deep {
                let best = options.map(cost).min()!
                emit(options.first { cost(of: $0) == best }!)
            } else {
                emit(pick(options))
            }
        case .optional(let inner): if !deep, chance(0.4) { emit(inner) }
        case .repeated(let inner):
            var count = 0
            while !deep, count < 3, chance(0.3) {
                emit(inner)
                count += 1
            }
        }
    }

    mutating func emitRule(_ name: String) {
        used.insert(name)
        let nests = ProgramGenerator.nesting.contains(name)
        if nests { nestingDepth += 1 }
        defer { if nests { nestingDepth -= 1 } }
        switch name {
        case "NAME": out.append(pick(["x", "y", "total", "A", "f", "lr", "xs", "i", "_tmp", "w2"]))
        case "NUMBER": out.append(pick(["0", "12", "1.5", "1e-3", "1_000", "0.5e2", "3"]))
        case "STRING": out.append(pick(["\"hi\"", "\"a {x} b\"", "\"loss {y:.4f}\"", "\"\"", "\"tab\\t\""]))
        case "NEWLINE": out.append("\n")
        case "EOF": break
        case "recordLiteral", "functionLiteral":  // `{` may start a block; `= body` extends right
            out.append("(")
            emit(grammar.rules[name]!)
            out.append(")")
        case "simpleStmt":  // an assignment's target is a name
            if chance(0.5) {
                emitRule("NAME")
                emitRule("assignOp")
            }
            emitRule("expression")
        case "arguments":  // positional arguments first
            out.append("(")
            used.insert("argument")
            let positional = nestingDepth > maxNesting ? 0 : Int.random(in: 0...2, using: &random)
            let named = nestingDepth > maxNesting ? 0 : Int.random(in: 0...1, using: &random)
            for k in 0..<(positional + named) {
                if k > 0 { out.append(",") }
                if k >= positional {
                    emitRule("NAME")
                    out.append(":")
                }
                emitRule("expression")
            }
            out.append(")")
        case "importStmt": out.append(contentsOf: ["import", "\"lib.cajal\""])
        default: emit(grammar.rules[name]!)
        }
    }
}
