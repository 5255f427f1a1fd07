// Report+Human: the terminal report. Colour is optional; the last line is always the plain
// `N passed, N failed` that CI scripts read. No timing, so it is byte-identical between runs.

extension GradeReport {
    /// The human report. `showHidden` marks hidden checks (teacher view).
    public func human(color: Bool = false) -> String {
        let green = color ? "\u{1B}[32m" : "", red = color ? "\u{1B}[31m" : "", yellow = color ? "\u{1B}[33m" : ""
        let bold = color ? "\u{1B}[1m" : "", reset = color ? "\u{1B}[0m" : ""
        var lines = ["\(bold)\(title)\(reset) (\(exerciseID)) — \(submission)", ""]
        // A file that cannot load stops every check the same way: say it once, above them.
        let shared = results.count > 1 && results.allSatisfy { $0.status == .error && !$0.message.isEmpty && $0.message == results[0].message }
        if shared {
            lines += results[0].message.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            lines.append("")
        }
        for r in results {
            let mark: String
            switch r.status {
            case .passed: mark = "\(green)✓\(reset)"
            case .failed: mark = r.score > 0 ? "\(yellow)~\(reset)" : "\(red)✗\(reset)"
            case .error: mark = "\(red)!\(reset)"
            }
            let hidden = r.spec.hidden ? " [hidden]" : ""
            lines.append("\(mark) \(r.spec.number). \(r.name)\(hidden)  \(formatPoints(r.score))/\(formatPoints(r.maxScore))")
            for l in r.message.split(separator: "\n", omittingEmptySubsequences: false) where !r.message.isEmpty && !shared {
                lines.append("    \(l)")
            }
        }
        lines.append("")
        lines.append("score: \(formatPoints(score))/\(formatPoints(maxScore))")
        let partial = results.filter(\.isPartial).count
        lines.append("\(passedCount) passed, \(failedCount) failed" + (partial > 0 ? " (\(partial) with partial credit)" : ""))
        return lines.joined(separator: "\n") + "\n"
    }
}
