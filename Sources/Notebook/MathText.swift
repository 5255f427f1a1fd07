// MathText: LaTeX-ish math made readable as plain Unicode (both in the terminal and in the
// exported page, which loads no math library): Greek letters and common symbols by name,
// \frac{a}{b} as (a)/(b), single-character super- and subscripts as Unicode where they exist.

enum MathText {
    static let symbols: [String: String] = [
        "alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "epsilon": "ε", "varepsilon": "ε",
        "zeta": "ζ", "eta": "η", "theta": "θ", "lambda": "λ", "mu": "μ", "nu": "ν", "xi": "ξ",
        "pi": "π", "rho": "ρ", "sigma": "σ", "tau": "τ", "phi": "φ", "varphi": "φ", "chi": "χ",
        "psi": "ψ", "omega": "ω", "Gamma": "Γ", "Delta": "Δ", "Theta": "Θ", "Lambda": "Λ",
        "Sigma": "Σ", "Phi": "Φ", "Psi": "Ψ", "Omega": "Ω",
        "sum": "Σ", "prod": "Π", "partial": "∂", "nabla": "∇", "infty": "∞", "cdot": "·",
        "times": "×", "le": "≤", "leq": "≤", "ge": "≥", "geq": "≥", "ne": "≠", "neq": "≠",
        "approx": "≈", "to": "→", "rightarrow": "→", "leftarrow": "←", "gets": "←", "in": "∈",
        "sqrt": "√", "pm": "±", "odot": "⊙", "circ": "∘", "mid": "|", "ldots": "…", "dots": "…",
        "log": "log", "exp": "exp", "max": "max", "min": "min", "tanh": "tanh", "quad": "  ",
        "lVert": "‖", "rVert": "‖", "|": "‖", "top": "ᵀ", ",": " ", ";": " ", "!": "",
    ]
    static let superscripts: [Character: Character] = [
        "0": "⁰", "1": "¹", "2": "²", "3": "³", "4": "⁴", "5": "⁵", "6": "⁶", "7": "⁷", "8": "⁸",
        "9": "⁹", "+": "⁺", "-": "⁻", "T": "ᵀ", "n": "ⁿ", "i": "ⁱ", "(": "⁽", ")": "⁾",
    ]
    static let subscripts: [Character: Character] = [
        "0": "₀", "1": "₁", "2": "₂", "3": "₃", "4": "₄", "5": "₅", "6": "₆", "7": "₇", "8": "₈",
        "9": "₉", "i": "ᵢ", "j": "ⱼ", "k": "ₖ", "t": "ₜ", "n": "ₙ", "+": "₊", "-": "₋",
    ]

    /// `source` with commands, fractions and scripts rewritten.
    static func render(_ source: String) -> String {
        var s = Array(source)
        var out = ""
        var i = 0
        while i < s.count {
            let c = s[i]
            if c == "\\" {
                var j = i + 1
                while j < s.count, s[j].isLetter { j += 1 }
                if j == i + 1, j < s.count { j += 1 }
                let name = String(s[(i + 1)..<j])
                i = j
                if name == "frac", let (a, afterA) = group(s, i), let (b, afterB) = group(s, afterA) {
                    out += wrap(render(a)) + "/" + wrap(render(b))
                    i = afterB
                } else if name == "text" || name == "mathrm" || name == "mathbf" || name == "operatorname", let (a, after) = group(s, i) {
                    out += a
                    i = after
                } else if name == "left" || name == "right" || name == "big" || name == "Big" {
                    continue
                } else {
                    out += symbols[name] ?? name
                }
            } else if c == "^" || c == "_" {
                let table = c == "^" ? superscripts : subscripts
                var arg: String
                if let (g, after) = group(s, i + 1) { arg = g; i = after } else if i + 1 < s.count { arg = String(s[i + 1]); i += 2 } else { arg = ""; i += 1 }
                arg = render(arg)
                let mapped = arg.map { table[$0] }
                if !arg.isEmpty, mapped.allSatisfy({ $0 != nil }) {
                    out += String(mapped.map { $0! })
                } else {
                    out += String(c) + (arg.count == 1 ? arg : "(" + arg + ")")
                }
            } else if c == "{" || c == "}" {
                i += 1
            } else {
                out.append(c)
                i += 1
            }
        }
        s = []
        return out
    }

    /// A `{...}` group at `i` (nested braces balanced): its text and the index after it.
    static func group(_ s: [Character], _ i: Int) -> (String, Int)? {
        guard i < s.count, s[i] == "{" else { return nil }
        var depth = 0
        var j = i
        while j < s.count {
            if s[j] == "{" { depth += 1 } else if s[j] == "}" { depth -= 1; if depth == 0 { return (String(s[(i + 1)..<j]), j + 1) } }
            j += 1
        }
        return nil
    }

    static func wrap(_ s: String) -> String {
        s.count <= 1 || s.allSatisfy({ $0.isLetter || $0.isNumber }) ? s : "(" + s + ")"
    }
}
