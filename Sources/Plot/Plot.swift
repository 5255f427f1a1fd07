// Plot: line, scatter, heatmap, image-grid and histogram plots for the terminal, SVG and PNG.
