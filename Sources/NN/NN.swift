// NN: Swift kernels for the neural-network library (the rest lives in the Cajal prelude).
