// PNG output (drawn by cairo) read back by an independent decoder: valid chunks and
// checksums, the size at each scale, and the right colours at chosen pixels — cells, lines,
// antialiased edges, and text (Greek drawn as real glyphs, a legend entry not clipped). No
// byte snapshots: fonts and antialiasing differ between machines, so the checks are probes.
import Foundation
import Testing
import TestSupport
@testable import Plot

@Suite struct PNGTests {
    @Test(arguments: Fixtures.all.map(\.name))
    func everyKindDecodesWithValidChecksumsAndSize(kind: String) throws {
        let figure = try Fixtures.all.first { $0.name == kind }!.make()
        let bytes = figure.png()
        let png = try PNGDecoder.decode(bytes)
        #expect(png.width == 2 * figure.pixelSize.width && png.height == 2 * figure.pixelSize.height, "2× by default")
        #expect(png.bitDepth == 8 && png.colorType == 2)
        #expect(png.chunkTypes.first == "IHDR" && png.chunkTypes.contains("IDAT") && png.chunkTypes.last == "IEND")
        #expect(png.pixel(0, 0) == [255, 255, 255], "background is white")
        #expect(Set(stride(from: 0, to: png.rgb.count, by: 3).lazy.map { png.rgb[$0] }).count > 2, "more than the background")
        if let dir = ProcessInfo.processInfo.environment["CAJAL_PLOT_DUMP"] {
            try Data(bytes).write(to: URL(fileURLWithPath: "\(dir)/png-\(kind).png"))
            try figure.svg().write(toFile: "\(dir)/svg-\(kind).svg", atomically: true, encoding: .utf8)
        }
    }

    @Test(arguments: [(1.0, 640, 400), (2, 1280, 800), (3, 1920, 1200), (0.1, 320, 200), (100, 2560, 1600), (.nan, 1280, 800)])
    func scaleSetsTheDevicePixels(scale: Double, width: Int, height: Int) throws {
        let png = try PNGDecoder.decode(try Fixtures.lossFigure().png(scale: scale))
        #expect(png.width == width && png.height == height)
    }

    @Test func theLargestFigureIsCappedAt4096Pixels() throws {
        var figure = try Fixtures.lossFigure()
        figure.pixelSize = PixelSize(width: 4096, height: 300)
        let png = try PNGDecoder.decode(figure.png())
        #expect(png.width == 4096 && png.height == 300, "scale lowered to 1")
    }

    @Test(arguments: [1.0, 2])
    func heatmapCellsHaveTheirScaleColours(scale: Double) throws {
        // 2 × 2 grays 0, 1 / 2, 3: cell (0, 0) black, cell (1, 1) white, (0, 1) one third.
        let h = try Heatmap(rows: 2, cols: 2, values: [0.0, 1, 2, 3], scale: .grays)
        let figure = Figure(.heatmap(h), pixelSize: PixelSize(width: 200, height: 200))
        let scene = figure.scene()
        guard case let .rect(x, y, w, _, _, _) = scene.shapes[1] else { Issue.record("no cell"); return }
        let png = try PNGDecoder.decode(figure.png(scale: scale))
        func at(_ px: Double, _ py: Double) -> [UInt8] { png.pixel(Int(px * scale), Int(py * scale)) }
        let c = w / 2
        #expect(at(x + c, y + c) == [0, 0, 0])
        #expect(at(x + 3 * c, y + 3 * c) == [255, 255, 255])
        #expect(at(x + 3 * c, y + c) == [85, 85, 85])
    }

    /// The point (in figure pixels) halfway between the ends of the figure's first polyline.
    func middleOfFirstLine(_ figure: Figure) throws -> (x: Double, y: Double) {
        let polyline = figure.scene().shapes.compactMap { shape -> [(x: Double, y: Double)]? in
            if case let .polyline(points, _, _) = shape { return points }
            return nil
        }.first
        let points = try #require(polyline)
        return ((points[0].x + points[points.count - 1].x) / 2, (points[0].y + points[points.count - 1].y) / 2)
    }

    static func near(_ p: [UInt8], _ hex: UInt32, within: Int = 40) -> Bool {
        zip(p, [UInt8(hex >> 16), UInt8(hex >> 8 & 0xFF), UInt8(hex & 0xFF)]).allSatisfy { abs(Int($0) - Int($1)) <= within }
    }

    @Test(arguments: [1.0, 2])
    func lineIsDrawnInItsSeriesColourThroughItsPoints(scale: Double) throws {
        // Horizontal lines at y = 1 (blue, series 0) and y = 3 (red, series 3, tab10 d62728).
        let flat = { (v: Double) in try Series(y: [v, v, v], x: [0, 5, 10]) }
        let figure = Figure(.lines([try flat(1), try flat(4), try flat(5), try flat(3)]), showLegend: false,
                            pixelSize: PixelSize(width: 300, height: 200))
        let scene = figure.scene()
        let lines = scene.shapes.compactMap { shape -> (y: Double, color: RGB)? in
            if case let .polyline(points, color, _) = shape { return (points[1].y, color) }
            return nil
        }
        let blue = lines[0], red = lines[3]
        #expect(blue.color.hex == "#1f77b4" && red.color.hex == "#d62728")
        let png = try PNGDecoder.decode(figure.png(scale: scale))
        let x = Int(150 * scale)
        // The 1.5 px line is antialiased. At 2× it is 3 device pixels wide, so one pixel next
        // to its centre is wholly covered and has the line's colour; at 1× two rows may share
        // it (three quarters each), so the colour is only near. 20 px above is background.
        func covered(_ y: Double, _ hex: UInt32) -> Bool {
            (Int(y * scale) - 1...Int(y * scale) + 1).contains { Self.near(png.pixel(x, $0), hex, within: scale >= 2 ? 12 : 80) }
        }
        #expect(covered(blue.y, 0x1f77b4))
        #expect(covered(red.y, 0xd62728))
        #expect(!covered(red.y, 0x1f77b4) && !covered(blue.y, 0xd62728))
        #expect(png.pixel(x, Int((blue.y - 20) * scale)) == [255, 255, 255])
    }

    @Test func slopedLinesAreAntialiased() throws {
        let figure = Figure(.lines([try Series(y: [0.0, 1], x: [0, 1])]), showLegend: false,
                            pixelSize: PixelSize(width: 300, height: 300))
        let png = try PNGDecoder.decode(figure.png())
        let mid = try middleOfFirstLine(figure)
        // Across the diagonal near its middle: the line's blue, and partly covered pixels
        // between it and the white background (neither white nor within 40 of the blue).
        let row = (Int(mid.x * 2) - 12...Int(mid.x * 2) + 12).map { png.pixel($0, Int(mid.y * 2)) }
        #expect(row.contains { Self.near($0, 0x1f77b4) })
        #expect(row.contains { $0 != [255, 255, 255] && !Self.near($0, 0x1f77b4) }, "\(row)")
    }

    /// Device pixels of the box x0..<x1 × y0..<y1 (logical, at scale 2) darker than `level`.
    static func ink(_ png: DecodedPNG, _ x0: Double, _ x1: Double, _ y0: Double, _ y1: Double, below level: Int = 160) -> [(x: Int, y: Int)] {
        var out: [(x: Int, y: Int)] = []
        for y in Int(y0 * 2)..<Int(y1 * 2) {
            for x in Int(x0 * 2)..<Int(x1 * 2) where png.pixel(x, y).map(Int.init).reduce(0, +) < 3 * level { out.append((x, y)) }
        }
        return out
    }

    @Test func greekTitleIsDrawnAsGlyphs() throws {
        // A title is centred over the plot area with its baseline at y = 24 (14 px text).
        func titleBox(_ title: String) throws -> [[UInt8]] {
            let figure = Figure(.lines([try Series(y: [1.0, 2])]), title: title, showLegend: false)
            let png = try PNGDecoder.decode(figure.png())
            return (8 * 2..<30 * 2).map { y in (200 * 2..<440 * 2).flatMap { png.pixel($0, y) } }
        }
        let greek = try titleBox("σ(x) αβγ ∂L/∂w")
        let dark = greek.joined().enumerated().filter { $0.offset % 3 == 0 && $0.element < 160 }.count
        #expect(dark > 200, "the title left \(dark) dark pixels")
        // A font without Greek draws every letter as the same box: αβ and βα would then look
        // alike. Real glyphs differ.
        #expect(try titleBox("αβ ∂") != titleBox("βα ∂"))
        #expect(try titleBox("αβ") != titleBox("??"))
    }

    @Test func legendEntriesAreWholeWords() throws {
        let train = try Series("train", y: [3.0, 2, 1.5, 1.2]), valid = try Series("valid", y: [3.2, 2.4, 2, 1.9])
        let figure = Figure(.lines([train, valid]), title: "σ", pixelSize: PixelSize(width: 400, height: 300))
        let scene = figure.scene()
        let labels = scene.shapes.compactMap { shape -> (x: Double, y: Double)? in
            if case let .text(x, y, s, _, _, _, _) = shape, s == "train" || s == "valid" { return (x, y) }
            return nil
        }
        try #require(labels.count == 2)
        let png = try PNGDecoder.decode(figure.png())
        for label in labels {
            // 5 letters of 11 px DejaVu Sans are about 27 px wide: the ink must span most of it.
            let ink = Self.ink(png, label.x, 400, label.y - 10, label.y + 3)
            let span = Double((ink.map(\.x).max() ?? 0) - (ink.map(\.x).min() ?? 0)) / 2
            #expect(span > 20 && span < 40, "legend text spans \(span) px")
        }
    }

    @Test func theSameScenesMakeTheSameImageAndDifferentScenesDiffer() throws {
        let a = try Fixtures.lossFigure(), b = try Fixtures.lossFigure(logY: true)
        #expect(try PNGDecoder.decode(a.png()).rgb == PNGDecoder.decode(a.png()).rgb)
        #expect(try PNGDecoder.decode(a.png()).rgb != PNGDecoder.decode(b.png()).rgb)
    }
}
