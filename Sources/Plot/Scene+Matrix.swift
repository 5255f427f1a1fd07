// Scenes of the matrix plots: heatmaps (square cells, optional values written in them, row
// and column labels, a colour bar) and image grids (pixels as runs of equal gray, titles).
import Foundation

extension Figure {
    func heatmapScene(_ h: Heatmap) -> Scene {
        let (width, height) = (Double(pixelSize.width), Double(pixelSize.height))
        var scene = Scene(width: pixelSize.width, height: pixelSize.height)
        let notes = self.notes
        let rowLabelWidth = (h.rowLabels.map { SceneStyle.textWidth($0) }.max() ?? 0) + (h.rowLabels.isEmpty ? 0 : 8)
        let minLeft = 12 + (yLabel.isEmpty ? 0 : 20) + rowLabelWidth
        let top: Double = title.isEmpty ? 14 : 38
        let bottom = (h.colLabels.isEmpty ? 0 : 18) + (xLabel.isEmpty ? 0 : 20) + 14 * Double(notes.count) + 14
        let cell = max(0.5, min((width - minLeft - 90) / Double(h.cols), (height - top - bottom) / Double(h.rows)))
        let (mw, mh) = (cell * Double(h.cols), cell * Double(h.rows))
        let left = max(minLeft, (width - mw - 90) / 2)
        let norm = ValueNormalizer(h.values, scale: h.scale)
        let stops = ColorMap.stops(h.scale)
        scene.add(.rect(x: 0, y: 0, w: width, h: height, fill: .white, stroke: nil))
        for i in 0..<h.rows {
            for j in 0..<h.cols {
                let v = h.values[i * h.cols + j]
                guard let t = norm(v) else { continue }
                let color = ColorMap.color(t, stops)
                let (x, y) = (left + Double(j) * cell, top + Double(i) * cell)
                scene.cell(x0: x, x1: x + cell, y0: y, y1: y + cell, fill: color)
                let label = Self.cellLabel(v)
                let size = min(12, cell * 0.4)
                if h.annotate, SceneStyle.textWidth(label, size: size) < cell * 0.9, size >= 5 {
                    scene.text(label, x + cell / 2, y + cell / 2 + size * 0.35, size: size,
                               color: color.luminance > 0.5 ? .black : .white)
                }
            }
        }
        scene.add(.rect(x: left, y: top, w: mw, h: mh, fill: nil, stroke: SceneStyle.frame))
        for (i, label) in h.rowLabels.enumerated() {
            scene.text(label, left - 6, top + (Double(i) + 0.5) * cell + 4, anchor: .end)
        }
        for (j, label) in h.colLabels.enumerated() {
            scene.text(label, left + (Double(j) + 0.5) * cell, top + mh + 14)
        }
        colorBar(&scene, x: left + mw + 16, y: top, h: mh, norm: norm, stops: stops)
        scene.text(xLabel, left + mw / 2, top + mh + (h.colLabels.isEmpty ? 18 : 34), size: 12)
        scene.text(yLabel, 18, top + mh / 2, size: 12, vertical: true)
        decorate(&scene, centre: left + mw / 2, notes: notes)
        return scene
    }

    /// A vertical colour bar, high at the top, with labels at both ends and the middle.
    func colorBar(_ scene: inout Scene, x: Double, y: Double, h: Double, norm: ValueNormalizer, stops: [RGB]) {
        let steps = 32
        for k in 0..<steps {
            let t = 1 - (Double(k) + 0.5) / Double(steps)
            scene.cell(x0: x, x1: x + 14, y0: y + h * Double(k) / Double(steps), y1: y + h * Double(k + 1) / Double(steps),
                       fill: ColorMap.color(t, stops))
        }
        scene.add(.rect(x: x, y: y, w: 14, h: h, fill: nil, stroke: SceneStyle.frame))
        for (t, v) in [(0.0, norm.hi), (0.5, (norm.lo + norm.hi) / 2), (1.0, norm.lo)] {
            scene.text(NumberFormat.compact(v), x + 18, y + h * t + 4, size: 10, anchor: .start)
        }
    }

    func imagesScene(_ g: ImageGrid) -> Scene {
        let (width, height) = (Double(pixelSize.width), Double(pixelSize.height))
        var scene = Scene(width: pixelSize.width, height: pixelSize.height)
        let notes = self.notes
        scene.add(.rect(x: 0, y: 0, w: width, h: height, fill: .white, stroke: nil))
        let c = g.columns ?? max(1, Int(Double(g.count).squareRoot().rounded(.up)))
        let rows = (g.count + c - 1) / c
        let top: Double = title.isEmpty ? 10 : 36
        let titleH: Double = g.titles.isEmpty ? 0 : 14, gap = 8.0
        let bottom = 14 * Double(notes.count) + 10
        let s = max(0.1, min((width - 20 - gap * Double(c - 1)) / Double(c * g.width),
                             (height - top - bottom - Double(rows) * titleH - gap * Double(max(rows - 1, 0))) / Double(max(rows, 1) * g.height)))
        let (iw, ih) = (s * Double(g.width), s * Double(g.height))
        let x0 = (width - (iw * Double(c) + gap * Double(c - 1))) / 2
        let levels = g.grayLevels()
        for k in 0..<g.count {
            let x = x0 + Double(k % c) * (iw + gap)
            var y = top + Double(k / c) * (ih + gap + titleH)
            if !g.titles.isEmpty {
                scene.text(g.titles[k], x + iw / 2, y + 11)
                y += titleH
            }
            for r in 0..<g.height {
                var j = 0
                while j < g.width {
                    let level = levels[k * g.height * g.width + r * g.width + j].map { RGB.gray($0) }
                    var end = j + 1
                    while end < g.width, levels[k * g.height * g.width + r * g.width + end].map({ RGB.gray($0) }) == level { end += 1 }
                    if let level {
                        scene.cell(x0: x + Double(j) * s, x1: x + Double(end) * s, y0: y + Double(r) * s, y1: y + Double(r + 1) * s, fill: level)
                    }
                    j = end
                }
            }
            scene.add(.rect(x: x, y: y, w: iw, h: ih, fill: nil, stroke: SceneStyle.imageFrame))
        }
        decorate(&scene, centre: width / 2, notes: notes)
        return scene
    }
}
