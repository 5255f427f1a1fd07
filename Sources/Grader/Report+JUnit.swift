// Report+JUnit: JUnit XML for CI dashboards (GitLab, Jenkins, GitHub test reporters). JUnit
// has no points, so they travel in per-testcase <properties> (tolerated by Jenkins and GitLab,
// though not in the strict xunit2 schema); a wrong answer is a <failure>, a crash or a limit
// an <error>.

extension GradeReport {
    public func junit() -> String {
        let errors = results.filter { $0.status == .error }.count
        let failures = results.filter { $0.status == .failed }.count
        let suite = xmlEscape(exerciseID)
        let counts = "tests=\"\(results.count)\" failures=\"\(failures)\" errors=\"\(errors)\" skipped=\"0\" time=\"\(seconds3(seconds))\""
        var lines = ["<?xml version=\"1.0\" encoding=\"UTF-8\"?>",
                     "<testsuites name=\"\(suite)\" \(counts)>",
                     "  <testsuite name=\"\(suite)\" \(counts)>"]
        for r in results {
            lines.append("    <testcase classname=\"\(suite)\" name=\"\(xmlEscape(r.name))\" time=\"\(seconds3(r.seconds))\">")
            lines.append("      <properties><property name=\"score\" value=\"\(formatPoints(r.score))\"/>"
                         + "<property name=\"max_score\" value=\"\(formatPoints(r.maxScore))\"/>"
                         + "<property name=\"hidden\" value=\"\(r.spec.hidden)\"/></properties>")
            let headline = xmlEscape(String(r.message.split(separator: "\n").first ?? ""))
            switch r.status {
            case .passed: break
            case .failed: lines.append("      <failure message=\"\(headline)\" type=\"CheckFailed\">\(xmlEscape(r.message))</failure>")
            case .error: lines.append("      <error message=\"\(headline)\" type=\"SubmissionError\">\(xmlEscape(r.message))</error>")
            }
            if !r.stdout.isEmpty { lines.append("      <system-out>\(xmlEscape(r.stdout))</system-out>") }
            lines.append("    </testcase>")
        }
        lines += ["  </testsuite>", "</testsuites>"]
        return lines.joined(separator: "\n") + "\n"
    }
}

/// Text safe inside XML attributes and elements (control characters other than tab and
/// newline, which XML 1.0 forbids, become U+FFFD).
func xmlEscape(_ s: String) -> String {
    var out = ""
    for u in s.unicodeScalars {
        switch u {
        case "&": out += "&amp;"
        case "<": out += "&lt;"
        case ">": out += "&gt;"
        case "\"": out += "&quot;"
        case "'": out += "&apos;"
        case "\n", "\t": out.unicodeScalars.append(u)
        default: out.unicodeScalars.append(u.value < 0x20 || u.value == 0x7F ? "\u{FFFD}" : u)
        }
    }
    return out
}
