// TerminalKeys: single keypresses from a terminal (no Enter needed after `r`, `s`, `b`, `?`
// or `q`): the terminal is put in non-canonical, no-echo mode for one read and restored at
// once. Signals are off during the read, so Ctrl-C at the prompt quits the lesson (progress
// saved) instead of leaving an interrupt pending that would stop the next cell at once. A
// section number after `g` is typed and echoed here, ended by Enter (Escape or Ctrl-C cancels).
import Foundation
#if canImport(Glibc)
@preconcurrency import Glibc
#endif

public struct TerminalKeys: KeySource {
    public init() {}
    public mutating func next() -> LessonKey {
        let key: LessonKey? = withRawTerminal {
            while true {
                guard let byte = readByte() else { return .end }
                switch byte {
                case 10, 13, 32: return .next
                case UInt8(ascii: "r"), UInt8(ascii: "R"): return .repl
                case UInt8(ascii: "s"), UInt8(ascii: "S"), UInt8(ascii: "n"): return .skip
                case UInt8(ascii: "b"), UInt8(ascii: "B"), UInt8(ascii: "p"): return .back
                case UInt8(ascii: "g"), UInt8(ascii: "G"): return .section
                case UInt8(ascii: "?"), UInt8(ascii: "h"), UInt8(ascii: "H"): return .help
                case UInt8(ascii: "q"), UInt8(ascii: "Q"), 3, 4: return .quit
                default: continue
                }
            }
        }
        return key ?? LineKeys().nextFromLine()
    }

    public mutating func number() -> Int? {
        let typed: String?? = withRawTerminal {
            var digits = ""
            while true {
                guard let byte = readByte() else { return nil }
                switch byte {
                case 10, 13: return digits
                case 3, 4, 27: return nil
                case 127, 8:
                    if !digits.isEmpty {
                        digits.removeLast()
                        echo("\u{8} \u{8}")
                    }
                case UInt8(ascii: "0")...UInt8(ascii: "9"):
                    digits.append(Character(UnicodeScalar(byte)))
                    echo(String(Character(UnicodeScalar(byte))))
                default: continue
                }
            }
        }
        guard let typed else { return LineKeys().numberFromLine() }
        return typed.flatMap { Int($0) }
    }

    /// The window's height in lines, when standard output is a terminal.
    public static func windowRows() -> Int? {
        var size = winsize()
        guard ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_row > 0 else { return nil }
        return Int(size.ws_row)
    }

    /// Runs `body` with the terminal in raw mode; nil when standard input is not a terminal.
    func withRawTerminal<T>(_ body: () -> T) -> T? {
        var saved = termios()
        guard tcgetattr(STDIN_FILENO, &saved) == 0 else { return nil }
        var raw = saved
        raw.c_lflag &= ~tcflag_t(ICANON | ECHO | ISIG)
        withUnsafeMutableBytes(of: &raw.c_cc) { cc in
            cc[Int(VMIN)] = 1
            cc[Int(VTIME)] = 0
        }
        tcsetattr(STDIN_FILENO, TCSANOW, &raw)
        defer { tcsetattr(STDIN_FILENO, TCSANOW, &saved) }
        return body()
    }

    func readByte() -> UInt8? {
        var byte: UInt8 = 0
        return read(STDIN_FILENO, &byte, 1) == 1 ? byte : nil
    }

    func echo(_ s: String) {
        FileHandle.standardOutput.write(Data(s.utf8))
    }
}

extension LineKeys {
    /// One key from one line of standard input.
    func nextFromLine() -> LessonKey {
        var keys = self
        return keys.next()
    }

    /// A number from one line of standard input.
    func numberFromLine() -> Int? {
        var keys = self
        return keys.number()
    }
}
