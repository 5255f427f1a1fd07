// EditDistance: edit distance with transpositions and "did you mean?" for unknown commands
// and names.

/// The number of single-character insertions, deletions, substitutions and swaps of two
/// neighbours turning `a` into `b` (optimal string alignment distance: `:hepl` is 1 from
/// `:help`), computed over three rows of `b.count + 1` cells.
func editDistance(_ a: String, _ b: String) -> Int {
    let a = Array(a), b = Array(b)
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    var previous2 = [Int](repeating: 0, count: b.count + 1)
    var previous = Array(0...b.count)
    var current = previous
    for i in 1...a.count {
        current[0] = i
        for j in 1...b.count {
            let cost = a[i - 1] == b[j - 1] ? 0 : 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                current[j] = min(current[j], previous2[j - 2] + 1)
            }
        }
        (previous2, previous) = (previous, current)
    }
    return previous[b.count]
}

/// The candidate nearest to `word`, when it is close enough to be a likely typo: at most a
/// third of the word's length (at least 1, at most 3) edits away. Ties go to the first.
func nearest(to word: String, in candidates: [String]) -> String? {
    let limit = max(1, min(3, word.count / 3))
    var best: (String, Int)?
    for c in candidates {
        let d = editDistance(word, c)
        if d <= limit, d < (best?.1 ?? Int.max) { best = (c, d) }
    }
    return best?.0
}
