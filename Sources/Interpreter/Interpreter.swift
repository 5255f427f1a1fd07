// Interpreter: the one room that knows both the language and the tensors.
