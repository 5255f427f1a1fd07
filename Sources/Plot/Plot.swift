// Plot: line, scatter, decision-region, heatmap, image-grid and histogram plots for the
// terminal, SVG and PNG. The module knows nothing of tensors or the language: it takes arrays
// of numbers, shapes and labels.
//
// The path of a figure:
//
//   Figure ──► prepare (finite values, ranges, notes) ──┬─► terminal: TextGrid ──► String (ANSI)
//                                                       └─► Scene (shapes in pixels) ─┬─► SVG text
//                                                                                     └─► cairo ─► PNG
//
// Public entry points (see docs/plots.md):
//   figure.terminal(TerminalOptions)            -> String   (lines joined by "\n", no trailing newline)
//   figure.terminalRedraw(previousHeight:options:) -> String (for live plots)
//   figure.svg()                                -> String
//   figure.png()                                -> [UInt8]
