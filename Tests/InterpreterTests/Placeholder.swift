// InterpreterTests
