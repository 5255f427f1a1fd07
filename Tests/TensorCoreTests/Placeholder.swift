// TensorCoreTests
