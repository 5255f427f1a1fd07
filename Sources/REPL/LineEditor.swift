// LineEditor: where lines come from. `ReadlineEditor` is GNU readline in callback mode,
// driven by poll() so Ctrl-C at the prompt clears the line instead of killing the process
// (as CPython's readline module does: rl_catch_signals = 0, a SIGINT handler installed without
// SA_RESTART so poll() returns EINTR); `PlainLines` reads stdin when it is not a terminal, with no prompt and no
// echo. The only file that imports CReadline.
@preconcurrency import CReadline
import CInterrupt
#if canImport(Glibc)
@preconcurrency import Glibc
#endif

/// One read from a line source.
enum LineRead: Equatable {
    /// A line without its newline (a bracketed paste may hold several lines).
    case line(String)
    /// End of input: Ctrl-D on an empty line, or the end of a pipe.
    case eof
    /// Ctrl-C at the prompt: the typed line was dropped.
    case interrupted
}

@MainActor
protocol LineSource {
    /// Reads one line, showing `prompt` when interactive.
    func read(prompt: String) -> LineRead
    /// Records a finished cell in history.
    func remember(_ cell: String)
}

/// stdin as plain lines: what a pipe, a heredoc or a test gets.
struct PlainLines: LineSource {
    func read(prompt: String) -> LineRead {
        guard let line = Swift.readLine(strippingNewline: true) else { return .eof }
        return .line(line)
    }
    func remember(_ cell: String) {}
}

// Readline calls back into Swift through C function pointers, which cannot capture context:
// the state they share lives here, touched only on the main thread.
nonisolated(unsafe) private var pendingRead: LineRead?
nonisolated(unsafe) private var activeCompleter: Completer?
nonisolated(unsafe) private var completionMatches: [String] = []
nonisolated(unsafe) private var completionIndex = 0
nonisolated(unsafe) private var wordBreaks: UnsafeMutablePointer<CChar>?

private let lineHandler: @convention(c) (UnsafeMutablePointer<CChar>?) -> Void = { raw in
    if let raw {
        pendingRead = .line(String(cString: raw))
        free(raw)
    } else {
        pendingRead = .eof
    }
    rl_callback_handler_remove()
}

/// rl_compentry_func_t: called with state 0, 1, 2, … until it returns nil.
private let matchGenerator: @convention(c) (UnsafePointer<CChar>?, Int32) -> UnsafeMutablePointer<CChar>? = {
    _, state in
    if state == 0 { completionIndex = 0 }
    guard completionIndex < completionMatches.count else { return nil }
    defer { completionIndex += 1 }
    return strdup(completionMatches[completionIndex])
}

/// rl_completion_func_t: readline's word is `text`, at `start` in the line buffer.
private let attemptCompletion:
    @convention(c) (UnsafePointer<CChar>?, Int32, Int32) -> UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = {
        text, start, _ in
        rl_attempted_completion_over = 1  // never fall back to readline's own filename completion
        rl_completion_append_character = 0
        let word = text.map { String(cString: $0) } ?? ""
        let before = rl_line_buffer.map { buffer in
            String(decoding: UnsafeRawBufferPointer(start: buffer, count: Int(start)), as: UTF8.self)
        } ?? ""
        if word.isEmpty, before.allSatisfy({ $0 == " " || $0 == "\t" || $0 == "\n" }) {
            rl_insert_text("  ")  // Tab at the start of a line indents
            return nil
        }
        completionMatches = MainActor.assumeIsolated { activeCompleter?.candidates(word: word, before: before) } ?? []
        return rl_completion_matches(text, matchGenerator)
    }

/// GNU readline with history, completion and an interruptible prompt.
@MainActor
final class ReadlineEditor: LineSource {
    private var history: HistoryFile
    private var entries: [String] = []
    private let notify: (String) -> Void
    private var historyBroken = false

    init(history: HistoryFile, completer: Completer, notify: @escaping (String) -> Void) {
        self.history = history
        self.notify = notify
        rl_readline_name = UnsafePointer(strdup("cajal"))  // `$if cajal` in ~/.inputrc
        rl_catch_signals = 0  // SIGINT is ours (CInterrupt)
        rl_catch_sigwinch = 1
        wordBreaks = strdup(Completer.wordBreaks)
        rl_completer_word_break_characters = UnsafePointer(wordBreaks)
        // Readline would append the `"` that started a word as a delimiter after a unique match,
        // even after a directory (`"data/"`): no quote characters, so a path stays open.
        rl_basic_quote_characters = UnsafePointer(strdup(""))
        rl_attempted_completion_function = attemptCompletion
        activeCompleter = completer
        let (loaded, notice) = history.load()
        if let notice { notify(notice) }
        entries = loaded
        for entry in loaded { add_history(entry) }
    }

    func read(prompt: String) -> LineRead {
        pendingRead = nil
        rl_callback_handler_install(prompt, lineHandler)
        while pendingRead == nil {
            var descriptor = pollfd(fd: fileno(rl_instream ?? stdin), events: Int16(POLLIN), revents: 0)
            // A timeout too: SIGINT may land on another thread (OpenBLAS starts some), and then
            // poll() is not interrupted; the flag is seen within a tenth of a second anyway.
            let ready = poll(&descriptor, 1, 100)
            if ready > 0 {
                rl_callback_read_char()
            } else if ready == 0 || errno == EINTR {
                if cajal_take_interrupt() != 0 { return dropLine() }
            } else {
                rl_callback_handler_remove()
                return .eof
            }
        }
        return pendingRead ?? .eof
    }

    /// Ctrl-C at the prompt: show `^C` after the typed text, drop the line, restore the tty.
    /// The order matters: readline 8.1+ turns bracketed paste off with `ESC[?2004l\r`.
    private func dropLine() -> LineRead {
        rl_point = rl_end
        rl_redisplay()
        rl_echo_signal_char(SIGINT)
        rl_crlf()
        rl_free_line_state()
        rl_callback_sigcleanup()
        rl_cleanup_after_signal()
        rl_callback_handler_remove()
        return .interrupted
    }

    func remember(_ cell: String) {
        guard !cell.allSatisfy(\.isWhitespace), entries.last != cell else { return }
        add_history(cell)
        entries.append(cell)
        if entries.count > history.limit { entries.removeFirst(entries.count - history.limit) }
        guard !historyBroken, let notice = history.save(entries) else { return }
        historyBroken = true  // say it once
        notify(notice)
    }
}
