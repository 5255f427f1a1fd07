// The two terminal canvases. BrailleCanvas: 2 × 4 dots per cell (U+2800 + mask), one colour
// and one owner (series or class index) per cell, the last drawn wins. PixelCanvas: one
// colour per pixel, two pixels per cell drawn as "▀" (foreground top, background bottom).

struct BrailleCanvas {
    let cols: Int
    let rows: Int
    private(set) var masks: [UInt8]
    private(set) var owners: [Int]
    static let bits: [[UInt8]] = [[0x01, 0x02, 0x04, 0x40], [0x08, 0x10, 0x20, 0x80]]

    init(cols: Int, rows: Int) {
        self.cols = cols
        self.rows = rows
        masks = Array(repeating: 0, count: cols * rows)
        owners = Array(repeating: -1, count: cols * rows)
    }

    var pixelWidth: Int { cols * 2 }
    var pixelHeight: Int { rows * 4 }

    /// Sets dot (x, y), y = 0 at the top; dots outside are ignored.
    mutating func set(_ x: Int, _ y: Int, owner: Int) {
        guard x >= 0, y >= 0, x < pixelWidth, y < pixelHeight else { return }
        let i = (y >> 2) * cols + (x >> 1)
        let row = y & 3
        // Left column 0x01 0x02 0x04 0x40, right column 0x08 0x10 0x20 0x80 (see `bits`).
        let bit: UInt8 = row == 3 ? (x & 1 == 0 ? 0x40 : 0x80) : UInt8(1 << (row + 3 * (x & 1)))
        masks[i] |= bit
        owners[i] = owner
    }

    /// A Bresenham line from (x0, y0) to (x1, y1). With a `dash` period p > 0, only the first
    /// half of every p dots is set (to tell series apart without colour).
    mutating func line(_ x0: Int, _ y0: Int, _ x1: Int, _ y1: Int, owner: Int, dash: Int = 0) {
        var x = x0, y = y0, step = 0
        let dx = abs(x1 - x0), dy = -abs(y1 - y0), sx = x0 < x1 ? 1 : -1, sy = y0 < y1 ? 1 : -1
        let (w, h, cols) = (pixelWidth, pixelHeight, self.cols)
        var err = dx + dy
        masks.withUnsafeMutableBufferPointer { masks in
            owners.withUnsafeMutableBufferPointer { owners in
                while true {
                    if (dash == 0 || step % dash < (dash + 1) / 2) && x >= 0 && y >= 0 && x < w && y < h {
                        let i = (y >> 2) * cols + (x >> 1), row = y & 3
                        masks[i] |= row == 3 ? (x & 1 == 0 ? 0x40 : 0x80) : UInt8(1 << (row + 3 * (x & 1)))
                        owners[i] = owner
                    }
                    if x == x1 && y == y1 { break }
                    let e2 = 2 * err
                    if e2 >= dy { err += dy; x += sx }
                    if e2 <= dx { err += dx; y += sy }
                    step += 1
                }
            }
        }
    }

    func mask(col: Int, row: Int) -> UInt8 { masks[row * cols + col] }
    func owner(col: Int, row: Int) -> Int { owners[row * cols + col] }

    static func glyph(_ mask: UInt8) -> Character {
        Character(Unicode.Scalar(0x2800 + UInt32(mask))!)
    }
}

struct PixelCanvas {
    let width: Int
    let height: Int
    var pixels: [RGB?]

    init(width: Int, height: Int) {
        self.width = width
        self.height = height
        pixels = Array(repeating: nil, count: width * height)
    }

    subscript(x: Int, y: Int) -> RGB? {
        get { pixels[y * width + x] }
        set {
            guard x >= 0, y >= 0, x < width, y < height else { return }
            pixels[y * width + x] = newValue
        }
    }

    /// The gray ramp of the no-colour and ASCII modes, dark to bright.
    static let ramp = Array(" .:-=+*#%@")

    /// Writes the canvas into `grid` at (col, row): one cell per column and pixel pair.
    /// With colour, "▀" with the top pixel as foreground and the bottom as background (a
    /// missing pixel leaves the terminal's own background); without, a ramp character for
    /// the mean brightness of the pair.
    func draw(into grid: inout TextGrid, col: Int, row: Int, color: Bool) {
        for cy in 0..<((height + 1) / 2) {
            for x in 0..<width {
                let top = self[x, 2 * cy]
                let bottom = 2 * cy + 1 < height ? self[x, 2 * cy + 1] : nil
                if color {
                    if top == nil && bottom == nil { continue }
                    let fg = top.map { TermColor($0) }, bg = bottom.map { TermColor($0) }
                    grid[col + x, row + cy] = top == nil
                        ? TextCell(char: "▄", fg: bg, bg: nil)
                        : TextCell(char: "▀", fg: fg, bg: bg)
                } else {
                    let lum = [top, bottom].compactMap { $0?.luminance }
                    guard !lum.isEmpty else { continue }
                    let mean = lum.reduce(0, +) / Double(lum.count)
                    let k = min(Int(mean * Double(Self.ramp.count)), Self.ramp.count - 1)
                    grid[col + x, row + cy] = TextCell(char: Self.ramp[k])
                }
            }
        }
    }
}
