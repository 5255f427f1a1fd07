// Report+TAP: TAP version 13 (Debian 12's `prove`, TAP::Harness 3.44, refuses "version 14";
// a TAP 14 harness reads 13). Each test line is followed by a 2-space YAML block with the
// points and the message as a JSON-style quoted string, so nothing a submission prints or
// says can start a line of its own.

extension GradeReport {
    public func tap() -> String {
        var lines = ["TAP version 13", "1..\(results.count)"]
        for (i, r) in results.enumerated() {
            let name = r.name.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "#", with: "\\#")
                .replacingOccurrences(of: "\n", with: " ")
            let hidden = r.spec.hidden ? " (hidden)" : ""
            lines.append("\(r.status == .passed ? "ok" : "not ok") \(i + 1) - \(name)\(hidden)")
            lines.append("  ---")
            if r.status != .passed {
                lines.append("  message: \(JSON.quote(r.message))")
                lines.append("  severity: \(r.status == .error ? "error" : r.isPartial ? "partial" : "fail")")
            }
            lines.append("  score: \(formatPoints(r.score))")
            lines.append("  max_score: \(formatPoints(r.maxScore))")
            lines.append("  ...")
        }
        lines.append("# score \(formatPoints(score))/\(formatPoints(maxScore))")
        return lines.joined(separator: "\n") + "\n"
    }
}
