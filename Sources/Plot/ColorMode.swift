// Terminal colour: the colour policy as a pure function of (isTTY, environment), and the ANSI
// escape sequences of each mode (16 colours, the xterm 256 palette, 24-bit). Whether to colour
// at all is Diagnostics' ColorPolicy, the rule every room follows.
import Diagnostics
import Foundation

/// How many colours the terminal output may use.
public enum ColorMode: String, Sendable, CaseIterable {
    case none, ansi16, ansi256, truecolor

    /// The colour policy (docs/plots.md):
    /// 1-2. Colour at all or not: Diagnostics' `ColorPolicy` (NO_COLOR set and non-empty →
    ///    none; FORCE_COLOR set, non-empty and not "0" → colour even without a tty; not a tty,
    ///    or TERM=dumb, and not forced → none).
    /// 3. COLORTERM truecolor or 24bit → truecolor; TERM containing "256color" → ansi256;
    ///    otherwise ansi16.
    public static func detect(isTTY: Bool, environment env: [String: String]) -> ColorMode {
        guard ColorPolicy.decide(environment: env, isTerminal: isTTY).enabled else { return .none }
        let ct = env["COLORTERM"]?.lowercased() ?? ""
        if ct == "truecolor" || ct == "24bit" { return .truecolor }
        if (env["TERM"] ?? "").contains("256color") { return .ansi256 }
        return .ansi16
    }
}

/// Whether standard output is a terminal (isatty(1)).
public func standardOutputIsTTY() -> Bool {
    isatty(1) == 1
}

/// A terminal colour: an RGB value, and for palette colours the 16-colour index to use
/// (nearest-colour matching would turn tab10's orange and red both into ANSI red).
struct TermColor: Equatable {
    var rgb: RGB
    var ansi16: UInt8?

    init(_ rgb: RGB, ansi16: UInt8? = nil) {
        self.rgb = rgb
        self.ansi16 = ansi16
    }

    /// Palette colour k with its hand-picked 16-colour twin.
    static func palette(_ k: Int) -> TermColor {
        let twins: [UInt8] = [12, 3, 2, 1, 5, 11, 13, 8, 10, 6]
        return TermColor(Palette.color(k), ansi16: twins[((k % 10) + 10) % 10])
    }

    /// The SGR parameters selecting this colour as foreground (or background) in `mode`;
    /// nil in `.none`.
    func sgr(_ mode: ColorMode, background: Bool) -> String? {
        switch mode {
        case .none:
            return nil
        case .truecolor:
            return "\(background ? 48 : 38);2;\(rgb.r);\(rgb.g);\(rgb.b)"
        case .ansi256:
            return "\(background ? 48 : 38);5;\(Ansi.nearest256(rgb))"
        case .ansi16:
            let k = Int(ansi16 ?? Ansi.nearest16(rgb))
            let base = k < 8 ? (background ? 40 : 30) : (background ? 100 : 90)
            return String(base + k % 8)
        }
    }
}

enum Ansi {
    static let reset = "\u{1b}[0m"

    /// xterm's default 16 colours.
    static let sixteen: [RGB] = [
        0x000000, 0xcd0000, 0x00cd00, 0xcdcd00, 0x0000ee, 0xcd00cd, 0x00cdcd, 0xe5e5e5,
        0x7f7f7f, 0xff0000, 0x00ff00, 0xffff00, 0x5c5cff, 0xff00ff, 0x00ffff, 0xffffff,
    ].map { RGB(hex: $0) }

    static func distance(_ a: RGB, _ b: RGB) -> Int {
        let dr = Int(a.r) - Int(b.r), dg = Int(a.g) - Int(b.g), db = Int(a.b) - Int(b.b)
        return dr * dr + dg * dg + db * db
    }

    /// The nearest of the 16 colours (first wins on ties).
    static func nearest16(_ c: RGB) -> UInt8 {
        var best = 0
        for k in 1..<16 where distance(c, sixteen[k]) < distance(c, sixteen[best]) { best = k }
        return UInt8(best)
    }

    /// The nearest xterm-256 entry among the 6×6×6 cube (16...231) and the gray ramp (232...255).
    static func nearest256(_ c: RGB) -> Int {
        let levels = [0, 95, 135, 175, 215, 255]
        func q(_ v: UInt8) -> Int { v < 48 ? 0 : v < 115 ? 1 : (Int(v) - 35) / 40 }
        let (qr, qg, qb) = (q(c.r), q(c.g), q(c.b))
        let cube = RGB(UInt8(levels[qr]), UInt8(levels[qg]), UInt8(levels[qb]))
        let mean = (Int(c.r) + Int(c.g) + Int(c.b)) / 3
        let step = min(max((mean - 8 + 5) / 10, 0), 23)
        let grayLevel = UInt8(8 + 10 * step)
        let gray = RGB(grayLevel, grayLevel, grayLevel)
        if distance(c, gray) < distance(c, cube) { return 232 + step }
        return 16 + 36 * qr + 6 * qg + qb
    }
}
