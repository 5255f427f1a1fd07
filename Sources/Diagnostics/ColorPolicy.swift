// ColorPolicy: whether to colour a stream — the one rule every room follows (diagnostics,
// the REPL, the grader's report, `cajal run`, terminal plots), as no-color.org and CPython
// 3.13 decide it.

/// Whether to colour a stream, decided once from the environment, in this order (the order
/// CPython 3.13 uses): `NO_COLOR` set and non-empty → no colour; `FORCE_COLOR` set,
/// non-empty and not `0` → colour (`FORCE_COLOR=0` turns forcing off, as Node's tools read
/// it); `TERM=dumb` → no colour; otherwise colour exactly when the stream is a terminal.
public struct ColorPolicy: Sendable, Equatable {
    public var enabled: Bool

    public init(enabled: Bool) { self.enabled = enabled }

    public static func decide(environment env: [String: String], isTerminal: Bool) -> ColorPolicy {
        if let v = env["NO_COLOR"], !v.isEmpty { return ColorPolicy(enabled: false) }
        if let v = env["FORCE_COLOR"], !v.isEmpty, v != "0" { return ColorPolicy(enabled: true) }
        if env["TERM"] == "dumb" { return ColorPolicy(enabled: false) }
        return ColorPolicy(enabled: isTerminal)
    }

    /// Wraps `text` in the SGR code (`"1;31"` is bold red) when enabled.
    public func paint(_ text: String, _ code: String) -> String {
        guard enabled, !text.isEmpty else { return text }
        return "\u{1B}[\(code)m\(text)\u{1B}[0m"
    }

    /// Like `paint`, with the escapes marked invisible (\001 … \002) for a readline prompt.
    public func paintPrompt(_ text: String, _ code: String) -> String {
        guard enabled, !text.isEmpty else { return text }
        return "\u{01}\u{1B}[\(code)m\u{02}\(text)\u{01}\u{1B}[0m\u{02}"
    }
}
