// Console: where the REPL writes (stdout for values, stderr for errors and notices) and the
// colour policy for each stream (NO_COLOR, FORCE_COLOR, TERM, and whether it is a terminal).
import Diagnostics
#if canImport(Glibc)
@preconcurrency import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// SGR codes used by the REPL, in one place.
enum Palette {
    static let prompt = "1;32"
    static let heading = "1"
    static let name = "1;36"
    static let dim = "2"
    static let error = "1;31"
    static let notice = "33"
}

/// Output destinations. Values go to `out`, errors and notices to `err`; stdout is flushed
/// before anything goes to stderr so a merged transcript keeps its order.
@MainActor
public final class Console {
    public let outColor: ColorPolicy
    public let errColor: ColorPolicy
    private let writeOut: (String) -> Void
    private let writeErr: (String) -> Void
    private let flushOut: () -> Void
    /// The window's width in columns, asked each time (the window may be resized): `:help` and
    /// `:vars` fit their lines to it.
    public var columns: () -> Int

    public init(
        outColor: ColorPolicy, errColor: ColorPolicy,
        writeOut: @escaping (String) -> Void, writeErr: @escaping (String) -> Void,
        flushOut: @escaping () -> Void = {}, columns: @escaping () -> Int = { 80 }
    ) {
        self.outColor = outColor
        self.errColor = errColor
        self.writeOut = writeOut
        self.writeErr = writeErr
        self.flushOut = flushOut
        self.columns = columns
    }

    /// The process's stdout and stderr through C stdio (the same buffer Swift's `print` uses,
    /// so the interpreter's `print` output and REPL values stay in order).
    public static func standard(environment env: [String: String]) -> Console {
        Console(
            outColor: .decide(environment: env, isTerminal: isatty(STDOUT_FILENO) != 0),
            errColor: .decide(environment: env, isTerminal: isatty(STDERR_FILENO) != 0),
            writeOut: { fputs($0, stdout) },
            writeErr: { fputs($0, stderr) },
            flushOut: { fflush(stdout) },
            columns: { Console.windowColumns(environment: env) })
    }

    /// The terminal's width (standard output's window, else `COLUMNS`, else 80), at least 40.
    nonisolated static func windowColumns(environment env: [String: String]) -> Int {
        var size = winsize()
        if isatty(STDOUT_FILENO) != 0, ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 {
            return max(40, Int(size.ws_col))
        }
        return max(40, env["COLUMNS"].flatMap { Int($0) } ?? 80)
    }

    /// Writes to the process's stdout through C stdio (what the interpreter's `print` uses).
    nonisolated static func writeStandardOutput(_ text: String) { fputs(text, stdout) }

    /// Writes a line (a newline is added) to stdout.
    public func line(_ text: String) { writeOut(text + "\n") }

    /// Writes a line to stderr, after flushing stdout.
    public func errorLine(_ text: String) {
        flushOut()
        writeErr(text + "\n")
    }

    public func flush() { flushOut() }
}
