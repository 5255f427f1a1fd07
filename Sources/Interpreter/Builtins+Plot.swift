// Builtins+Plot: the plotting builtins (plot, scatter, regions, heatmap, images, hist,
// savefig). Each builds a Plot.Figure from tensors and lists and displays it through the
// session's figure display (Interpreter+Display.swift): drawn in the terminal by default, or
// handed to whoever listens (the notebook exporter keeps it as SVG). savefig writes the last
// figure shown as .svg or .png.
import Foundation
import Plot
import TensorCore

extension BuiltinCall {
    /// A string argument, "" when nil.
    func text(_ i: Int) throws -> String { isNil(i) ? "" : try string(i) }

    /// The elements of a tensor argument (or list of numbers) as Doubles, with its shape.
    func values(_ i: Int) throws -> (values: [Double], shape: [Int]) {
        let t = try tensor(i)
        return (t.toArray().map(Double.init), t.shape.array)
    }

    /// A list of strings, or nil.
    func strings(_ i: Int) throws -> [String]? {
        if isNil(i) { return nil }
        return try vm.sequenceItems(args[i], what: name).map { v in
            guard let s = vm.stringValue(v) else { throw expected(i, "list of strings") }
            return s
        }
    }

    /// Whole-number class labels from a tensor or list, or nil.
    func labels(_ i: Int) throws -> [Int]? {
        if isNil(i) { return nil }
        return try values(i).values.map { v in
            guard v == v.rounded(), v >= 0, v < 1e9 else { throw bad(i, "class labels must be whole numbers ≥ 0, got \(formatNumber(v))") }
            return Int(v)
        }
    }

    /// A `[lo, hi]` range argument.
    func range(_ i: Int) throws -> PlotRange {
        let v = try values(i).values
        guard v.count == 2 else { throw bad(i, "range [lo, hi] expected, got \(v.count) numbers") }
        do { return try PlotRange(v[0], v[1]) } catch { throw bad(i, "\(error)") }
    }

    /// Runs a Plot constructor, turning its PlotError into a bad-argument error on `i`.
    func plotting<T>(_ i: Int, _ body: () throws -> T) throws -> T {
        do { return try body() } catch let e as PlotError { throw bad(i, e.description) }
    }

    /// Applies the common options (title at `t`, labels at t+1, t+2, size at `s`) and displays.
    /// `live`: one frame of a live figure (FigureDisplay.showLive).
    func show(_ content: PlotContent, title t: Int, size s: Int?, logY: Bool = false, legend: Bool = true,
              live: Bool = false) throws -> Value {
        var f = Figure(content, title: try text(t), xLabel: try text(t + 1), yLabel: try text(t + 2))
        f.logY = logY
        f.showLegend = legend
        if let s, !isNil(s) {
            let wh = try shape(s)
            guard wh.count == 2 else { throw bad(s, "size [columns, rows] expected") }
            f.terminalSize = TerminalSize(columns: wh[0], rows: wh[1])
        }
        if live { vm.figures.showLive(f, output: vm.output) } else { vm.figures.show(f, output: vm.output) }
        return .nil_
    }
}

extension BuiltinTable {
    static let plots: [Builtin] = [
        Builtin("plot", [req("ys"), opt("x"), opt("title"), opt("xlabel"), opt("ylabel"), opt("logy", .bool(false)),
                         opt("legend"), opt("size"), opt("live", .bool(false))], category: "plots",
                doc: "Line plot of ys (a list of numbers or a 1-D tensor), or of several series (a list of them; legend: their names). logy: log-10 y axis (losses); size: [columns, rows] in the terminal; live: redraw over the previous live plot on a terminal (training curves; see live_display).",
                example: "plot([3, 1, 0.5, 0.2], title: \"loss\", size: [20, 6])\n# expect:           loss\n# expect:     ┌──────────────┐\n# expect:   3 │⠑⠢⢄⡀⠀⠀⠀⠀⠀⠀⠀⠀⠀⠀│\n# expect: 0.2 │⠀⠀⠀⠈⠑⠒⠒⠤⠤⠤⠤⢄⣀⣀│\n# expect:     └──────────────┘\n# expect:      0            3") { c in
            let first = try c.vm.sequenceItems(c[0], what: "plot")
            let multi = first.first.map { c.vm.listObject($0) != nil || (c.vm.tensorValue($0)?.shape.count ?? 0) >= 1 } ?? false
            let seriesValues: [Value] = multi ? first : [c[0]]
            let names = try c.strings(6) ?? []
            let x = c.isNil(1) ? nil : try c.values(1).values
            let series = try seriesValues.enumerated().map { k, v -> Series in
                guard let t = try c.vm.asTensor(v) else { throw c.expected(0, "list of numbers or tensor") }
                let ys = t.toArray().map(Double.init)
                return try c.plotting(0) { try Series(k < names.count ? names[k] : "", y: ys, x: x) }
            }
            return try c.show(.lines(series), title: 2, size: 7, logY: try c.bool(5), legend: !names.isEmpty, live: try c.bool(8))
        }.inert(),
        Builtin("scatter", [req("x"), req("y"), opt("labels"), opt("title"), opt("xlabel"), opt("ylabel"), opt("classes"), opt("size"),
                            opt("live", .bool(false))],
                category: "plots",
                doc: "Scatter plot of points (x[i], y[i]); labels: whole-number classes (colours), classes: their names; live: redraw over the previous live plot, as plot's live (points moving while a model trains).",
                example: "scatter([0, 1, 2], [0, 1, 0], labels: [0, 1, 0], size: [20, 6])\nprint(\"shown\")\n# expect:   ┌────────────────┐\n# expect: 1 │        1       │\n# expect:   │                │\n# expect: 0 │0              0│\n# expect:   └────────────────┘\n# expect:    0              2\n# expect: shown") { c in
            let x = try c.values(0).values, y = try c.values(1).values
            let labels = try c.labels(2), names = try c.strings(6) ?? []
            let s = try c.plotting(1) { try Scatter(x: x, y: y, labels: labels, classNames: names) }
            return try c.show(.scatter(s), title: 3, size: 7, live: try c.bool(8))
        }.inert(),
        Builtin("regions", [req("grid"), req("x"), req("y"), opt("points"), opt("labels"), opt("title"), opt("xlabel"), opt("ylabel"), opt("size"),
                            opt("live", .bool(false))],
                category: "plots",
                doc: "Decision regions: grid is [rows, cols] over x = [lo, hi] × y = [lo, hi] (row 0 at y = lo) of class ids (whole numbers) or probabilities of class 1; points [n, 2] with labels drawn over it; live: redraw over the previous live plot, as plot's live (fixed axes: a classifier or a GAN while it trains).",
                example: "let g = [[0, 0, 1], [0, 1, 1]]\nregions(g, [-1, 1], [-1, 1], points: [[-0.5, -0.5], [0.5, 0.5]], labels: [0, 1], size: [20, 6])\nprint(\"shown\")\n# expect:    ┌───────────────┐\n# expect:  1 │.....          │\n# expect:    │.....      1   │\n# expect: -1 │....0.....     │\n# expect:    └───────────────┘\n# expect:     -1            1\n# expect: shown") { c in
            let (v, shape) = try c.values(0)
            guard shape.count == 2 else { throw c.bad(0, "grid of shape [rows, cols] expected, got shape \(shapeString(shape))") }
            let whole = v.allSatisfy { $0 == $0.rounded() && $0 >= 0 }
            let values: RegionValues = whole ? .classes(v.map { Int($0) }) : .probabilities(v)
            var points: Scatter? = nil
            if !c.isNil(3) {
                let (p, ps) = try c.values(3)
                guard ps.count == 2, ps[1] == 2 else { throw c.bad(3, "points of shape [n, 2] expected, got shape \(shapeString(ps))") }
                let labels = try c.labels(4)
                points = try c.plotting(3) {
                    try Scatter(x: stride(from: 0, to: p.count, by: 2).map { p[$0] }, y: stride(from: 1, to: p.count, by: 2).map { p[$0] }, labels: labels)
                }
            }
            let xr = try c.range(1), yr = try c.range(2)
            let r = try c.plotting(0) { try DecisionRegions(x: xr, y: yr, rows: shape[0], cols: shape[1], values: values, points: points) }
            return try c.show(.regions(r), title: 5, size: 8, live: try c.bool(9))
        }.inert(),
        Builtin("heatmap", [req("m"), opt("title"), opt("xlabel"), opt("ylabel"), opt("scale"), opt("annotate", .bool(false)), opt("size")],
                category: "plots",
                doc: "Heatmap of a 2-D tensor (row 0 at the top); scale: \"sequential\" (default), \"diverging\" (weights, gradients: white at 0) or \"grays\"; annotate writes the values.",
                example: "heatmap([[1, 2], [3, 4]], annotate: true, size: [20, 6])\nprint(\"shown\")\n# expect:     ----\n# expect:  1  -2--\n# expect: ****@@@@\n# expect: *3**@4@@\n# expect: 1   .::-==+**#%%@@ 4\n# expect: shown") { c in
            let (v, shape) = try c.values(0)
            guard shape.count == 2 else { throw c.bad(0, "2-D tensor expected, got shape \(shapeString(shape))") }
            let scale: ColorScale
            switch try c.text(4) {
            case "", "sequential": scale = .sequential
            case "diverging": scale = .diverging
            case "grays", "grey", "gray": scale = .grays
            case let s: throw c.bad(4, "scale \"sequential\", \"diverging\" or \"grays\" expected, got \"\(s)\"")
            }
            let annotate = try c.bool(5)
            let h = try c.plotting(0) { try Heatmap(rows: shape[0], cols: shape[1], values: v, scale: scale, annotate: annotate) }
            return try c.show(.heatmap(h), title: 1, size: 6)
        }.inert(),
        Builtin("images", [req("x"), opt("titles"), opt("columns"), opt("per_image", .bool(false)), opt("title"), opt("size")],
                category: "plots",
                doc: "A grid of grayscale images from a [n, h, w] tensor (or one [h, w] image); per_image: scale each image to its own min...max (filters).",
                example: "images(zeros([2, 4, 4]) + [[[0]], [[1]]], titles: [\"a\", \"b\"], size: [20, 6])\nprint(\"shown\")\n# expect:    a        b\n# expect:          @@@@@@@@\n# expect:          @@@@@@@@\n# expect:          @@@@@@@@\n# expect:          @@@@@@@@\n# expect: shown") { c in
            let (v, shape) = try c.values(0)
            guard shape.count == 2 || shape.count == 3 else { throw c.bad(0, "[n, h, w] or [h, w] tensor expected, got shape \(shapeString(shape))") }
            let s3 = shape.count == 3 ? shape : [1] + shape
            let titles = try c.strings(1) ?? [], columns = try c.optionalInt(2)
            let scaling: ImageScaling = try c.bool(3) ? .perImage : .shared
            let g = try c.plotting(0) { try ImageGrid(count: s3[0], height: s3[1], width: s3[2], pixels: v, titles: titles, columns: columns, scaling: scaling) }
            var f = Figure(.images(g), title: try c.text(4))
            if !c.isNil(5) {
                let wh = try c.shape(5)
                guard wh.count == 2 else { throw c.bad(5, "size [columns, rows] expected") }
                f.terminalSize = TerminalSize(columns: wh[0], rows: wh[1])
            }
            c.vm.figures.show(f, output: c.vm.output)
            return .nil_
        }.inert(),
        Builtin("hist", [req("x"), opt("bins", .number(10)), opt("title"), opt("xlabel"), opt("ylabel"), opt("size")],
                category: "plots",
                doc: "Histogram of the values of x in `bins` equal bins from min to max.",
                example: "hist([1, 2, 2, 3, 3, 3], bins: 3, size: [30, 6])\n# expect:     [1, 1.667) ┤████ 1\n# expect: [1.667, 2.333) ┤████████ 2\n# expect:     [2.333, 3] ┤████████████ 3") { c in
            let v = try c.values(0).values, bins = try c.int(1)
            guard bins >= 1, bins <= 10_000 else { throw c.bad(1, "bins between 1 and 10000 expected, got \(bins)") }
            let h = try c.plotting(0) { try Histogram(values: v, bins: bins) }
            return try c.show(.histogram(h), title: 2, size: 5)
        }.inert(),
        Builtin("savefig", [req("path")], category: "plots",
                doc: "Writes the last figure shown to path: SVG when it ends in .svg, PNG when it ends in .png.",
                example: "hist([1, 2, 2], bins: 2, size: [30, 6])\nsavefig(\"/tmp/cajal-hist.svg\")\nprint(\"saved\")\n# expect: [1, 1.5) ┤█████████ 1\n# expect: [1.5, 2] ┤██████████████████ 2\n# expect: saved") { c in
            let path = try c.string(0)
            guard let f = c.vm.figures.last else {
                throw VMError(.runtimeError, "savefig: no figure has been shown yet", hint: "call plot, scatter, heatmap, images, hist or regions first")
            }
            let bytes: [UInt8]
            if path.hasSuffix(".svg") { bytes = Array(f.svg().utf8) } else if path.hasSuffix(".png") { bytes = f.png() } else {
                throw c.bad(0, "path ending in .svg or .png expected, got \"\(path)\"")
            }
            do { try Data(bytes).write(to: URL(fileURLWithPath: path), options: .atomic) } catch {
                throw VMError(.runtimeError, "savefig: cannot write '\(path)': \(error.localizedDescription)")
            }
            return .nil_
        }.inert().writesFile("path"),
    ]
}
