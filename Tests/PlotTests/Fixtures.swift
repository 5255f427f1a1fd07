// Fixtures: small deterministic figures of every kind, shared by the terminal, SVG and PNG
// tests. The data come from formulas and a fixed linear congruential generator, never from
// a system random source, so snapshots are the same on every machine.
import Foundation
@testable import Plot

/// A 32-bit LCG (Numerical Recipes constants) giving uniforms in [0, 1).
struct LCG {
    var state: UInt32
    mutating func next() -> Double {
        state = state &* 1_664_525 &+ 1_013_904_223
        return Double(state >> 8) / Double(1 << 24)
    }
    /// Roughly normal: the sum of 4 uniforms, centred and scaled to variance 1.
    mutating func normal() -> Double {
        ((next() + next() + next() + next()) - 2) * 3.0.squareRoot()
    }
}

enum Fixtures {
    /// Two loss curves over 60 epochs, decaying from about 2.5 towards 0.1.
    static func lossFigure(logY: Bool = false) throws -> Figure {
        let train: [Double] = (0..<60).map { (i: Int) -> Double in
            let t = Double(i)
            return 2.4 * exp(-t / 12) + 0.1 + 0.03 * sin(t)
        }
        let valid: [Double] = (0..<60).map { (i: Int) -> Double in
            let t = Double(i)
            return 2.5 * exp(-t / 15) + 0.2 + 0.002 * t
        }
        return Figure(
            .lines([try Series("train", y: train), try Series("valid", y: valid)]),
            title: "loss", xLabel: "epoch", yLabel: "loss", logY: logY,
            terminalSize: TerminalSize(columns: 60, rows: 14))
    }

    /// Three Gaussian blobs of 30 points each, labelled 0, 1, 2.
    static func blobs() -> (x: [Double], y: [Double], labels: [Int]) {
        var g = LCG(state: 7)
        let centres = [(-2.0, -1.0), (2.0, -1.0), (0.0, 2.0)]
        var x: [Double] = [], y: [Double] = [], labels: [Int] = []
        for (k, c) in centres.enumerated() {
            for _ in 0..<30 {
                x.append(c.0 + 0.6 * g.normal())
                y.append(c.1 + 0.6 * g.normal())
                labels.append(k)
            }
        }
        return (x, y, labels)
    }

    static func scatterFigure() throws -> Figure {
        let b = blobs()
        return Figure(
            .scatter(try Scatter(x: b.x, y: b.y, labels: b.labels, classNames: ["setosa", "versicolor", "virginica"])),
            title: "three blobs", terminalSize: TerminalSize(columns: 60, rows: 14))
    }

    /// A 24 × 32 grid over [-3, 3] × [-3, 3]: class 2 above y = 1, else class 0 left of
    /// x = 0 and class 1 right; with the blobs over it.
    static func regionsFigure(probabilities: Bool = false) throws -> Figure {
        let (rows, cols) = (24, 32)
        var classes: [Int] = [], probs: [Double] = []
        for i in 0..<rows {
            for j in 0..<cols {
                let x = -3 + 6 * (Double(j) + 0.5) / Double(cols), y = -3 + 6 * (Double(i) + 0.5) / Double(rows)
                classes.append(y > 1 ? 2 : x < 0 ? 0 : 1)
                probs.append(1 / (1 + exp(-2 * (x + 0.5 * y))))
            }
        }
        let b = blobs()
        let points = probabilities
            ? try Scatter(x: b.x, y: b.y, labels: b.labels.map { $0 == 2 ? 1 : $0 })
            : try Scatter(x: b.x, y: b.y, labels: b.labels)
        let regions = try DecisionRegions(
            x: PlotRange(-3, 3), y: PlotRange(-3, 3), rows: rows, cols: cols,
            values: probabilities ? .probabilities(probs) : .classes(classes), points: points)
        return Figure(.regions(regions), title: "decision regions", xLabel: "x1", yLabel: "x2",
                      terminalSize: TerminalSize(columns: 60, rows: 16))
    }

    /// An 8 × 12 weight matrix with positive and negative values, diverging colours.
    static func weightsFigure() throws -> Figure {
        let values = (0..<96).map { sin(Double($0 % 12) / 2) * cos(Double($0 / 12) / 1.5) }
        return Figure(.heatmap(try Heatmap(rows: 8, cols: 12, values: values, scale: .diverging)),
                      title: "weights", terminalSize: TerminalSize(columns: 60, rows: 14))
    }

    static func confusionFigure() throws -> Figure {
        let m = try Heatmap.confusion([[48, 2, 0], [3, 41, 6], [0, 5, 45]], classNames: ["cat", "dog", "bird"])
        return Figure(.heatmap(m), title: "confusion", xLabel: "predicted", yLabel: "true",
                      terminalSize: TerminalSize(columns: 40, rows: 12))
    }

    /// Six 8 × 8 "digits": a vertical bar, a horizontal bar, a ring, a diagonal, a cross
    /// and a filled square, values 0...16 like the UCI digits.
    static func digitsFigure() throws -> Figure {
        var pixels: [Double] = []
        for k in 0..<6 {
            for r in 0..<8 {
                for c in 0..<8 {
                    let (dr, dc) = (Double(r) - 3.5, Double(c) - 3.5)
                    let ring = abs((dr * dr + dc * dc).squareRoot() - 2.5) < 0.8
                    let on: Bool = [c == 3 || c == 4, r == 3 || r == 4, ring, r == c, r == c || r == 7 - c,
                                    r >= 2 && r <= 5 && c >= 2 && c <= 5][k]
                    pixels.append(on ? 16 : Double((r + c) % 3))
                }
            }
        }
        let grid = try ImageGrid(count: 6, height: 8, width: 8, pixels: pixels,
                                 titles: ["1", "-", "0", "\\", "x", "#"])
        return Figure(.images(grid), title: "digits", terminalSize: TerminalSize(columns: 60, rows: 12))
    }

    /// 500 roughly normal values in 12 bins.
    static func histogramFigure() throws -> Figure {
        var g = LCG(state: 42)
        let values = (0..<500).map { _ in g.normal() }
        return Figure(.histogram(try Histogram(values: values, bins: 12)), title: "activations", xLabel: "value",
                      terminalSize: TerminalSize(columns: 60, rows: 16))
    }

    /// A log-scale loss with a NaN (a gap in the line) and two values ≤ 0 (skipped), so
    /// that the notes show in every output.
    static func gapsFigure() throws -> Figure {
        let y: [Double] = [2, 1.2, 0.8, .nan, 0.5, 0.3, 0, 0.2, -0.1, 0.12, 0.1, 0.08, 0.07, 0.065]
        return Figure(.lines([try Series("loss", y: y)]), title: "loss with gaps", logY: true,
                      terminalSize: TerminalSize(columns: 50, rows: 12), pixelSize: PixelSize(width: 480, height: 300))
    }

    static let all: [(name: String, make: @Sendable () throws -> Figure)] = [
        ("lines", { try lossFigure() }),
        ("lines-log", { try lossFigure(logY: true) }),
        ("scatter", scatterFigure),
        ("regions", { try regionsFigure() }),
        ("regions-prob", { try regionsFigure(probabilities: true) }),
        ("heatmap-weights", weightsFigure),
        ("heatmap-confusion", confusionFigure),
        ("images", digitsFigure),
        ("histogram", histogramFigure),
        ("lines-gaps", gapsFigure),
    ]
}
