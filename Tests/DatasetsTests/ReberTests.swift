// Reber strings: every generated string is accepted by an independent checker (a regular
// expression derived by hand from the grammar's diagram), the legal-next sets agree with the
// strings, and the "every prediction right" criterion accepts exactly the right outputs.
import Foundation
import Testing
import TensorCore
@testable import Datasets

/// The Reber grammar as a regular expression. Paths through state 4 enter it by TS*X or
/// PT*VP, loop by XT*VP, and leave by S or XT*VV; the only path avoiding 4 is PT*VV.
let reberPattern = "B(((TS*X|PT*VP)(XT*VP)*(S|XT*VV))|PT*VV)E"
let reberRegex = try! NSRegularExpression(pattern: "^" + reberPattern + "$")
let embeddedRegex = try! NSRegularExpression(pattern: "^B(T\(reberPattern)T|P\(reberPattern)P)E$")

func matches(_ re: NSRegularExpression, _ s: String) -> Bool {
    re.firstMatch(in: s, range: NSRange(s.startIndex..., in: s)) != nil
}

@Suite struct ReberTests {
    @Test func firstStringsAreFrozen() {
        var r = RandomGenerator(seed: 42)
        #expect((0..<4).map { _ in Reber.string(rng: &r) } == ["BTSXSE", "BPVVE", "BPVVE", "BPTVPSE"])
        r = RandomGenerator(seed: 42)
        #expect((0..<4).map { _ in Reber.embeddedString(rng: &r) }
            == ["BTBTXSETE", "BPBPVVEPE", "BPBPVPSEPE", "BTBPVVETE"])
    }

    @Test func everyGeneratedStringIsAcceptedByTheIndependentChecker() {
        var r = RandomGenerator(seed: 11)
        var lengths = Set<Int>()
        for _ in 0..<2000 {
            let s = Reber.string(rng: &r), e = Reber.embeddedString(rng: &r)
            #expect(matches(reberRegex, s), "\(s)")
            #expect(matches(embeddedRegex, e), "\(e)")
            #expect(!matches(reberRegex, e))
            lengths.insert(s.count)
        }
        #expect(lengths.min() == 5 && lengths.max()! >= 15)  // BPVVE / BTXSE are the shortest
    }

    /// With probability ½ at every fork, the expected length solves L0 = 1 + L1,
    /// L1 = 1 + (L2 + L3)/2, L2 = 1 + (L2 + L4)/2, L3 = 1 + (L3 + L5)/2, L4 = 1 + (L3 + L6)/2,
    /// L5 = 1 + (L4 + L6)/2, L6 = 1: L0 = 8 (embedded: 12). 20,000 strings put the sample mean
    /// within 0.1 of it by more than 4 standard errors.
    @Test func meanStringLengthMatchesTheFairForkGrammar() {
        var r = RandomGenerator(seed: 21)
        let plain = (0..<20_000).map { _ in Double(Reber.string(rng: &r).count) }.reduce(0, +) / 20_000
        let embedded = (0..<20_000).map { _ in Double(Reber.embeddedString(rng: &r).count) }.reduce(0, +) / 20_000
        #expect(Swift.abs(plain - 8) < 0.1, "\(plain)")
        #expect(Swift.abs(embedded - 12) < 0.1, "\(embedded)")
    }

    @Test func theGrammarCheckerAgreesWithTheRegexOnMutatedStrings() {
        var r = RandomGenerator(seed: 12)
        for _ in 0..<3000 {
            let embedded = r.int(below: 2) == 1
            var chars = Array(embedded ? Reber.embeddedString(rng: &r) : Reber.string(rng: &r))
            let i = r.int(below: chars.count)
            switch r.int(below: 3) {
            case 0: chars[i] = Reber.symbols[r.int(below: 7)]
            case 1: chars.remove(at: i)
            default: chars.insert(Reber.symbols[r.int(below: 7)], at: i)
            }
            let s = String(chars)
            #expect(Reber.accepts(s, embedded: embedded) == matches(embedded ? embeddedRegex : reberRegex, s), "\(s)")
        }
        #expect(!Reber.accepts("", embedded: false) && !Reber.accepts("BTXSEE", embedded: false))
        #expect(!Reber.accepts("BTBTXSEPE", embedded: true))  // outer T ... P: the long-lag rule
    }

    @Test func legalNextSetsFollowTheDiagram() {
        #expect(Reber.legalNext("BTSXSE", embedded: false) == ["TP", "SX", "SX", "SX", "E"])
        #expect(Reber.legalNext("BPVVE", embedded: false) == ["TP", "TV", "PV", "E"])
        #expect(Reber.legalNext("BTBPVVETE", embedded: true) == ["TP", "B", "TP", "TV", "PV", "E", "T", "E"])
        #expect(Reber.legalNext("BTBPVVEPE", embedded: true) == nil)
    }

    @Test func encodedStringsHaveOneHotInputsTargetsAndLegalMasks() throws {
        let set = try Reber.encode(["BTBPVVETE", "BPBTXSEPE"], embedded: true)
        #expect(set.x.shape == [2, 8, 7] && set.y.shape == [2, 8] && set.legalMask.shape == [2, 8, 7])
        #expect(set.steps == [8, 8])
        let x = set.x.toArray(), y = set.y.toArray(), legal = set.legalMask.toArray()
        for (i, s) in set.strings.enumerated() {
            let idx = s.map { Reber.index(of: $0)! }
            for t in 0..<8 {
                let row = Array(x[(i * 56 + t * 7)..<(i * 56 + t * 7 + 7)])
                #expect(row.reduce(0, +) == 1 && row[idx[t]] == 1)
                #expect(y[i * 8 + t] == Float(idx[t + 1]))
                #expect(legal[i * 56 + t * 7 + idx[t + 1]] == 1)  // the actual next symbol is legal
            }
        }
        #expect(datasetError { _ = try Reber.encode(["BTBPVVEPE"], embedded: true) } != nil)
    }

    @Test func shorterStringsArePaddedAndMasked() throws {
        let set = try Reber.encode(["BPVVE", "BTSSXSE"], embedded: false)
        #expect(set.x.shape == [2, 6, 7] && set.steps == [4, 6])
        #expect(set.mask.toArray() == [1, 1, 1, 1, 0, 0, 1, 1, 1, 1, 1, 1])
        #expect(set.x.toArray()[(4 * 7)..<(6 * 7)].allSatisfy { $0 == 0 })
    }

    @Test func theCriterionAcceptsLegalMasksAndRejectsAnyWrongStep() throws {
        var r = RandomGenerator(seed: 3)
        let set = try Reber.strings(n: 20, embedded: true, rng: &r)
        #expect(try set.everyPredictionRight(set.legalMask))  // legal 1, illegal 0: right
        var wrong = set.legalMask
        let i = 5, t = 1  // after the outer symbol only B is legal; make T tie with it
        try wrong.setElement(1, at: [i, t, 1])
        #expect(try set.wrongPredictions(wrong) == 1)
        #expect(try !set.everyPredictionRight(wrong))
        let uniform = try Tensor.full(set.legalMask.shape, 0.5)  // ties everywhere: all wrong
        #expect(try set.wrongPredictions(uniform) == set.steps.reduce(0, +))
        #expect(datasetError { _ = try set.everyPredictionRight(try Tensor.zeros([20, 3, 7])) } != nil)
    }

    @Test func trainAndTestSetsAreDisjointAndTheRightSize() throws {
        var r = RandomGenerator(seed: 0)
        let (train, test) = try Reber.split(train: 256, test: 256, rng: &r)
        #expect(train.strings.count == 256 && test.strings.count == 256)
        #expect(Set(train.strings).isDisjoint(with: test.strings))
        #expect(train.strings.allSatisfy { matches(embeddedRegex, $0) })
        let outerT = train.strings.filter { Array($0)[1] == "T" }.count
        #expect((100...156).contains(outerT))
    }
}
