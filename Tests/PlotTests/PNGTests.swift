// PNG output read back by an independent decoder: valid chunks and checksums, the right
// size, and the right colours at chosen pixels of each kind of plot.
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
        #expect(png.width == figure.pixelSize.width && png.height == figure.pixelSize.height)
        #expect(png.bitDepth == 8 && png.colorType == 2)
        #expect(png.chunkTypes == ["IHDR", "IDAT", "IEND"])
        #expect(png.pixel(0, 0) == [255, 255, 255], "background is white")
        if let dir = ProcessInfo.processInfo.environment["CAJAL_PLOT_DUMP"] {
            try Data(bytes).write(to: URL(fileURLWithPath: "\(dir)/png-\(kind).png"))
            try figure.svg().write(toFile: "\(dir)/svg-\(kind).svg", atomically: true, encoding: .utf8)
        }
    }

    /// The PNG bytes are pinned by size and CRC-32 per kind: any change to the rasterizer or
    /// the encoder shows here (look at the images again before re-recording).
    @Test func pngBytesMatchTheirRecordedChecksums() throws {
        var lines: [String] = []
        for (name, make) in Fixtures.all {
            let bytes = try make().png()
            let crc = String(PNG.crc32(bytes), radix: 16)
            lines.append("\(name) \(bytes.count) bytes crc32 \(String(repeating: "0", count: 8 - crc.count) + crc)")
        }
        try assertSnapshot(lines.joined(separator: "\n") + "\n", named: "png-checksums", in: "PlotTests")
    }

    @Test func heatmapCellsHaveTheirScaleColours() throws {
        // 2 × 2 grays 0, 1 / 2, 3: cell (0, 0) black, cell (1, 1) white, (0, 1) one third.
        let h = try Heatmap(rows: 2, cols: 2, values: [0.0, 1, 2, 3], scale: .grays)
        let figure = Figure(.heatmap(h), pixelSize: PixelSize(width: 200, height: 200))
        let scene = figure.scene()
        guard case let .rect(x, y, w, _, _, _) = scene.shapes[1] else { Issue.record("no cell"); return }
        let png = try PNGDecoder.decode(figure.png())
        let c = Int(w / 2)
        #expect(png.pixel(Int(x) + c, Int(y) + c) == [0, 0, 0])
        #expect(png.pixel(Int(x) + 3 * c, Int(y) + 3 * c) == [255, 255, 255])
        #expect(png.pixel(Int(x) + 3 * c, Int(y) + c) == [85, 85, 85])
    }

    @Test func lineIsDrawnInItsSeriesColourThroughItsPoints() throws {
        // A horizontal line at y = 1 from x = 0 to 10 crosses the middle of the plot.
        let figure = Figure(.lines([try Series(y: [1.0, 1, 1], x: [0, 5, 10])]),
                            pixelSize: PixelSize(width: 300, height: 200))
        let scene = figure.scene()
        let polyline = scene.shapes.compactMap { shape -> [(x: Double, y: Double)]? in
            if case let .polyline(points, _, _) = shape { return points }
            return nil
        }.first
        let mid = try #require(polyline)[1]
        let png = try PNGDecoder.decode(figure.png())
        // The 1.5 px line is antialiased: the pixel rows on either side of its centre are
        // each within 40 per channel of tab10 blue (1f77b4); 20 px below is background.
        func nearBlue(_ p: [UInt8]) -> Bool {
            zip(p, [0x1f, 0x77, 0xb4] as [UInt8]).allSatisfy { abs(Int($0) - Int($1)) <= 40 }
        }
        #expect(nearBlue(png.pixel(Int(mid.x), Int(mid.y.rounded()) - 1)))
        #expect(nearBlue(png.pixel(Int(mid.x), Int(mid.y.rounded()))))
        #expect(!nearBlue(png.pixel(Int(mid.x), Int(mid.y.rounded()) + 20)))
    }

    @Test func crcAndAdlerMatchKnownValues() {
        // Known values: CRC-32("123456789") = 0xCBF43926; Adler-32("Wikipedia") = 0x11E60398.
        #expect(PNG.crc32(Array("123456789".utf8)) == 0xCBF4_3926)
        #expect(PNG.adler32(Array("Wikipedia".utf8)) == 0x11E6_0398)
    }

    @Test func compressedAndStoredPNGsHoldTheSamePixels() throws {
        let figure = try Fixtures.regionsFigure()
        let compressed = figure.png(), stored = figure.png(compressed: false)
        #expect(compressed.count * 10 < stored.count, "compressed \(compressed.count) B, stored \(stored.count) B")
        #expect(try PNGDecoder.decode(compressed).rgb == PNGDecoder.decode(stored).rgb)
    }

    @Test(arguments: [0, 1, 2, 3, 100, 70_000])
    func deflateRoundTrips(size: Int) throws {
        var g = LCG(state: UInt32(size))
        // Half noise, half runs, so that literals, short and long matches all occur.
        let data = (0..<size).map { i in i % 1000 < 500 ? UInt8(g.next() * 256) : UInt8(i / 1000 % 7) }
        #expect(try PNGDecoder.inflate(Deflate.zlib(data)) == data)
    }

    @Test func storedBlocksSplitAt65535Bytes() throws {
        let data = (0..<150_000).map { UInt8($0 % 251) }
        let z = PNG.zlibStored(data)
        #expect(z.count == 2 + 3 * 5 + data.count + 4)
        #expect(try PNGDecoder.inflateStored(z) == data)
    }
}
