// Autograd: reverse-mode differentiation over TensorCore. One derivative table.
