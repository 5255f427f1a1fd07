// Report+JSON: the grader's own JSON and Gradescope's results.json (written to
// /autograder/results/results.json: a top-level score, and per test name, score, max_score,
// an explicit status, output and visibility; without a status Gradescope judges a test by its
// score, so a 0-of-0 check would show as passed).
// Keys come out in a fixed order and numbers in a fixed form, so identical runs give identical
// bytes apart from the timing fields (`seconds`, `execution_time`).

/// A minimal JSON writer with ordered keys.
indirect enum JSON {
    case string(String)
    case number(Double)
    case bool(Bool)
    case array([JSON])
    case object([(String, JSON)])

    func render(indent: Int = 0) -> String {
        let pad = String(repeating: "  ", count: indent + 1), end = String(repeating: "  ", count: indent)
        switch self {
        case .string(let s): return JSON.quote(s)
        case .number(let x): return formatPoints(x)
        case .bool(let b): return b ? "true" : "false"
        case .array(let xs):
            if xs.isEmpty { return "[]" }
            return "[\n" + xs.map { pad + $0.render(indent: indent + 1) }.joined(separator: ",\n") + "\n\(end)]"
        case .object(let kv):
            if kv.isEmpty { return "{}" }
            return "{\n" + kv.map { pad + JSON.quote($0.0) + ": " + $0.1.render(indent: indent + 1) }.joined(separator: ",\n") + "\n\(end)}"
        }
    }

    /// A JSON string literal: quotes, backslashes and every control character escaped.
    static func quote(_ s: String) -> String {
        var out = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            default:
                if u.value < 0x20 || u.value == 0x7F { out += String(format: "\\u%04x", u.value) } else { out.unicodeScalars.append(u) }
            }
        }
        return out + "\""
    }
}

extension GradeReport {
    /// The grader's JSON: every field of every check, hidden ones included.
    public func json() -> String {
        let checks: [JSON] = results.map { r in
            .object([
                ("number", .number(Double(r.spec.number))), ("name", .string(r.name)),
                ("hidden", .bool(r.spec.hidden)), ("status", .string(r.status.rawValue)),
                ("score", .number(r.score)), ("max_score", .number(r.maxScore)),
                ("message", .string(r.message)), ("stdout", .string(r.stdout)),
                ("seconds", .number((r.seconds * 1000).rounded() / 1000)),
            ])
        }
        return JSON.object([
            ("exercise", .string(exerciseID)), ("title", .string(title)), ("submission", .string(submission)),
            ("score", .number(score)), ("max_score", .number(maxScore)),
            ("passed", .number(Double(passedCount))), ("failed", .number(Double(failedCount))),
            ("seconds", .number((seconds * 1000).rounded() / 1000)), ("checks", .array(checks)),
        ]).render() + "\n"
    }

    /// Gradescope's results.json: explicit status on every test, hidden checks held back with
    /// `after_published` (they carry points; `hidden` is for zero-point tests), ANSI-coloured
    /// test output.
    public func gradescope() -> String {
        let tests: [JSON] = results.map { r in
            let mark = r.status == .passed ? "\u{1B}[32m✓ passed\u{1B}[0m"
                : r.isPartial ? "\u{1B}[33m~ partial credit\u{1B}[0m"
                : "\u{1B}[31m✗ \(r.status == .error ? "error" : "failed")\u{1B}[0m"
            var fields: [(String, JSON)] = [
                ("name", .string(r.name)), ("number", .string("\(r.spec.number)")),
                ("score", .number(r.score)), ("max_score", .number(r.maxScore)),
                ("status", .string(r.status == .passed ? "passed" : "failed")),
                ("output", .string(r.message.isEmpty ? mark : mark + "\n" + r.message)),
                ("output_format", .string("ansi")),
                ("visibility", .string(r.spec.hidden ? "after_published" : "visible")),
            ]
            if r.spec.hidden { fields.append(("tags", .array([.string("hidden")]))) }
            return .object(fields)
        }
        // Named after the file graded, whatever the student called it.
        let file = submission.isEmpty ? "" : " (\(submission))"
        let summary = "\(title)\(file): \(passedCount) of \(results.count) checks passed, \(formatPoints(score))/\(formatPoints(maxScore)) points"
        return JSON.object([
            ("score", .number(score)), ("execution_time", .number(seconds.rounded(.up))),
            ("output", .string(summary)), ("output_format", .string("text")),
            ("test_output_format", .string("ansi")), ("test_name_format", .string("text")),
            ("visibility", .string("visible")), ("stdout_visibility", .string("hidden")),
            ("tests", .array(tests)),
        ]).render() + "\n"
    }
}

func seconds3(_ s: Double) -> String {
    String(format: "%.3f", s)
}
