// MutationFuzzTests: thousands of seeded mutants of every behaviour script (and a corpus of
// our own): tokens and bytes deleted, duplicated, swapped, random bytes inserted (invalid
// UTF-8 included). Lexing, parsing, resolving, printing and the completeness check must never
// crash, and every diagnostic must point at a place inside its file.
import Diagnostics
import Foundation
import Testing
import TestSupport

@testable import Language

/// Every .cajal file under Tests/ScriptTests/scripts, the examples of docs/language.md, and
/// the parser and resolver test cases.
func fuzzCorpus() -> [[UInt8]] {
    var corpus: [[UInt8]] = parserCases.map { Array($0.1.utf8) } + resolverCases.map { Array($0.1.utf8) }
    for doc in ["docs/language.md"] {
        let text = (try? String(contentsOf: repositoryRoot.appendingPathComponent(doc), encoding: .utf8)) ?? ""
        for block in text.components(separatedBy: "```cajal\n").dropFirst() {
            corpus.append(Array((block.components(separatedBy: "```").first ?? "").utf8))
        }
    }
    let root = repositoryRoot.appendingPathComponent("Tests/ScriptTests/scripts")
    if let walker = FileManager.default.enumerator(atPath: root.path) {
        for case let path as String in walker where path.hasSuffix(".cajal") {
            if let data = FileManager.default.contents(atPath: root.appendingPathComponent(path).path) {
                corpus.append(Array(data))
            }
        }
    }
    return corpus
}

struct Mutator {
    var random: SeededRandom
    static let inserts: [[UInt8]] = [
        [0xFF], [0xC3], [0xE2, 0x82], [0x00], Array("{".utf8), Array("}".utf8), Array("(".utf8), Array(")".utf8),
        Array("[".utf8), Array("]".utf8), Array("\"".utf8), Array("\"\"\"".utf8), Array("\n".utf8), Array("fn".utf8),
        Array(" let ".utf8), Array("..<".utf8), Array("=".utf8), Array(",".utf8), Array(":".utf8), Array("**".utf8),
        Array("\\".utf8), Array("{x".utf8), Array("else".utf8), Array("#".utf8), Array("1e".utf8), Array("é".utf8),
    ]

    mutating func int(_ n: Int) -> Int { n <= 0 ? 0 : Int.random(in: 0..<n, using: &random) }

    /// One to three random edits of `bytes`.
    mutating func mutate(_ bytes: [UInt8]) -> [UInt8] {
        var b = bytes
        for _ in 0...int(3) {
            let i = int(b.count + 1)
            let length = 1 + int(8)
            switch int(6) {
            case 0: b.removeSubrange(i..<min(b.count, i + length))
            case 1: b.insert(contentsOf: b[i..<min(b.count, i + length)], at: min(b.count, i + int(40)))
            case 2:
                let j = int(b.count + 1)
                let (lo, hi) = (min(i, j), max(i, j))
                if hi + length <= b.count, lo + length <= hi {
                    let first = Array(b[lo..<lo + length])
                    let second = Array(b[hi..<hi + length])
                    b.replaceSubrange(hi..<hi + length, with: first)
                    b.replaceSubrange(lo..<lo + length, with: second)
                }
            case 3: b.insert(contentsOf: Mutator.inserts[int(Mutator.inserts.count)], at: i)
            case 4: b.insert(UInt8(truncatingIfNeeded: int(256)), at: i)
            default: b = Array(b.prefix(i))
            }
        }
        return b
    }
}

@Test func mutantsNeverCrashAndEveryErrorIsLocated() {
    let corpus = fuzzCorpus()
    #expect(corpus.count >= 100, "corpus too small: \(corpus.count)")
    var mutator = Mutator(random: SeededRandom(seed: 2026))
    var mutants = 0
    var withErrors = 0
    for original in corpus {
        for _ in 0..<12 {
            let bytes = mutator.mutate(original)
            let file = SourceFile(name: "mutant.cajal", bytes: bytes)
            var globals = GlobalScope()
            for b in scriptBuiltins { globals.declare(b, kind: .builtin) }
            let (program, diagnostics) = FrontEnd.analyze(file, globals: &globals)
            _ = ASTPrinter.print(program, resolved: true)
            let syntaxClean = Parser.parse(SourceFile(name: "m", text: file.text)).1.isEmpty
            if (Completeness.check(file.text) == .complete) != syntaxClean {
                Issue.record("completeness disagrees with the parser on:\n\(file.text)")
            }
            mutants += 1
            if !diagnostics.isEmpty { withErrors += 1 }
            for d in diagnostics {
                let placed = d.file === file && d.span.map { $0.start >= 0 && $0.end <= file.bytes.count } == true
                if !placed { Issue.record("unlocated diagnostic \(d.id) '\(d.message)' in mutant:\n\(file.text)") }
                _ = DiagnosticRenderer(color: true).render(d)
            }
        }
    }
    #expect(mutants >= 1000)
    #expect(withErrors > mutants / 3, "mutations too gentle: \(withErrors) of \(mutants) had errors")
}

@Test func randomBytesNeverCrashTheFrontEnd() {
    var random = SeededRandom(seed: 7)
    for length in [0, 1, 2, 3, 17, 256, 4096, 65_536] {
        let bytes = (0..<length).map { _ in UInt8(truncatingIfNeeded: random.next()) }
        // Half of each sample is printable ASCII, which reaches deeper into the parser.
        let printable = bytes.map { 0x20 + $0 % 0x5F }
        for sample in [bytes, printable] {
            let file = SourceFile(name: "random.cajal", bytes: sample)
            var globals = GlobalScope()
            let (_, diagnostics) = FrontEnd.analyze(file, globals: &globals)
            #expect(diagnostics.allSatisfy { $0.file === file && $0.span != nil })
        }
    }
}
