// Kernel+Execute: `execute_request`. The flow is busy → execute_input → outputs → execute_reply
// → idle. Printed text goes out as `stream` (stdout; warnings on stderr), buffered and sent at
// most every 50 ms or before any other output; figures as `display_data`; a final expression's
// value as `execute_result`; a failure as `error`, whose traceback is the located diagnostic
// (source line, caret, hint) in ANSI colour. After an error with `stop_on_error`, requests that
// were already queued are answered `aborted` without running ("Run All" stops at the error).
//
// A cell that starts with `:` is a command, as in the REPL: `:help NAME` (shown in the pager),
// `:clear` (clears the cell's output), `:seed N`, `:reset`.
import CInterrupt
import Diagnostics
import Foundation
import Interpreter
import Notebook
import Plot

/// The iopub output of the running cell.
final class CellOutput {
    let parent: JSONObject
    let silent: Bool
    var stdout = ""
    var lastFlush = Date()
    /// Display ids of this cell's live figure and progress line, once shown, and when each
    /// was last sent (updates are sent at most every `updateInterval`).
    var liveDisplay: String?
    var liveSent = Date.distantPast
    /// A live frame not sent yet (too soon after the last): sent when the cell ends.
    var pendingLive: Figure?
    var progressDisplay: String?
    var progressSent = Date.distantPast
    static let updateInterval = 0.2

    init(parent: JSONObject, silent: Bool) {
        self.parent = parent
        self.silent = silent
    }
}

extension Kernel {
    /// Points the session's output, figures and warnings at the running cell.
    func attach(_ session: Interpreter) {
        session.output = { [unowned self] text in
            guard let cell else { return }
            cell.stdout += text
            if Date().timeIntervalSince(cell.lastFlush) > 0.05 { flushStdout() }
        }
        session.onFigure = { [unowned self] figure in
            flushStdout()
            guard let cell, !cell.silent else { return }
            publish("display_data", ["data": MIMEBundle.figure(figure), "metadata": MIMEBundle.figureMetadata(figure),
                                     "transient": JSONObject()], parent: cell.parent)
        }
        session.onProgress = { [unowned self] step in
            guard let cell, !cell.silent else { return }
            let finished = step.done >= step.total
            guard finished || Date().timeIntervalSince(cell.progressSent) >= CellOutput.updateInterval else { return }
            flushStdout()
            cell.progressSent = Date()
            let html = "<progress value=\"\(step.done)\" max=\"\(step.total)\"></progress> <code>"
                + MIMEBundle.escapeHTML(step.line) + "</code>"
            cell.progressDisplay = show(["text/plain": step.line, "text/html": html], metadata: ["progress": true],
                                        id: cell.progressDisplay, parent: cell.parent)
        }
        session.onLiveFigure = { [unowned self] figure in
            guard let cell, !cell.silent else { return }
            guard Date().timeIntervalSince(cell.liveSent) >= CellOutput.updateInterval else {
                cell.pendingLive = figure
                return
            }
            showLive(figure)
        }
        session.onDiagnostic = { [unowned self] d in
            guard d.severity != .error else { return }
            flushStdout()
            guard let cell, !cell.silent else { return }
            publish("stream", ["name": "stderr", "text": DiagnosticRenderer(color: true).render(d) + "\n"], parent: cell.parent)
        }
    }

    /// Shows a live frame: a new output the first time, then that output updated in place.
    func showLive(_ figure: Figure) {
        guard let cell else { return }
        flushStdout()
        cell.pendingLive = nil
        cell.liveSent = Date()
        cell.liveDisplay = show(MIMEBundle.figure(figure), metadata: MIMEBundle.figureMetadata(figure),
                                id: cell.liveDisplay, parent: cell.parent)
    }

    /// Sends `data` as a new display (id nil) or as an update of display `id`; the id.
    func show(_ data: [String: String], metadata: JSONObject, id: String?, parent: JSONObject) -> String {
        let displayID = id ?? UUID().uuidString.lowercased()
        publish(id == nil ? "display_data" : "update_display_data",
                ["data": data, "metadata": metadata, "transient": ["display_id": displayID]], parent: parent)
        return displayID
    }

    /// Sends the printed text collected so far.
    func flushStdout() {
        guard let cell, !cell.stdout.isEmpty else { return }
        defer {
            cell.stdout = ""
            cell.lastFlush = Date()
        }
        guard !cell.silent else { return }
        publish("stream", ["name": "stdout", "text": cell.stdout], parent: cell.parent)
    }

    func execute(_ request: Message) {
        let code = request.content["code"] as? String ?? ""
        let silent = request.content["silent"] as? Bool ?? false
        let storeHistory = (request.content["store_history"] as? Bool ?? true) && !silent
        let stopOnError = request.content["stop_on_error"] as? Bool ?? true
        if storeHistory { executionCount += 1 }
        let count = executionCount
        if !silent { publish("execute_input", ["code": code, "execution_count": count], parent: request.header) }

        cell = CellOutput(parent: request.header, silent: silent)
        defer { cell = nil }
        _ = cajal_take_interrupt()
        let outcome = runCell(code, count: count)
        if let last = cell?.pendingLive { showLive(last) }
        flushStdout()
        // An interrupt that arrived as the cell ended does not carry over to the next one.
        _ = cajal_take_interrupt()

        var content: JSONObject = ["execution_count": count]
        switch outcome {
        case .ok(let result, let payload):
            if storeHistory { history.append((count, code, result)) }
            content["status"] = "ok"
            content["user_expressions"] = JSONObject()
            content["payload"] = payload
        case .failed(let ename, let evalue, let traceback):
            if storeHistory { history.append((count, code, nil)) }
            if !silent {
                publish("error", ["ename": ename, "evalue": evalue, "traceback": traceback], parent: request.header)
            }
            content["status"] = "error"
            content["ename"] = ename
            content["evalue"] = evalue
            content["traceback"] = traceback
        }
        // Requests already queued behind a failed cell are aborted before it is answered (a
        // client that waits for this reply before sending the next cell is never aborted).
        if case .failed = outcome, stopOnError, !silent { abortQueued() }
        reply(request, type: "execute_reply", content: content, on: shell, metadata: ["status": content["status"]!])
    }

    /// How a cell ended.
    enum CellOutcome {
        /// The text of its execute_result (nil if none) and the reply's payload.
        case ok(String?, [JSONObject])
        case failed(ename: String, evalue: String, traceback: [String])
    }

    func runCell(_ code: String, count: Int) -> CellOutcome {
        let trimmed = code.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.hasPrefix(":") { return command(trimmed, count: count) }
        let result = interpreter.evaluate(code, name: "cell[\(count)]")
        let errors = result.diagnostics.filter { $0.severity == .error }
        if result.outcome == .success || errors.isEmpty {
            guard let display = result.display else { return .ok(nil, []) }
            if let cell, !cell.silent {
                var data: JSONObject = ["text/plain": display]
                if let tensor = result.tensor, let html = MIMEBundle.tensorTable(shape: tensor.shape.array, values: tensor.toArray()) {
                    data["text/html"] = html
                }
                publish("execute_result", ["execution_count": count, "data": data, "metadata": JSONObject()], parent: cell.parent)
            }
            return .ok(display, [])
        }
        if result.interrupted {
            return .failed(ename: "KeyboardInterrupt", evalue: "interrupted (the variables are kept)",
                           traceback: ["\u{1b}[0;31mKeyboardInterrupt\u{1b}[0m: the cell was interrupted; its variables so far are kept"])
        }
        let renderer = DiagnosticRenderer(color: true)
        let traceback = errors.flatMap { renderer.render($0).components(separatedBy: "\n") }
        let first = errors[0]
        let ename = result.outcome == .staticError ? "StaticError" : "RuntimeError"
        return .failed(ename: ename, evalue: first.message, traceback: traceback)
    }

    /// Answers every execute request already waiting with `aborted`, without running it.
    func abortQueued() {
        while Socket.poll([shell], timeout: 0).first == true, let frames = shell.receive() {
            guard let request = Message.decode(frames, signer: signer) else { continue }
            guard request.type == "execute_request" else {
                handleShell(request)
                continue
            }
            publishStatus("busy", parent: request.header)
            reply(request, type: "execute_reply",
                  content: ["status": "aborted", "execution_count": executionCount], on: shell, metadata: ["status": "aborted"])
            publishStatus("idle", parent: request.header)
        }
    }

    // MARK: commands

    /// A `:command` cell.
    func command(_ line: String, count: Int) -> CellOutcome {
        let name = String(line.prefix { !$0.isWhitespace })
        let argument = line.dropFirst(name.count).trimmingCharacters(in: .whitespaces)
        switch name {
        case ":help", ":h", ":?":
            guard let text = helpText(argument.isEmpty ? nil : argument) else {
                return usage("no help for '\(argument)'")
            }
            return .ok(nil, [["source": "page", "data": ["text/plain": text], "start": 0]])
        case ":clear":
            if let cell, !cell.silent { publish("clear_output", ["wait": false], parent: cell.parent) }
            return .ok(nil, [])
        case ":seed":
            guard let n = UInt64(argument) else { return usage("usage: :seed N (a whole number)") }
            interpreter.seed(n)
            return .ok(nil, [])
        case ":reset":
            interpreter = Interpreter(seed: seed)
            attach(interpreter)
            return .ok(nil, [])
        default:
            return usage("unknown command '\(name)'; in a notebook: :help [name], :clear, :seed N, :reset")
        }
    }

    func usage(_ message: String) -> CellOutcome {
        .failed(ename: "UsageError", evalue: message, traceback: ["\u{1b}[1;31merror\u{1b}[0m: " + message])
    }
}
