// TerminalKeys: single keypresses from a terminal (no Enter needed after `r` or `q`): the
// terminal is put in non-canonical, no-echo mode for one read and restored at once. Signals
// are off during the read, so Ctrl-C at the prompt quits the lesson (progress saved) instead
// of leaving an interrupt pending that would stop the next cell at once.
import Foundation
#if canImport(Glibc)
@preconcurrency import Glibc
#endif

public struct TerminalKeys: KeySource {
    public init() {}
    public mutating func next() -> LessonKey {
        var saved = termios()
        guard tcgetattr(STDIN_FILENO, &saved) == 0 else { return LineKeys().nextFromLine() }
        var raw = saved
        raw.c_lflag &= ~tcflag_t(ICANON | ECHO | ISIG)
        withUnsafeMutableBytes(of: &raw.c_cc) { cc in
            cc[Int(VMIN)] = 1
            cc[Int(VTIME)] = 0
        }
        tcsetattr(STDIN_FILENO, TCSANOW, &raw)
        defer { tcsetattr(STDIN_FILENO, TCSANOW, &saved) }
        while true {
            var byte: UInt8 = 0
            let n = read(STDIN_FILENO, &byte, 1)
            if n <= 0 { return .end }
            switch byte {
            case 10, 13, 32: return .next
            case UInt8(ascii: "r"), UInt8(ascii: "R"): return .repl
            case UInt8(ascii: "q"), UInt8(ascii: "Q"), 3, 4: return .quit
            default: continue
            }
        }
    }
}

extension LineKeys {
    /// One key from one line of standard input.
    func nextFromLine() -> LessonKey {
        var keys = self
        return keys.next()
    }
}
