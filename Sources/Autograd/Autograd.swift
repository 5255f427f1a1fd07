// Autograd: reverse-mode differentiation over TensorCore. One derivative table.
//
// Where things are (docs/autograd.md tells the whole story):
//   Variable.swift       Variable (a tensor that may be differentiated, with its recorded op)
//   GradContext.swift    the recording switch of a session; withNoGrad / withGrad
//   Op.swift             the primitive ops and their printed names
//   Ops+*.swift          the forward of each primitive, recording a node only when needed
//   Derivatives.swift    THE derivative table (Variable.vjp) and sumTo for broadcasting
//   Backward.swift       topological sort and reverse sweep: backward, gradients(withRespectTo:)
//   Composite.swift      softmax, logsumexp, var, std, losses ... built from primitives
//   GraphPrinter.swift   graphDescription(), for the REPL's :graph
//   GradCheck.swift      finite-difference gradient checking and its tolerance rule
