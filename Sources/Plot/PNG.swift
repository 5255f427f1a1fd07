// PNG output through cairo: the same Scene the SVG writer writes, drawn on a cairo image
// surface and written by cairo's PNG encoder (libpng and zlib underneath). Text goes through
// cairo's toy text API with DejaVu Sans, found by fontconfig: antialiased, any character the
// font holds (Greek, ∂, ∑, arrows, …), with real advance widths for the anchors. The one file
// of the program that imports CCairo (docs/architecture.md).
//
// Like the SVG (shape-rendering="crispEdges"), rectangles and straight lines are drawn without
// antialiasing so that cells meet without seams and grid lines stay one crisp pixel wide;
// polylines, discs and text are antialiased, as the SVG's shape-rendering="auto" ones are.
import CCairo

extension Figure {
    /// The figure as PNG file bytes (8-bit RGB): `pixelSize` drawn at `scale` device pixels a
    /// pixel, so the default 2 gives a 1280 × 800 image of a 640 × 400 figure, sharp on HiDPI
    /// screens when shown at 640 × 400. `scale` is clamped to 0.5...4, and lowered further so
    /// that neither side exceeds 4096 pixels.
    public func png(scale: Double = 2) -> [UInt8] {
        CairoPNG.encode(scene(), scale: scale)
    }
}

enum CairoPNG {
    /// The scale actually used for a `width` × `height` scene asked for at `scale`.
    static func effectiveScale(_ scale: Double, width: Int, height: Int) -> Double {
        let s = scale.isFinite ? min(max(scale, 0.5), 4) : 2
        return min(s, 4096 / Double(max(width, height)))
    }

    static func encode(_ scene: Scene, scale: Double) -> [UInt8] {
        let s = effectiveScale(scale, width: scene.width, height: scene.height)
        let (w, h) = (Int((Double(scene.width) * s).rounded()), Int((Double(scene.height) * s).rounded()))
        let surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, Int32(w), Int32(h))
        defer { cairo_surface_destroy(surface) }
        let cr = cairo_create(surface)
        defer { cairo_destroy(cr) }
        precondition(cairo_status(cr) == CAIRO_STATUS_SUCCESS,
                     "cairo could not make a \(w) × \(h) image: \(String(cString: cairo_status_to_string(cairo_status(cr))))")
        cairo_scale(cr, Double(w) / Double(scene.width), Double(h) / Double(scene.height))
        draw(scene, cr)
        cairo_surface_flush(surface)
        final class Sink { var bytes: [UInt8] = [] }
        let sink = Sink()
        let status = cairo_surface_write_to_png_stream(surface, { closure, data, length in
            let sink = Unmanaged<Sink>.fromOpaque(closure!).takeUnretainedValue()
            sink.bytes.append(contentsOf: UnsafeBufferPointer(start: data, count: Int(length)))
            return CAIRO_STATUS_SUCCESS
        }, Unmanaged.passUnretained(sink).toOpaque())
        precondition(status == CAIRO_STATUS_SUCCESS, "cairo could not write the PNG: \(String(cString: cairo_status_to_string(status)))")
        return sink.bytes
    }

    static func setColor(_ cr: OpaquePointer?, _ c: RGB) {
        cairo_set_source_rgb(cr, Double(c.r) / 255, Double(c.g) / 255, Double(c.b) / 255)
    }

    static func draw(_ scene: Scene, _ cr: OpaquePointer?) {
        setColor(cr, .white)
        cairo_paint(cr)
        cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND)
        cairo_select_font_face(cr, "DejaVu Sans", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL)
        let options = cairo_font_options_create()
        cairo_font_options_set_antialias(options, CAIRO_ANTIALIAS_GRAY)
        cairo_font_options_set_hint_metrics(options, CAIRO_HINT_METRICS_OFF)  // the same advances at every scale
        cairo_set_font_options(cr, options)
        cairo_font_options_destroy(options)
        for shape in scene.shapes {
            switch shape {
            case let .rect(x, y, w, h, fill, stroke):
                cairo_set_antialias(cr, CAIRO_ANTIALIAS_NONE)
                cairo_rectangle(cr, x, y, w, h)
                if let fill {
                    setColor(cr, fill)
                    cairo_fill_preserve(cr)
                }
                if let stroke {
                    setColor(cr, stroke)
                    cairo_set_line_width(cr, 1)
                    cairo_stroke_preserve(cr)
                }
                cairo_new_path(cr)
            case let .line(x1, y1, x2, y2, color, width):
                cairo_set_antialias(cr, CAIRO_ANTIALIAS_NONE)
                cairo_move_to(cr, x1, y1)
                cairo_line_to(cr, x2, y2)
                stroke(cr, color, width)
            case let .polyline(points, color, width):
                cairo_set_antialias(cr, CAIRO_ANTIALIAS_DEFAULT)
                guard let first = points.first else { continue }
                cairo_move_to(cr, first.x, first.y)
                for p in points.dropFirst() { cairo_line_to(cr, p.x, p.y) }
                stroke(cr, color, width)
            case let .circle(x, y, r, fill, stroke):
                cairo_set_antialias(cr, CAIRO_ANTIALIAS_DEFAULT)
                cairo_new_sub_path(cr)
                cairo_arc(cr, x, y, r, 0, 2 * Double.pi)
                setColor(cr, fill)
                cairo_fill_preserve(cr)
                if let stroke {
                    setColor(cr, stroke)
                    cairo_set_line_width(cr, 1)
                    cairo_stroke_preserve(cr)
                }
                cairo_new_path(cr)
            case let .text(x, y, s, size, anchor, color, vertical):
                cairo_set_antialias(cr, CAIRO_ANTIALIAS_DEFAULT)
                text(cr, s, x, y, size: size, anchor: anchor, color: color, vertical: vertical)
            }
        }
    }

    static func stroke(_ cr: OpaquePointer?, _ color: RGB, _ width: Double) {
        setColor(cr, color)
        cairo_set_line_width(cr, width)
        cairo_stroke(cr)
    }

    /// Text with its baseline at y, placed by `anchor` on its advance width (as SVG's
    /// text-anchor), turned 90° anticlockwise about (x, y) when `vertical`. Control
    /// characters are dropped, as the SVG writer drops them.
    static func text(_ cr: OpaquePointer?, _ s: String, _ x: Double, _ y: Double, size: Double,
                     anchor: TextAnchor, color: RGB, vertical: Bool) {
        let shown = String(String.UnicodeScalarView(s.unicodeScalars.filter { $0.value >= 0x20 && $0.value != 0x7F }))
        guard !shown.isEmpty else { return }
        cairo_set_font_size(cr, size)
        var extents = cairo_text_extents_t()
        cairo_text_extents(cr, shown, &extents)
        let shift: Double
        switch anchor {
        case .start: shift = 0
        case .middle: shift = extents.x_advance / 2
        case .end: shift = extents.x_advance
        }
        cairo_save(cr)
        cairo_translate(cr, x, y)
        if vertical { cairo_rotate(cr, -Double.pi / 2) }
        cairo_move_to(cr, -shift, 0)
        setColor(cr, color)
        cairo_show_text(cr, shown)
        cairo_new_path(cr)
        cairo_restore(cr)
    }
}
