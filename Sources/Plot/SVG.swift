// SVG output: a scene written as hand-made SVG text. Deterministic: coordinates with at most
// 2 decimals (no locale), attributes in a fixed order, text escaped, fonts
// "DejaVu Sans, sans-serif". Shapes are crisp (no seams between cells) except polylines
// and circles, which are antialiased; there is no <style> element, so SVGs inlined in one
// HTML page cannot restyle each other.

extension Figure {
    /// The figure as an SVG document of `pixelSize`, ending in a newline.
    public func svg() -> String {
        SVGWriter.write(scene())
    }
}

enum SVGWriter {
    static func n(_ v: Double) -> String { NumberFormat.trimmed(v, 2) }

    static func write(_ scene: Scene) -> String {
        var out = """
            <svg xmlns="http://www.w3.org/2000/svg" width="\(scene.width)" height="\(scene.height)" \
            viewBox="0 0 \(scene.width) \(scene.height)" font-family="DejaVu Sans, sans-serif" \
            shape-rendering="crispEdges">

            """
        out.reserveCapacity(scene.shapes.count * 64)
        for shape in scene.shapes {
            out += element(shape)
            out += "\n"
        }
        return out + "</svg>\n"
    }

    static func paint(_ fill: RGB?, _ stroke: RGB?) -> String {
        "fill=\"\(fill?.hex ?? "none")\"" + (stroke.map { " stroke=\"\($0.hex)\"" } ?? "")
    }

    static func element(_ shape: Shape) -> String {
        switch shape {
        case let .rect(x, y, w, h, fill, stroke):
            return "<rect x=\"\(n(x))\" y=\"\(n(y))\" width=\"\(n(w))\" height=\"\(n(h))\" \(paint(fill, stroke))/>"
        case let .line(x1, y1, x2, y2, color, width):
            return "<line x1=\"\(n(x1))\" y1=\"\(n(y1))\" x2=\"\(n(x2))\" y2=\"\(n(y2))\" stroke=\"\(color.hex)\" stroke-width=\"\(n(width))\"/>"
        case let .polyline(points, color, width):
            let pts = points.map { n($0.x) + "," + n($0.y) }.joined(separator: " ")
            return "<polyline points=\"\(pts)\" fill=\"none\" stroke=\"\(color.hex)\" stroke-width=\"\(n(width))\" stroke-linejoin=\"round\" shape-rendering=\"auto\"/>"
        case let .circle(x, y, r, fill, stroke):
            return "<circle cx=\"\(n(x))\" cy=\"\(n(y))\" r=\"\(n(r))\" \(paint(fill, stroke)) shape-rendering=\"auto\"/>"
        case let .text(x, y, s, size, anchor, color, vertical):
            let rotate = vertical ? " transform=\"rotate(-90 \(n(x)) \(n(y)))\"" : ""
            return "<text x=\"\(n(x))\" y=\"\(n(y))\" font-size=\"\(n(size))\" text-anchor=\"\(anchor.rawValue)\" fill=\"\(color.hex)\"\(rotate)>\(escape(s))</text>"
        }
    }

    /// Text content escaped for XML: & < > " and control characters (dropped).
    static func escape(_ s: String) -> String {
        var out = ""
        for ch in s.unicodeScalars {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default: if ch.value >= 0x20 || ch == "\t" { out.unicodeScalars.append(ch) }
            }
        }
        return out
    }
}
