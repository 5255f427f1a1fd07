// PreludeTests: the prelude (Sources/Interpreter/Prelude/*.cajal) loads into every session
// without problems; its names are globals the user may shadow without breaking it; `:source`
// and `:help` see its functions; and every example in its doc comments prints what it says.
import Foundation
import Interpreter
import Testing
import TestSupport

@Test func thePreludeLoadsWithoutProblems() {
    #expect(Interpreter.preludeProblems.isEmpty, "\(Interpreter.preludeProblems.map(\.description))")
    let r = runCajal("print(type(glorot_uniform))")
    #expect(r.lines == ["function"])
    #expect(r.errors.isEmpty)
}

@Test func preludeSourceIsTheDocCommentAndDefinitionAsWritten() throws {
    let interp = Interpreter()
    let source = try #require(interp.preludeSource(of: "glorot_uniform"))
    #expect(source.hasPrefix("# glorot_uniform(n_in, n_out): "))
    #expect(source.hasSuffix("fn glorot_uniform(n_in, n_out) = init_uniform([n_in, n_out], sqrt(6 / (n_in + n_out)))"))
    #expect(interp.preludeSource(of: "print") == nil)
    #expect(interp.preludeSource(of: "no_such_thing") == nil)
}

@Test func preludeHelpHasSignatureDocAndExample() throws {
    let entry = try #require(Interpreter().preludeHelp.first { $0.name == "init_weights" })
    #expect(entry.signature == "init_weights(kind, n_in, n_out)")
    #expect(entry.doc.hasPrefix("[n_in, n_out] initial weights named by `kind`"))
    #expect(entry.example.hasPrefix("print(init_weights(\"zeros\", 2, 3))"))
    #expect(entry.fileName == "<prelude>/init.cajal")
    #expect(entry.isPrelude)
}

@Test("prelude example", arguments: Interpreter().preludeHelp.map(\.name))
func preludeExampleRuns(_ name: String) {
    let entry = Interpreter().preludeHelp.first { $0.name == name }!
    let r = runCajal(entry.example)
    #expect(r.outcome == .success, "\(name): \(r.errors)")
    #expect(r.lines == expectedLines(entry.example), "\(name)")
    #expect(!expectedLines(entry.example).isEmpty, "\(name)'s example checks nothing")
}

@Test func aUserDefinitionShadowsAPreludeNameWithoutBreakingThePrelude() {
    // glorot_uniform calls init_uniform: the prelude's own, not the user's.
    let r = runCajal("""
    fn init_uniform(shape, a) = "mine"
    print(init_uniform([1], 1))
    print(glorot_uniform(2, 3).shape)
    """)
    #expect(r.errors.isEmpty, "\(r.errors)")
    #expect(r.lines == ["mine", "[2, 3]"])
}

@Test func preludeNamesAreNotUserGlobals() {
    let interp = Interpreter()
    _ = interp.run(source: "let mine = 1")
    #expect(interp.userGlobals.map(\.name) == ["mine"])
}

@Test func anErrorInsideThePreludeNamesThePreludeFileInTheStackTrace() {
    let r = runCajal("init_weights(\"bogus\", 1, 2)")
    #expect(r.outcome == .runtimeError)
    let text = r.errors.joined(separator: "\n")
    #expect(text.contains("in init_weights (<prelude>/init.cajal:"), "\(text)")
    #expect(text.contains("in <script> (test.cajal:1:1)"), "\(text)")
}

@Test func assigningToAPreludeFunctionIsAStaticError() {
    let r = runCajal("glorot_uniform = 3")
    #expect(r.outcome == .staticError)
    #expect(r.errors.first?.contains("cannot assign to builtin 'glorot_uniform'") == true, "\(r.errors)")
}

/// The names of the prelude's public API (docs/nn.md) that its layers, models, optimisers and
/// metrics files define (fit and plot_history live in train.cajal).
let contractNames = [
    "Dense", "ReLU", "Tanh", "Sigmoid", "LeakyReLU", "Softmax", "Step", "Sign", "Conv2D", "MaxPool2D",
    "AvgPool2D", "Flatten", "Dropout", "Embedding", "RNNCell", "RNN", "LSTMCell", "LSTM", "Sequential",
    "init_uniform", "init_normal", "glorot_uniform", "he_normal", "standard_uniform",
    "SGD", "Adam", "RMSprop", "parameters", "count_params", "summary", "predict", "accuracy",
    "confusion_matrix", "evaluate", "train_mode", "eval_mode",
]

@Test func everyContractNameIsADocumentedPreludeFunction() {
    let help = Interpreter().preludeHelp
    for name in contractNames {
        let entry = help.first { $0.name == name }
        #expect(entry != nil, "\(name) is missing")
        #expect(entry.map { !$0.doc.isEmpty && !$0.example.isEmpty } ?? false, "\(name) has no doc line or example")
    }
}
