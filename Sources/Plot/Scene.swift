// Scene: a figure as a list of shapes in pixel coordinates (y down), built once and drawn
// by both the SVG writer and cairo for the PNG, so the two images always agree.

enum TextAnchor: String {
    case start, middle, end
}

enum Shape {
    /// A rectangle; nil fill or stroke draws none.
    case rect(x: Double, y: Double, w: Double, h: Double, fill: RGB?, stroke: RGB?)
    case line(x1: Double, y1: Double, x2: Double, y2: Double, color: RGB, width: Double)
    /// Connected points (a series between two gaps).
    case polyline([(x: Double, y: Double)], color: RGB, width: Double)
    case circle(x: Double, y: Double, r: Double, fill: RGB, stroke: RGB?)
    /// Text with its baseline at y; `vertical` turns it 90° anticlockwise about (x, y).
    case text(x: Double, y: Double, String, size: Double, anchor: TextAnchor, color: RGB, vertical: Bool)
}

struct Scene {
    let width: Int
    let height: Int
    var shapes: [Shape] = []

    mutating func add(_ s: Shape) { shapes.append(s) }

    /// A filled cell from x0...x1 × y0...y1 with its edges rounded to whole pixels, so that
    /// neighbouring cells share edges exactly (no seams, no overlaps).
    mutating func cell(x0: Double, x1: Double, y0: Double, y1: Double, fill: RGB) {
        let (a, b, c, d) = (x0.rounded(), x1.rounded(), y0.rounded(), y1.rounded())
        guard b > a, d > c else { return }
        add(.rect(x: a, y: c, w: b - a, h: d - c, fill: fill, stroke: nil))
    }

    mutating func text(_ s: String, _ x: Double, _ y: Double, size: Double = 11, anchor: TextAnchor = .middle,
                       color: RGB = SceneStyle.text, vertical: Bool = false) {
        guard !s.isEmpty else { return }
        add(.text(x: x, y: y, s, size: size, anchor: anchor, color: color, vertical: vertical))
    }
}

/// The fixed look of SVG and PNG figures.
enum SceneStyle {
    static let text = RGB(hex: 0x222222)
    static let note = RGB(hex: 0x666666)
    static let frame = RGB(hex: 0x444444)
    static let grid = RGB(hex: 0xe6e6e6)
    static let pointStroke = RGB(hex: 0x333333)
    static let imageFrame = RGB(hex: 0x999999)
    /// Width of a character of text at `size` px, for layout (DejaVu Sans is about 0.6 em).
    static func textWidth(_ s: String, size: Double = 11) -> Double { Double(s.count) * size * 0.6 }
}

/// The rectangle inside the axes, in pixels.
struct PlotArea {
    var x: Double, y: Double, w: Double, h: Double

    /// The pixel of a data point, or nil when an axis cannot place it.
    func point(_ vx: Double, _ vy: Double, _ axes: (x: Axis, y: Axis)) -> (x: Double, y: Double)? {
        guard let fx = axes.x.fraction(vx), let fy = axes.y.fraction(vy) else { return nil }
        return (x + fx * w, y + (1 - fy) * h)
    }

    func contains(_ p: (x: Double, y: Double)) -> Bool {
        p.x >= x - 0.01 && p.x <= x + w + 0.01 && p.y >= y - 0.01 && p.y <= y + h + 0.01
    }
}

extension Figure {
    /// The figure as shapes, in a `pixelSize` canvas.
    func scene() -> Scene {
        switch content {
        case .lines(let series): return linesScene(series)
        case .scatter(let s): return scatterScene(s)
        case .regions(let r): return regionsScene(r)
        case .histogram(let h): return histogramScene(h)
        case .heatmap(let h): return heatmapScene(h)
        case .images(let g): return imagesScene(g)
        }
    }

    /// Title centred over `centre`, and notes at the bottom left.
    func decorate(_ scene: inout Scene, centre: Double, notes: [String]) {
        scene.text(title, centre, 24, size: 14)
        for (i, note) in notes.enumerated() {
            scene.text(note, 8, Double(scene.height) - 8 - 14 * Double(notes.count - 1 - i), size: 10, anchor: .start, color: SceneStyle.note)
        }
    }
}
