// GrammarSyncTests: grammar/cajal.ebnf and the parser describe the same language: every rule
// has a parse function of the same name whose doc comment states the rule, the operator rows
// of the precedence table match, and random programs generated from the grammar parse.
import Diagnostics
import Foundation
import Testing
import TestSupport

@testable import Language

func grammarSource() throws -> String {
    try String(contentsOf: repositoryRoot.appendingPathComponent("grammar/cajal.ebnf"), encoding: .utf8)
}

/// Doc-comment rules of the parser: rule name → definition text, from `/// name = ... ;`
/// comments directly above `func name(`.
func parserDocRules() throws -> [String: String] {
    let dir = repositoryRoot.appendingPathComponent("Sources/Language")
    let files = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasPrefix("Parser") }
    var rules: [String: String] = [:]
    for f in files {
        let lines = try String(contentsOf: dir.appendingPathComponent(f), encoding: .utf8).components(separatedBy: "\n")
        var doc: [String] = []
        for line in lines {
            let t = line.trimmingCharacters(in: .whitespaces)
            if t.hasPrefix("///") {
                doc.append(String(t.dropFirst(3)))
                continue
            }
            if let name = functionName(t), let rule = ruleText(doc, name: name) {
                rules[name] = rule
            }
            doc = []
        }
    }
    return rules
}

func functionName(_ line: String) -> String? {
    guard let r = line.range(of: "func ") else { return nil }
    return String(line[r.upperBound...].prefix { $0.isLetter || $0.isNumber })
}

/// The text of `name = ... ;` in a doc comment (from the line starting `name =` to the line
/// ending in `;`), tokenized like the EBNF reader does.
func ruleText(_ doc: [String], name: String) -> String? {
    let lines = doc.map { $0.trimmingCharacters(in: .whitespaces) }
    guard let first = lines.firstIndex(where: { $0.hasPrefix(name + " =") }),
        let last = lines[first...].firstIndex(where: { $0.hasSuffix(";") }),
        let tokens = try? EBNFTokens(lines[first...last].joined(separator: " "))
    else { return nil }
    return tokens.items.dropFirst(2).dropLast().joined(separator: " ")
}

@Test func everyGrammarRuleHasAParseFunctionWithTheRuleInItsDocComment() throws {
    let grammar = try Grammar(source: try grammarSource())
    let docs = try parserDocRules()
    #expect(grammar.order.count >= 40)
    for name in grammar.order {
        #expect(docs[name] != nil, "no parse function `\(name)` with the rule in its doc comment")
        if let doc = docs[name] { #expect(doc == grammar.texts[name], "rule \(name) differs:\n  ebnf: \(grammar.texts[name]!)\n  code: \(doc)") }
    }
    for name in docs.keys { #expect(grammar.rules[name] != nil, "parse function \(name) has no rule in the grammar") }
}

@Test func precedenceTableMatchesTheGrammarComment() throws {
    let source = try grammarSource()
    for (n, level) in Parser.precedence.enumerated() {
        let row = source.components(separatedBy: "\n").first { $0.hasSuffix(" " + level.rule) && $0.contains("  \(n + 1)  ") }
        #expect(row != nil, "no row for \(level.rule) at level \(n + 1)")
        for op in level.operators.keys { #expect(row?.contains(op.rawValue) == true, "\(op.rawValue) missing in row \(level.rule)") }
    }
}

@Test func randomProgramsFromTheGrammarParse() throws {
    let grammar = try Grammar(source: try grammarSource())
    var failures: [String] = []
    var totalBytes = 0
    var generator = ProgramGenerator(grammar: grammar, seed: 1)
    for seed in 1...400 {
        generator.random = SeededRandom(seed: UInt64(seed))
        let text = generator.program()
        totalBytes += text.utf8.count
        let file = SourceFile(name: "gen\(seed).cajal", text: text)
        let (program, diagnostics) = Parser.parse(file)
        if let d = diagnostics.first, failures.count < 5 { failures.append("seed \(seed):\n\(text)\n\(d)") }
        // The resolver must cope with whatever parses (it reports undeclared names, no crash).
        var globals = GlobalScope()
        let (_, resolveDiagnostics) = Resolver.resolve(program, globals: &globals)
        #expect(resolveDiagnostics.allSatisfy { $0.file === file && $0.span != nil })
    }
    #expect(failures.isEmpty, "\(failures.joined(separator: "\n\n"))")
    let unused = Set(grammar.order).subtracting(generator.used).subtracting(["stringLiteral"])
    #expect(unused.isEmpty, "rules the generator never reached: \(unused.sorted())")
    print("generated \(totalBytes) bytes")
    #expect(totalBytes > 20_000, "generated programs are too small to mean much: \(totalBytes) bytes")
}
