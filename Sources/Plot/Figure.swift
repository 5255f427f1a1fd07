// Figure: what a plot shows — title, axis labels, sizes, legend and log-y options — and the
// one kind of plot it holds (PlotContent).

/// A figure: one plot with its title, axis labels and options. Build the content with the
/// throwing initialisers of `Series`, `Scatter`, `DecisionRegions`, `Heatmap`, `ImageGrid` or
/// `Histogram`; rendering a figure never fails.
///
///     let loss = try Series("train", y: losses)
///     var fig = Figure(.lines([loss]), title: "training loss", xLabel: "epoch")
///     fig.logY = true
///     print(fig.terminal())
public struct Figure: Sendable {
    public var content: PlotContent
    public var title: String
    public var xLabel: String
    public var yLabel: String
    /// Log-10 y axis (line plots and scatter). Values ≤ 0 cannot be shown: they are skipped
    /// and a note under the plot says how many.
    public var logY: Bool
    /// Show the legend (series names, class names) when there is something to name.
    public var showLegend: Bool
    /// Size in the terminal: the whole figure, labels and legend included.
    public var terminalSize: TerminalSize
    /// Size of the SVG and PNG images.
    public var pixelSize: PixelSize

    public init(
        _ content: PlotContent, title: String = "", xLabel: String = "", yLabel: String = "",
        logY: Bool = false, showLegend: Bool = true,
        terminalSize: TerminalSize = TerminalSize(), pixelSize: PixelSize = PixelSize()
    ) {
        self.content = content
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.logY = logY
        self.showLegend = showLegend
        self.terminalSize = terminalSize
        self.pixelSize = pixelSize
    }
}

/// The kinds of plot a figure can hold.
public enum PlotContent: Sendable {
    /// Line plot: several series over a shared x axis.
    case lines([Series])
    /// Scatter plot: points coloured by integer class.
    case scatter(Scatter)
    /// A 2-D classifier's regions as a background, with its data points over it.
    case regions(DecisionRegions)
    /// A matrix as coloured cells, with a colour scale.
    case heatmap(Heatmap)
    /// N grayscale images of h × w, laid out in rows.
    case images(ImageGrid)
    /// Bars over bins.
    case histogram(Histogram)
}

/// Terminal size of a whole figure, in character cells. Clamped to 20...400 columns and
/// 6...200 rows. Line, scatter and region plots fill exactly `rows` lines (so a live plot can
/// be redrawn in place); images, heatmaps and histograms take at most `rows`.
public struct TerminalSize: Sendable, Equatable {
    public let columns: Int
    public let rows: Int
    public init(columns: Int = 80, rows: Int = 20) {
        self.columns = min(max(columns, 20), 400)
        self.rows = min(max(rows, 6), 200)
    }
}

/// Pixel size of SVG and PNG output, clamped to 80...4096 on each side.
public struct PixelSize: Sendable, Equatable {
    public let width: Int
    public let height: Int
    public init(width: Int = 640, height: Int = 400) {
        self.width = min(max(width, 80), 4096)
        self.height = min(max(height, 80), 4096)
    }
}
