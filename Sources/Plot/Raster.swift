// Raster: an RGB pixel buffer and the rasterizer that draws a Scene into it — crisp
// rectangles, antialiased lines, polylines and discs (coverage from the distance to the
// shape), and text in the built-in bitmap font. The PNG output is this buffer.

struct Raster {
    let width: Int
    let height: Int
    /// Row-major RGB bytes, 3 per pixel.
    var bytes: [UInt8]

    init(width: Int, height: Int, background: RGB = .white) {
        self.width = width
        self.height = height
        bytes = Array(repeating: background.r, count: width * height * 3)
        if background.g != background.r || background.b != background.r {
            for i in 0..<(width * height) {
                bytes[3 * i + 1] = background.g
                bytes[3 * i + 2] = background.b
            }
        }
    }

    func pixel(_ x: Int, _ y: Int) -> RGB {
        let i = 3 * (y * width + x)
        return RGB(bytes[i], bytes[i + 1], bytes[i + 2])
    }

    /// Blends `c` over pixel (x, y) with coverage a in 0...1; outside pixels are ignored.
    mutating func blend(_ x: Int, _ y: Int, _ c: RGB, _ a: Double) {
        guard x >= 0, y >= 0, x < width, y < height, a > 0 else { return }
        let i = 3 * (y * width + x)
        if a >= 1 {
            (bytes[i], bytes[i + 1], bytes[i + 2]) = (c.r, c.g, c.b)
            return
        }
        func mix(_ old: UInt8, _ new: UInt8) -> UInt8 { UInt8((Double(old) * (1 - a) + Double(new) * a).rounded()) }
        (bytes[i], bytes[i + 1], bytes[i + 2]) = (mix(bytes[i], c.r), mix(bytes[i + 1], c.g), mix(bytes[i + 2], c.b))
    }

    /// Fills the pixels whose centres lie in the rectangle (edges rounded to whole pixels).
    mutating func fill(x: Double, y: Double, w: Double, h: Double, _ c: RGB) {
        let x0 = max(0, Int(x.rounded())), x1 = min(width, Int((x + w).rounded()))
        let y0 = max(0, Int(y.rounded())), y1 = min(height, Int((y + h).rounded()))
        guard x0 < x1, y0 < y1 else { return }
        let w = width
        bytes.withUnsafeMutableBufferPointer { p in
            for py in y0..<y1 {
                var i = 3 * (py * w + x0)
                for _ in x0..<x1 {
                    (p[i], p[i + 1], p[i + 2]) = (c.r, c.g, c.b)
                    i += 3
                }
            }
        }
    }

    /// A one-pixel outline on the pixels just inside the rectangle's rounded edges.
    mutating func stroke(x: Double, y: Double, w: Double, h: Double, _ c: RGB) {
        let x0 = Int(x.rounded()), x1 = Int((x + w).rounded()) - 1
        let y0 = Int(y.rounded()), y1 = Int((y + h).rounded()) - 1
        guard x0 <= x1, y0 <= y1 else { return }
        for px in x0...x1 { blend(px, y0, c, 1); blend(px, y1, c, 1) }
        for py in y0...y1 { blend(x0, py, c, 1); blend(x1, py, c, 1) }
    }

    /// An antialiased segment of the given width: each pixel near it gets coverage
    /// clamp(width/2 + 0.5 − d, 0, 1), d the distance from the pixel centre to the segment.
    mutating func line(_ x1: Double, _ y1: Double, _ x2: Double, _ y2: Double, _ c: RGB, width w: Double) {
        let r = w / 2 + 0.5
        let minX = max(0, Int((min(x1, x2) - r).rounded(.down))), maxX = min(width - 1, Int((max(x1, x2) + r).rounded(.up)))
        let minY = max(0, Int((min(y1, y2) - r).rounded(.down))), maxY = min(height - 1, Int((max(y1, y2) + r).rounded(.up)))
        guard minX <= maxX, minY <= maxY else { return }
        let (dx, dy) = (x2 - x1, y2 - y1)
        let len2 = dx * dx + dy * dy
        for py in minY...maxY {
            for px in minX...maxX {
                let (cx, cy) = (Double(px) + 0.5, Double(py) + 0.5)
                let t = len2 > 0 ? min(max(((cx - x1) * dx + (cy - y1) * dy) / len2, 0), 1) : 0
                let (ex, ey) = (cx - x1 - t * dx, cy - y1 - t * dy)
                let cover = r - (ex * ex + ey * ey).squareRoot()
                if cover > 0 { blend(px, py, c, min(cover, 1)) }
            }
        }
    }

    /// An antialiased filled disc.
    mutating func disc(_ x: Double, _ y: Double, _ radius: Double, _ c: RGB) {
        let r = radius + 0.5
        let minX = max(0, Int((x - r).rounded(.down))), maxX = min(width - 1, Int((x + r).rounded(.up)))
        let minY = max(0, Int((y - r).rounded(.down))), maxY = min(height - 1, Int((y + r).rounded(.up)))
        guard minX <= maxX, minY <= maxY else { return }
        for py in minY...maxY {
            for px in minX...maxX {
                let (ex, ey) = (Double(px) + 0.5 - x, Double(py) + 0.5 - y)
                let cover = r - (ex * ex + ey * ey).squareRoot()
                if cover > 0 { blend(px, py, c, min(cover, 1)) }
            }
        }
    }

    /// Draws a scene, shape by shape, in order.
    static func draw(_ scene: Scene) -> Raster {
        var raster = Raster(width: scene.width, height: scene.height)
        for shape in scene.shapes {
            switch shape {
            case let .rect(x, y, w, h, fill, stroke):
                if let fill { raster.fill(x: x, y: y, w: w, h: h, fill) }
                if let stroke { raster.stroke(x: x, y: y, w: w, h: h, stroke) }
            case let .line(x1, y1, x2, y2, color, width):
                raster.line(x1, y1, x2, y2, color, width: width)
            case let .polyline(points, color, width):
                for i in 1..<points.count {
                    raster.line(points[i - 1].x, points[i - 1].y, points[i].x, points[i].y, color, width: width)
                }
            case let .circle(x, y, r, fill, stroke):
                if let stroke { raster.disc(x, y, r + 0.75, stroke) }
                raster.disc(x, y, r, fill)
            case let .text(x, y, s, size, anchor, color, vertical):
                BitmapFont.draw(s, x: x, y: y, size: size, anchor: anchor, color: color, vertical: vertical, into: &raster)
            }
        }
        return raster
    }
}
