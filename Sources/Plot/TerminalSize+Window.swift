// Fitting a figure to the terminal window: the window size from the terminal (TIOCGWINSZ)
// or the COLUMNS and LINES variables, and the figure size chosen from it.
import Foundation

extension TerminalSize {
    /// A figure size for a window of `columns` × `lines` (nil: unknown → 80 × 24): the full
    /// width up to `maxColumns`, and two thirds of the height (leaving the prompt and the
    /// code above in view), between 6 and 20 rows, then clamped as always.
    public static func fitting(windowColumns columns: Int?, windowLines lines: Int?, maxColumns: Int = 100) -> TerminalSize {
        let width = min(columns ?? 80, maxColumns)
        let height = min(max((lines ?? 24) * 2 / 3, 6), 20)
        return TerminalSize(columns: width, rows: height)
    }

    /// `fitting` for the window standard output is shown in: its size from the terminal
    /// when there is one, else from COLUMNS and LINES, else 80 × 24.
    public static func fittingWindow(
        maxColumns: Int = 100, environment: [String: String] = ProcessInfo.processInfo.environment
    ) -> TerminalSize {
        var size = winsize()
        if ioctl(1, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 {
            return fitting(windowColumns: Int(size.ws_col), windowLines: Int(size.ws_row), maxColumns: maxColumns)
        }
        return fitting(windowColumns: environment["COLUMNS"].flatMap { Int($0) },
                       windowLines: environment["LINES"].flatMap { Int($0) }, maxColumns: maxColumns)
    }
}
