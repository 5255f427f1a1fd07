// MathText+Tables: what each TeX command of the lessons' math becomes in Unicode — symbols by
// name, accents as combining marks, font commands, big-operator and function names, and the
// characters that have super- and subscript forms. A command in none of these tables is shown
// as written (`\foo`), so a lesson using it fails the prose test instead of showing `foo`.

extension MathText {
    /// Symbols that read like letters: a space after them is dropped before a letter or digit
    /// (TeX's rule after a control word), so `\partial E` shows `∂E` and `\Delta w` shows `Δw`.
    static let letters: [String: String] = [
        "alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "epsilon": "ε", "varepsilon": "ε",
        "zeta": "ζ", "eta": "η", "theta": "θ", "vartheta": "ϑ", "iota": "ι", "kappa": "κ", "lambda": "λ",
        "mu": "μ", "nu": "ν", "xi": "ξ", "pi": "π", "varpi": "ϖ", "rho": "ρ", "varrho": "ϱ", "sigma": "σ",
        "varsigma": "ς", "tau": "τ", "upsilon": "υ", "phi": "φ", "varphi": "φ", "chi": "χ", "psi": "ψ",
        "omega": "ω", "Gamma": "Γ", "Delta": "Δ", "Theta": "Θ", "Lambda": "Λ", "Xi": "Ξ", "Pi": "Π",
        "Sigma": "Σ", "Upsilon": "Υ", "Phi": "Φ", "Psi": "Ψ", "Omega": "Ω",
        "partial": "∂", "nabla": "∇", "infty": "∞", "ell": "ℓ", "hbar": "ℏ", "emptyset": "∅",
        "varnothing": "∅", "aleph": "ℵ", "Re": "ℜ", "Im": "ℑ", "prime": "′",
    ]

    /// Operators, relations, arrows, delimiters and big operators: shown with the source's own spacing.
    static let symbols: [String: String] = [
        "sum": "∑", "prod": "∏", "coprod": "∐", "int": "∫", "iint": "∬", "oint": "∮", "bigcup": "⋃",
        "bigcap": "⋂", "cdot": "·", "cdots": "⋯", "ldots": "…", "dots": "…", "vdots": "⋮", "ddots": "⋱",
        "times": "×", "div": "÷", "pm": "±", "mp": "∓", "ast": "∗", "star": "⋆", "circ": "∘", "bullet": "•",
        "odot": "⊙", "oplus": "⊕", "otimes": "⊗", "cap": "∩", "cup": "∪", "setminus": "∖", "wedge": "∧",
        "land": "∧", "vee": "∨", "lor": "∨", "neg": "¬", "lnot": "¬",
        "le": "≤", "leq": "≤", "ge": "≥", "geq": "≥", "ne": "≠", "neq": "≠", "ll": "≪", "gg": "≫",
        "approx": "≈", "sim": "∼", "simeq": "≃", "cong": "≅", "equiv": "≡", "propto": "∝", "doteq": "≐",
        "in": "∈", "notin": "∉", "ni": "∋", "subset": "⊂", "supset": "⊃", "subseteq": "⊆", "supseteq": "⊇",
        "forall": "∀", "exists": "∃", "mid": "|", "parallel": "∥", "perp": "⊥",
        "to": "→", "rightarrow": "→", "leftarrow": "←", "gets": "←", "leftrightarrow": "↔",
        "Rightarrow": "⇒", "Leftarrow": "⇐", "Leftrightarrow": "⇔", "implies": "⇒", "iff": "⇔",
        "mapsto": "↦", "uparrow": "↑", "downarrow": "↓", "longrightarrow": "⟶", "longmapsto": "⟼",
        "langle": "⟨", "rangle": "⟩", "lvert": "|", "rvert": "|", "vert": "|", "lVert": "‖", "rVert": "‖",
        "Vert": "‖", "lfloor": "⌊", "rfloor": "⌋", "lceil": "⌈", "rceil": "⌉", "lbrace": "{", "rbrace": "}",
        "top": "ᵀ", "intercal": "ᵀ", "dagger": "†", "degree": "°", "checkmark": "✓",
        "{": "{", "}": "}", "|": "‖", "_": "_", "%": "%", "$": "$", "#": "#", "&": "&",
    ]

    /// Named functions (upright in TeX): shown as their name.
    static let functions: Set<String> = [
        "log", "ln", "lg", "exp", "sin", "cos", "tan", "sec", "csc", "cot", "arcsin", "arccos", "arctan",
        "sinh", "cosh", "tanh", "coth", "max", "min", "sup", "inf", "lim", "liminf", "limsup", "arg",
        "argmax", "argmin", "det", "dim", "ker", "deg", "gcd", "Pr", "tr", "diag", "sgn", "sign",
    ]

    /// Spacing commands: how many spaces each shows as (0: none; thin spaces show as one).
    static let spaces: [String: Int] = [
        ",": 1, ":": 1, ";": 1, " ": 1, ">": 1, "enspace": 1, "thinspace": 1, "medspace": 1,
        "thickspace": 1, "quad": 2, "qquad": 4, "!": 0, "negthinspace": 0,
    ]

    /// Accents, as the combining mark put on each character of their argument.
    static let accents: [String: Character] = [
        "tilde": "\u{0303}", "widetilde": "\u{0303}", "hat": "\u{0302}", "widehat": "\u{0302}",
        "check": "\u{030C}", "bar": "\u{0304}", "overline": "\u{0305}", "underline": "\u{0332}",
        "vec": "\u{20D7}", "dot": "\u{0307}", "ddot": "\u{0308}", "acute": "\u{0301}", "grave": "\u{0300}",
        "breve": "\u{0306}",
    ]

    /// Commands whose argument is shown as it is written (text), or rendered in another font
    /// that the terminal does not have (the letters stay as they are).
    static let textCommands: Set<String> = ["text", "textrm", "textit", "textbf", "textsf", "texttt", "mbox"]
    static let fontCommands: Set<String> = [
        "mathrm", "mathit", "mathbf", "mathsf", "mathtt", "boldsymbol", "bm", "operatorname", "mathnormal",
    ]

    /// Blackboard bold and script letters that Unicode has.
    static let blackboard: [Character: String] = [
        "R": "ℝ", "N": "ℕ", "Z": "ℤ", "Q": "ℚ", "C": "ℂ", "E": "𝔼", "P": "ℙ", "1": "𝟙",
    ]
    static let calligraphic: [Character: String] = [
        "L": "ℒ", "N": "𝒩", "O": "𝒪", "D": "𝒟", "H": "ℋ", "F": "ℱ", "B": "ℬ", "E": "ℰ", "M": "ℳ",
        "R": "ℛ", "I": "ℐ", "X": "𝒳", "Y": "𝒴", "A": "𝒜", "S": "𝒮", "T": "𝒯", "P": "𝒫", "C": "𝒞",
    ]

    /// Sizing and delimiter-pairing commands: dropped, the delimiter after them stays.
    static let sizing: Set<String> = [
        "left", "right", "middle", "big", "Big", "bigg", "Bigg", "bigl", "bigr", "Bigl", "Bigr", "biggl",
        "biggr", "Biggl", "Biggr", "displaystyle", "textstyle", "limits", "nolimits",
    ]

    static let superscripts: [Character: Character] = [
        "0": "⁰", "1": "¹", "2": "²", "3": "³", "4": "⁴", "5": "⁵", "6": "⁶", "7": "⁷", "8": "⁸",
        "9": "⁹", "+": "⁺", "-": "⁻", "=": "⁼", "(": "⁽", ")": "⁾", "T": "ᵀ", "ᵀ": "ᵀ", "n": "ⁿ",
        "i": "ⁱ", "′": "′", "'": "′", "*": "*", "†": "†",
    ]
    static let subscripts: [Character: Character] = [
        "0": "₀", "1": "₁", "2": "₂", "3": "₃", "4": "₄", "5": "₅", "6": "₆", "7": "₇", "8": "₈",
        "9": "₉", "+": "₊", "-": "₋", "=": "₌", "(": "₍", ")": "₎", "a": "ₐ", "e": "ₑ", "h": "ₕ",
        "i": "ᵢ", "j": "ⱼ", "k": "ₖ", "l": "ₗ", "m": "ₘ", "n": "ₙ", "o": "ₒ", "p": "ₚ", "r": "ᵣ",
        "s": "ₛ", "t": "ₜ", "u": "ᵤ", "v": "ᵥ", "x": "ₓ",
    ]

    /// The brackets an environment is drawn with: (left, right) for one row, and for taller
    /// ones (top, middle, bottom) on each side.
    static let environmentBrackets: [String: (String, String)] = [
        "matrix": ("", ""), "pmatrix": ("(", ")"), "bmatrix": ("[", "]"), "Bmatrix": ("{", "}"),
        "vmatrix": ("|", "|"), "Vmatrix": ("‖", "‖"), "cases": ("{", ""), "aligned": ("", ""),
        "align": ("", ""), "align*": ("", ""), "gathered": ("", ""), "split": ("", ""), "array": ("", ""),
        "smallmatrix": ("", ""),
    ]
    static let tallBrackets: [String: (top: String, middle: String, bottom: String, extension: String)] = [
        "(": ("⎛", "⎜", "⎝", "⎜"), ")": ("⎞", "⎟", "⎠", "⎟"), "[": ("⎡", "⎢", "⎣", "⎢"), "]": ("⎤", "⎥", "⎦", "⎥"),
        "{": ("⎧", "⎨", "⎩", "⎪"), "}": ("⎫", "⎬", "⎭", "⎪"), "|": ("│", "│", "│", "│"), "‖": ("‖", "‖", "‖", "‖"),
    ]
}
