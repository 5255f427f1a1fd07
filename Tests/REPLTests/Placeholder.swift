// REPLTests
