// Report+JUnit: JUnit XML for CI dashboards, in the form the common Jenkins/Surefire schema
// accepts: `properties` only on the testsuite (points as `N.score` / `N.max_score`, N the check's
// number), no `skipped` on testsuites. A wrong answer is a <failure>, a crash or a limit an
// <error>; its `message` attribute is the headline a CI summary shows, the error itself. The
// testsuite is named after the student, so a CI page of a class lists students.

extension GradeReport {
    public func junit() -> String {
        let errors = results.filter { $0.status == .error }.count
        let failures = results.filter { $0.status == .failed }.count
        // The suite is the student (CI lists suites), the class name the exercise.
        let suite = xmlEscape(exerciseID), student = xmlEscape(studentName)
        let counts = "tests=\"\(results.count)\" failures=\"\(failures)\" errors=\"\(errors)\" time=\"\(seconds3(seconds))\""
        var lines = ["<?xml version=\"1.0\" encoding=\"UTF-8\"?>",
                     "<testsuites name=\"\(suite)\" \(counts)>",
                     "  <testsuite name=\"\(student)\" \(counts) skipped=\"0\">",
                     "    <properties>",
                     "      <property name=\"score\" value=\"\(formatPoints(score))\"/>",
                     "      <property name=\"max_score\" value=\"\(formatPoints(maxScore))\"/>"]
        for r in results {
            lines.append("      <property name=\"\(r.spec.number).score\" value=\"\(formatPoints(r.score))\"/>"
                         + "<property name=\"\(r.spec.number).max_score\" value=\"\(formatPoints(r.maxScore))\"/>"
                         + "<property name=\"\(r.spec.number).hidden\" value=\"\(r.spec.hidden)\"/>")
        }
        lines.append("    </properties>")
        for r in results {
            lines.append("    <testcase classname=\"\(suite)\" name=\"\(xmlEscape(r.name))\" time=\"\(seconds3(r.seconds))\">")
            let headline = xmlEscape(Self.headline(r.message))
            switch r.status {
            case .passed: break
            case .failed:
                let type = r.isPartial ? "PartialCredit" : "CheckFailed"
                lines.append("      <failure message=\"\(headline)\" type=\"\(type)\">\(xmlEscape(r.message))</failure>")
            case .error: lines.append("      <error message=\"\(headline)\" type=\"SubmissionError\">\(xmlEscape(r.message))</error>")
            }
            if !r.stdout.isEmpty { lines.append("      <system-out>\(xmlEscape(r.stdout))</system-out>") }
            lines.append("    </testcase>")
        }
        lines += ["  </testsuite>", "</testsuites>"]
        return lines.joined(separator: "\n") + "\n"
    }
}

extension GradeReport {
    /// The first line of `message`; when that only introduces what follows ("your file has an
    /// error, so no check could run:"), the next line too, so the error itself is in the headline.
    static func headline(_ message: String) -> String {
        let lines = message.split(separator: "\n")
        guard let first = lines.first else { return "" }
        return first.hasSuffix(":") && lines.count > 1 ? first + " " + lines[1] : String(first)
    }
}

/// Text safe inside XML attributes and elements: every character XML 1.0 forbids (controls
/// other than tab, newline and carriage return; U+FFFE and U+FFFF) becomes U+FFFD.
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
        default:
            let forbidden = u.value < 0x20 || u.value == 0x7F || u.value == 0xFFFE || u.value == 0xFFFF
            out.unicodeScalars.append(forbidden ? "\u{FFFD}" : u)
        }
    }
    return out
}
