// Suggest: "did you mean ...?" by edit distance — the one implementation, used for names in
// the resolver, fields and methods in the VM, and commands and topics in the REPL.

public enum Suggest {
    /// Names from other languages that mean a Cajal keyword.
    static let foreignWords: [String: String] = [
        "True": "Cajal writes `true`", "False": "Cajal writes `false`",
        "None": "Cajal writes `nil`", "null": "Cajal writes `nil`", "undefined": "Cajal writes `nil`",
        "lambda": "anonymous functions are written fn(x) = x * 2",
        "elif": "Cajal spells it `else if`",
    ]

    /// The closest name within a small edit distance (at most 1 for short names, a third of
    /// the length for longer ones). Ties go first to a name the typed one is a shortening of
    /// (a letter left out: `totl` → `total`), then alphabetically.
    public static func closest(to name: String, among candidates: [String]) -> String? {
        let limit = max(1, name.count / 3)
        var best: (name: String, rank: (Int, Int, String))? = nil
        for c in Set(candidates) where c != name && abs(c.count - name.count) <= limit {
            let d = c.lowercased() == name.lowercased() ? 0 : distance(Array(name), Array(c))
            guard d <= limit else { continue }
            let rank = (d, isSubsequence(name, of: c) ? 0 : 1, c)
            if best == nil || rank < best!.rank { best = (c, rank) }
        }
        return best?.name
    }

    static func isSubsequence(_ short: String, of long: String) -> Bool {
        var it = long.makeIterator()
        return short.allSatisfy { ch in
            while let next = it.next() { if next == ch { return true } }
            return false
        }
    }

    /// Levenshtein distance with adjacent transpositions counting as one edit.
    public static func distance(_ a: [Character], _ b: [Character]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var prev2 = [Int](repeating: 0, count: b.count + 1)
        var prev = Array(0...b.count)
        for i in 1...a.count {
            var row = [i] + [Int](repeating: 0, count: b.count)
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                row[j] = min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] { row[j] = min(row[j], prev2[j - 2] + 1) }
            }
            prev2 = prev
            prev = row
        }
        return prev[b.count]
    }
}
