// Ipynb+MIME: the MIME bundles Cajal's outputs travel in, shared by the Jupyter kernel (live)
// and `cajal export --ipynb` (recorded), so a notebook looks the same either way.
//   a figure:  image/svg+xml (sharp, but shown only in trusted notebooks), image/png (the safe
//              type: untrusted notebooks, GitHub, nbconvert) and text/plain (the terminal
//              rendering: jupyter console, graders, logs); the PNG's metadata carries its
//              size and an alt text
//   a tensor:  text/plain (the REPL's summary-first text) and, when small, text/html (a table)
import Foundation
import Plot

/// How Cajal names itself to Jupyter: the kernelspec and language_info that the kernel answers
/// in `kernel_info_reply` and an exported notebook carries in its metadata.
public enum JupyterLanguage {
    public static let version = "0.1.0"
    /// The kernelspec's name (its folder, `kernels/cajal`) and the language's name.
    public static let name = "cajal"
    public static let displayName = "Cajal"
    public static let languageInfo: [String: String] = [
        "name": name,
        "version": version,
        "file_extension": ".cajal",
        "mimetype": "text/x-cajal",
        "pygments_lexer": "text",
        "codemirror_mode": "text/plain",
    ]
    public static let kernelspec: [String: String] = ["name": name, "display_name": displayName, "language": name]
}

public enum MIMEBundle {
    /// The data of a figure's display_data output.
    public static func figure(_ figure: Figure) -> [String: String] {
        [
            "image/svg+xml": figure.svg(),
            "image/png": Data(figure.png()).base64EncodedString(),
            "text/plain": figure.terminal(TerminalOptions(colorMode: .none, ascii: false)),
        ]
    }

    /// The metadata of a figure's display_data output: the PNG's display size and alt text,
    /// and the figure's title (`[plot: title]` when outputs are compared with a lesson's).
    public static func figureMetadata(_ figure: Figure) -> [String: Any] {
        ["image/png": ["width": figure.pixelSize.width, "height": figure.pixelSize.height, "alt": altText(figure)],
         "title": figure.title]
    }

    /// What the picture shows, in words (for readers who cannot see it).
    public static func altText(_ figure: Figure) -> String {
        let kind: String
        switch figure.content {
        case .lines(let series): kind = "line plot of " + series.map { $0.name.isEmpty ? "a series" : $0.name }.joined(separator: ", ")
        case .scatter: kind = "scatter plot"
        case .regions: kind = "decision regions with data points"
        case .heatmap: kind = "heatmap"
        case .images: kind = "grid of images"
        case .histogram: kind = "histogram"
        }
        var parts = [figure.title.isEmpty ? "" : figure.title + ": ", kind]
        if !figure.xLabel.isEmpty { parts.append(", x: " + figure.xLabel) }
        if !figure.yLabel.isEmpty { parts.append(", y: " + figure.yLabel) }
        return parts.joined()
    }

    /// The most cells the HTML table of a tensor shows; bigger tensors keep only their text.
    public static let tableLimit = 400

    /// A small tensor (a vector, or a matrix of at most `tableLimit` elements) as an HTML
    /// table; nil for scalars, bigger tensors and more than two axes.
    public static func tensorTable(shape: [Int], values: [Float]) -> String? {
        guard (1...2).contains(shape.count), values.count <= tableLimit, !values.isEmpty else { return nil }
        let columns = shape.last!
        let rows = shape.count == 2 ? shape[0] : 1
        var html = "<table class=\"cajal-tensor\"><caption>tensor \(shape)</caption>\n"
        for r in 0..<rows {
            html += "<tr>" + (0..<columns).map { c in "<td>\(number(values[r * columns + c]))</td>" }.joined() + "</tr>\n"
        }
        return html + "</table>"
    }

    /// Text with `&`, `<`, `>` and `"` escaped for HTML.
    public static func escapeHTML(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }

    /// A number as a table cell: at most 4 significant digits.
    static func number(_ v: Float) -> String {
        if v.isNaN { return "nan" }
        if v.isInfinite { return v > 0 ? "inf" : "-inf" }
        if v == v.rounded() && abs(v) < 1e7 { return String(Int(v)) }
        return String(format: "%.4g", Double(v))
    }
}
