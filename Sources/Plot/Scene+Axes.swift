// Scenes of the plots with axes — lines, scatter, decision regions, histograms: the frame
// (grid at nice ticks, box, tick labels, axis labels, legend on the right, title, notes)
// and each kind's marks inside it.

enum LegendMark {
    case line, dot
}

extension Figure {
    /// Lays out the axes frame for `axes` and lets `marks` draw inside the plot area.
    func axesScene(_ axes: (x: Axis, y: Axis), legend: LegendMark, marks: (PlotArea, inout Scene) -> Void) -> Scene {
        let (width, height) = (Double(pixelSize.width), Double(pixelSize.height))
        var scene = Scene(width: pixelSize.width, height: pixelSize.height)
        let notes = self.notes, entries = legendEntries
        let xTicks = axes.x.ticks(target: 6), yTicks = axes.y.ticks(target: 5)
        let tickWidth = yTicks.map { SceneStyle.textWidth($0.label) }.max() ?? 0
        let legendWidth = entries.isEmpty ? 0 : (entries.map { SceneStyle.textWidth($0.name) }.max() ?? 0) + 40
        let left = 14 + (yLabel.isEmpty ? 0 : 18) + tickWidth + 8
        let top: Double = title.isEmpty ? 14 : 38
        let bottom = 26 + (xLabel.isEmpty ? 0 : 18) + 14 * Double(notes.count) + 6
        let right = 16 + legendWidth
        let area = PlotArea(x: left, y: top, w: max(20, width - left - right), h: max(20, height - top - bottom))
        scene.add(.rect(x: 0, y: 0, w: width, h: height, fill: .white, stroke: nil))
        for t in xTicks {
            guard let p = area.point(t.value, axes.y.lo, axes) else { continue }
            scene.add(.line(x1: p.x, y1: area.y, x2: p.x, y2: area.y + area.h, color: SceneStyle.grid, width: 1))
            scene.text(t.label, p.x, area.y + area.h + 16)
        }
        for t in yTicks {
            guard let p = area.point(axes.x.lo, t.value, axes) else { continue }
            scene.add(.line(x1: area.x, y1: p.y, x2: area.x + area.w, y2: p.y, color: SceneStyle.grid, width: 1))
            scene.text(t.label, area.x - 6, p.y + 4, anchor: .end)
        }
        marks(area, &scene)
        scene.add(.rect(x: area.x, y: area.y, w: area.w, h: area.h, fill: nil, stroke: SceneStyle.frame))
        for (i, entry) in entries.enumerated() {
            let (lx, ly) = (area.x + area.w + 14, area.y + 10 + 18 * Double(i))
            let color = Palette.color(entry.index)
            switch legend {
            case .line: scene.add(.line(x1: lx, y1: ly, x2: lx + 18, y2: ly, color: color, width: 2))
            case .dot: scene.add(.circle(x: lx + 9, y: ly, r: 4, fill: color, stroke: nil))
            }
            scene.text(entry.name, lx + 24, ly + 4, anchor: .start)
        }
        scene.text(xLabel, area.x + area.w / 2, area.y + area.h + 36, size: 12)
        scene.text(yLabel, 18, area.y + area.h / 2, size: 12, vertical: true)
        decorate(&scene, centre: area.x + area.w / 2, notes: notes)
        return scene
    }

    func linesScene(_ series: [Series]) -> Scene {
        let (ax, ay) = lineAxes(series)
        let axes = (x: Axis(lo: ax.lo, hi: ax.hi), y: Axis(covering: [ay.lo, ay.hi], log: logY, pad: 0.04))
        return axesScene(axes, legend: .line) { area, scene in
            for (k, s) in series.enumerated() {
                var run: [(x: Double, y: Double)] = []
                func flush() {
                    if run.count == 1 { scene.add(.circle(x: run[0].x, y: run[0].y, r: 1.5, fill: Palette.color(k), stroke: nil)) }
                    if run.count > 1 { scene.add(.polyline(Self.decimated(run), color: Palette.color(k), width: 1.5)) }
                    run = []
                }
                for i in s.y.indices {
                    if let p = area.point(s.x[i], s.y[i], axes) { run.append(p) } else { flush() }
                }
                flush()
            }
        }
    }

    /// A polyline with the same look and fewer points: within each stretch of consecutive
    /// points in one pixel column only the first, lowest, highest and last are kept, in
    /// their order (a 10,000-step loss curve becomes at most 4 points per column).
    static func decimated(_ points: [(x: Double, y: Double)]) -> [(x: Double, y: Double)] {
        guard points.count > 4 else { return points }
        var out: [(x: Double, y: Double)] = []
        var start = 0
        while start < points.count {
            let column = points[start].x.rounded(.down)
            var end = start + 1, lo = start, hi = start
            while end < points.count, points[end].x.rounded(.down) == column {
                if points[end].y < points[lo].y { lo = end }
                if points[end].y > points[hi].y { hi = end }
                end += 1
            }
            for i in Set([start, lo, hi, end - 1]).sorted() { out.append(points[i]) }
            start = end
        }
        return out
    }

    func scatterScene(_ s: Scatter) -> Scene {
        let axes = (x: Axis(covering: s.x, pad: 0.04), y: Axis(covering: s.y, log: logY, pad: 0.04))
        return axesScene(axes, legend: .dot) { area, scene in
            Self.addPoints(s, area, axes, stroke: nil, &scene)
        }
    }

    static func addPoints(_ s: Scatter, _ area: PlotArea, _ axes: (x: Axis, y: Axis), stroke: RGB?, _ scene: inout Scene) {
        for i in s.x.indices {
            guard let p = area.point(s.x[i], s.y[i], axes), area.contains(p) else { continue }
            scene.add(.circle(x: p.x, y: p.y, r: 3, fill: Palette.color(s.labels[i]), stroke: stroke))
        }
    }

    func regionsScene(_ r: DecisionRegions) -> Scene {
        let axes = (x: Axis(lo: r.x.lo, hi: r.x.hi), y: Axis(lo: r.y.lo, hi: r.y.hi))
        return axesScene(axes, legend: .dot) { area, scene in
            let (cw, ch) = (area.w / Double(r.cols), area.h / Double(r.rows))
            for i in 0..<r.rows {
                var j = 0
                while j < r.cols {
                    let fy = (Double(i) + 0.5) / Double(r.rows)
                    let color = Self.regionColor(r, (Double(j) + 0.5) / Double(r.cols), fy)?.0
                    var end = j + 1
                    while end < r.cols, Self.regionColor(r, (Double(end) + 0.5) / Double(r.cols), fy)?.0 == color { end += 1 }
                    if let color {
                        let bottom = area.y + area.h - Double(i) * ch
                        scene.cell(x0: area.x + Double(j) * cw, x1: area.x + Double(end) * cw, y0: bottom - ch, y1: bottom, fill: color)
                    }
                    j = end
                }
            }
            if let s = r.points { Self.addPoints(s, area, axes, stroke: SceneStyle.pointStroke, &scene) }
        }
    }

    func histogramScene(_ h: Histogram) -> Scene {
        let top = h.counts.max() ?? 0
        let axes = (x: Axis(lo: h.edges.first!, hi: h.edges.last!), y: Axis(lo: 0, hi: top > 0 ? top * 1.05 : 1))
        return axesScene(axes, legend: .dot) { area, scene in
            for i in h.counts.indices {
                guard let a = area.point(h.edges[i], h.counts[i], axes), let b = area.point(h.edges[i + 1], 0, axes) else { continue }
                scene.add(.rect(x: a.x, y: a.y, w: b.x - a.x, h: b.y - a.y, fill: Palette.color(0), stroke: .white))
            }
        }
    }
}
