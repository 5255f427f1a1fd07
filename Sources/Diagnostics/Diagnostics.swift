// Diagnostics: source files, spans, and the one formatter that renders every error.
