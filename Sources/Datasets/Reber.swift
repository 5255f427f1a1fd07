// Reber: the Reber grammar and the embedded Reber grammar (Reber 1967; Cleeremans, Servan-
// Schreiber & McClelland 1989; the LSTM benchmark of Hochreiter & Schmidhuber 1997 §5.1):
// random strings, the legal next symbols at
// every step, and an acceptance check.
//
// The grammar as a finite automaton (each state with two exits takes either with
// probability ½ when generating):
//
//   0 ─B→ 1    1 ─T→ 2    2 ─S→ 2    3 ─T→ 3    4 ─X→ 3    5 ─P→ 4    6 ─E→ end
//              1 ─P→ 3    2 ─X→ 4    3 ─V→ 5    4 ─S→ 6    5 ─V→ 6
//
// The embedded grammar wraps a Reber string as B T <reber> T E or B P <reber> P E: to predict
// the second-to-last symbol a network must remember the second one across the whole string.
import TensorCore

public enum Reber {
    /// The seven symbols in one-hot order: index 0 is B, 6 is E.
    public static let symbols: [Character] = ["B", "T", "P", "S", "X", "V", "E"]

    /// The one-hot index of `c`, or nil if `c` is not a grammar symbol.
    public static func index(of c: Character) -> Int? { symbols.firstIndex(of: c) }

    /// From each state, the symbols it may emit and the state each leads to (nil: the end).
    static let transitions: [[(symbol: Character, next: Int?)]] = [
        [("B", 1)],
        [("T", 2), ("P", 3)],
        [("S", 2), ("X", 4)],
        [("T", 3), ("V", 5)],
        [("X", 3), ("S", 6)],
        [("P", 4), ("V", 6)],
        [("E", nil)],
    ]

    /// One random Reber string: from state 0, each state picks one of its (one or two)
    /// transitions with equal probability, until E. Example: "BTSSXXTVVE".
    public static func string(rng: inout RandomGenerator) -> String {
        var out = ""
        var state: Int? = 0
        while let s = state {
            let options = transitions[s]
            let pick = options[rng.int(below: options.count)]
            out.append(pick.symbol)
            state = pick.next
        }
        return out
    }

    /// One random embedded Reber string: B, then T or P (probability ½ each, one uniform
    /// draw), then a Reber string, then the same T or P again, then E.
    /// Example: "BTBPVVETE".
    public static func embeddedString(rng: inout RandomGenerator) -> String {
        let outer: Character = rng.uniform() < 0.5 ? "T" : "P"
        return "B" + String(outer) + string(rng: &rng) + String(outer) + "E"
    }

    /// The set of legal next symbols after each symbol of `s` but the last (so `s.count − 1`
    /// sets), or nil when `s` is not a complete string of the grammar. Sets are written as
    /// strings in one-hot order ("TP", "B", ...).
    ///
    /// `legalNext("BTSXSE", embedded: false)` → ["TP", "SX", "SX", "SX", "E"]
    public static func legalNext(_ s: String, embedded: Bool) -> [String]? {
        let chars = Array(s)
        if !embedded {
            guard let (sets, used) = walk(chars[...]), used == chars.count else { return nil }
            return sets
        }
        guard chars.count >= 5, chars[0] == "B", chars[1] == "T" || chars[1] == "P" else { return nil }
        let outer = chars[1]
        guard let (inner, used) = walk(chars[2...]), used == chars.count - 4,
              chars[chars.count - 2] == outer, chars[chars.count - 1] == "E" else { return nil }
        // after B: T or P; after the outer symbol: the inner B; then the inner string's sets;
        // after the inner E: the outer symbol again; after that: E.
        return ["TP", "B"] + inner + [String(outer), "E"]
    }

    /// True when `s` is a complete string of the (embedded) Reber grammar.
    public static func accepts(_ s: String, embedded: Bool) -> Bool {
        legalNext(s, embedded: embedded) != nil
    }

    /// Walks one Reber string from the start of `chars`: the legal sets after each of its
    /// symbols but the last, and how many symbols it used; nil if `chars` leaves the grammar.
    static func walk(_ chars: ArraySlice<Character>) -> ([String], Int)? {
        var state: Int? = 0
        var sets: [String] = []
        var used = 0
        for c in chars {
            guard let s = state, let t = transitions[s].first(where: { $0.symbol == c }) else { return nil }
            used += 1
            state = t.next
            guard let n = t.next else { return (sets, used) }
            sets.append(setString(transitions[n].map(\.symbol)))
        }
        return nil  // ran out before E
    }

    /// A set of symbols written in one-hot order.
    static func setString(_ cs: [Character]) -> String {
        String(symbols.filter { cs.contains($0) })
    }
}
