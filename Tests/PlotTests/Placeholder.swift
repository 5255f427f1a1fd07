// PlotTests
