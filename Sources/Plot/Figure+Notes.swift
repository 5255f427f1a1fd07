// Figure notes: the lines written under a plot about values it could not show (NaN and ±inf,
// values ≤ 0 on a log axis, histogram values outside the bins, images cut for space).
// Terminal, SVG and PNG show the same notes.

extension Figure {
    /// The notes for this figure, in a fixed order; empty when everything was drawn.
    var notes: [String] {
        var notes: [String] = []
        /// "note: N what", with the first word of `what` made singular when N is 1
        /// ("points" → "point", "values" → "value", "cells" → "cell", "pixels" → "pixel").
        func add(_ n: Int, _ what: String) {
            guard n > 0 else { return }
            var text = what
            if n == 1 {
                for plural in ["points", "values", "cells", "pixels"] {
                    if let r = text.range(of: plural) {
                        text.replaceSubrange(r, with: plural.dropLast())
                        break
                    }
                }
            }
            notes.append("note: \(n) \(text)")
        }
        switch content {
        case .lines(let series):
            let xs = series.flatMap(\.x), ys = series.flatMap(\.y)
            add(Self.countPairs(xs, ys) { !$0.isFinite || !$1.isFinite }, "non-finite points skipped")
            if logY { add(Self.countPairs(xs, ys) { $0.isFinite && $1.isFinite && $1 <= 0 }, "points with y ≤ 0 (log axis) skipped") }
        case .scatter(let s):
            add(Self.countPairs(s.x, s.y) { !$0.isFinite || !$1.isFinite }, "non-finite points skipped")
            if logY { add(Self.countPairs(s.x, s.y) { $0.isFinite && $1.isFinite && $1 <= 0 }, "points with y ≤ 0 (log axis) skipped") }
        case .regions(let r):
            if case .probabilities(let p) = r.values { add(p.filter(\.isNaN).count, "NaN grid cells skipped") }
            if let s = r.points { add(Self.countPairs(s.x, s.y) { !$0.isFinite || !$1.isFinite }, "non-finite points skipped") }
        case .heatmap(let h):
            add(h.values.filter { !$0.isFinite }.count, "non-finite cells skipped")
        case .images(let g):
            add(g.pixels.filter { !$0.isFinite }.count, "non-finite pixels skipped")
        case .histogram(let h):
            add(h.skipped, "values not binned (outside the range or non-finite)")
        }
        return notes
    }

    static func countPairs(_ a: [Double], _ b: [Double], _ test: (Double, Double) -> Bool) -> Int {
        var n = 0
        for i in 0..<min(a.count, b.count) where test(a[i], b[i]) { n += 1 }
        return n
    }

    /// Legend entries: (name, palette index). Lines: one per named series; scatter and
    /// regions: one per class when there are two or more classes or any class names.
    var legendEntries: [(name: String, index: Int)] {
        guard showLegend else { return [] }
        switch content {
        case .lines(let series):
            return series.enumerated().compactMap { $1.name.isEmpty ? nil : ($1.name, $0) }
        case .scatter(let s):
            return Self.classEntries(s.classCount, s.classNames)
        case .regions(let r):
            return Self.classEntries(r.classCount, r.points?.classNames ?? [])
        case .heatmap, .images, .histogram:
            return []
        }
    }

    static func classEntries(_ count: Int, _ names: [String]) -> [(name: String, index: Int)] {
        guard count >= 2 || !names.isEmpty else { return [] }
        return (0..<count).map { ($0 < names.count ? names[$0] : "class \($0)", $0) }
    }
}
