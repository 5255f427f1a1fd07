// NNTests
