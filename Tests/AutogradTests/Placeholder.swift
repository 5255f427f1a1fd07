// AutogradTests
