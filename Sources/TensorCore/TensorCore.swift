// TensorCore: float32 N-dimensional tensors on OpenBLAS. Knows nothing of the language.
