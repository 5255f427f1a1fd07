// DiagnosticID: stable error identifiers, and the one table of their meanings from which
// docs/errors.md is generated (a test keeps the two in step).
//
// Ranges: E00xx usage and files, E01xx lexing, E02xx parsing, E03xx resolving, E04xx imports,
// E05xx runtime, E06xx tensors and shapes. An ID, once published, never changes meaning.

/// A stable identifier such as `E0301`.
public struct DiagnosticID: Hashable, Sendable, CustomStringConvertible, ExpressibleByStringLiteral {
    public let code: String
    public init(_ code: String) { self.code = code }
    public init(stringLiteral value: String) { self.code = value }
    public var description: String { code }
}

/// One row of the catalog: an ID, a short title, and a one-line meaning.
public struct DiagnosticEntry: Sendable {
    public let id: DiagnosticID
    public let title: String
    public let meaning: String
}

/// The table of every stable diagnostic ID.
public enum DiagnosticCatalog {
    public static func entry(_ id: DiagnosticID) -> DiagnosticEntry? {
        entries.first { $0.id == id }
    }

    public static let entries: [DiagnosticEntry] = usage + lexing + parsing + resolving + imports
        + runtime + tensors

    static let usage: [DiagnosticEntry] = [
        .init(id: .usage, title: "usage", meaning: "The command line was not understood."),
        .init(id: .fileNotReadable, title: "file not readable", meaning: "A source file could not be read."),
    ]

    static let lexing: [DiagnosticEntry] = [
        .init(id: .invalidUTF8, title: "invalid UTF-8", meaning: "The file holds bytes that are not valid UTF-8 text."),
        .init(id: .unexpectedCharacter, title: "unexpected character", meaning: "A character that cannot start any token."),
        .init(id: .unterminatedString, title: "unterminated string", meaning: "A string literal has no closing quote on its line (or no closing `\"\"\"`)."),
        .init(id: .invalidEscape, title: "invalid escape", meaning: "A backslash in a string is followed by something other than n t \\ \" { }."),
        .init(id: .malformedNumber, title: "malformed number", meaning: "A number literal is badly formed (`1e`, `1__0`, `1_`)."),
        .init(id: .badInterpolation, title: "bad interpolation", meaning: "A `{...}` in a string is empty or never closed."),
        .init(id: .doubleSlash, title: "`//` is not a comment", meaning: "Comments start with `#`; there is no `//` operator (use floor(a / b))."),
        .init(id: .singleQuote, title: "single-quoted string", meaning: "Strings use double quotes."),
    ]

    static let parsing: [DiagnosticEntry] = [
        .init(id: .expectedExpression, title: "expected expression", meaning: "An expression was needed here."),
        .init(id: .expectedToken, title: "expected token", meaning: "A specific token (a bracket, a name, `in`, ...) was needed here."),
        .init(id: .expectedStatementEnd, title: "expected end of statement", meaning: "Two statements on one line need a `;` or a newline between them."),
        .init(id: .assignmentInCondition, title: "`=` in a condition", meaning: "A condition used `=` (assignment) where `==` (comparison) was meant."),
        .init(id: .chainedComparison, title: "chained comparison", meaning: "`a < b < c` is not allowed; write `a < b and b < c`."),
        .init(id: .missingBrace, title: "missing `{`", meaning: "A block (after if, else, while, for, fn) must start with `{`."),
        .init(id: .elifSpelling, title: "`elif`", meaning: "Cajal spells it `else if`."),
        .init(id: .functionKeyword, title: "`def`/`function`", meaning: "Functions are declared with `fn`."),
        .init(id: .invalidAssignmentTarget, title: "invalid assignment target", meaning: "Only a name, a field `a.b` or an element `a[i]` can be assigned to."),
        .init(id: .colonAfterCondition, title: "`:` after a condition", meaning: "Python's `if x:` is written `if x { ... }` in Cajal."),
        .init(id: .positionalAfterNamed, title: "positional after named", meaning: "Positional arguments must come before named ones."),
        .init(id: .chainedRange, title: "chained range", meaning: "`a..<b..<c` is not allowed; ranges do not chain."),
        .init(id: .missingInitializer, title: "missing initializer", meaning: "`let` and `var` need a value: `let x = 0`."),
        .init(id: .keywordAsName, title: "keyword used as a name", meaning: "A reserved word cannot name a variable, parameter or field."),
        .init(id: .unclosedBracket, title: "unclosed bracket", meaning: "A `(`, `[` or `{` is never closed."),
        .init(id: .unmatchedBracket, title: "unmatched bracket", meaning: "A `)`, `]` or `}` has no opening partner."),
        .init(id: .misplacedStatement, title: "misplaced statement", meaning: "This statement cannot appear here (an `else` without `if`, a declaration inside an expression)."),
        .init(id: .nestingTooDeep, title: "nested too deeply", meaning: "Brackets, blocks or operators are nested more than 100 levels deep, or one expression is more than 2,000 levels deep (a chain such as a sum of thousands of terms)."),
        .init(id: .tooLargeToCompile, title: "too large to compile", meaning: "One function (or the top level of a file) needs more registers, constants or jump distance than the bytecode holds; split it."),
    ]

    static let resolving: [DiagnosticEntry] = [
        .init(id: .undeclaredVariable, title: "undeclared variable", meaning: "A name is used or assigned that no `let`, `var`, `fn`, parameter or builtin declares."),
        .init(id: .assignToConstant, title: "assignment to a constant", meaning: "A `let`, a `fn` name or a loop variable cannot be assigned; declare it with `var`."),
        .init(id: .breakOutsideLoop, title: "`break` outside a loop", meaning: "`break` only works inside `for` or `while`."),
        .init(id: .continueOutsideLoop, title: "`continue` outside a loop", meaning: "`continue` only works inside `for` or `while`."),
        .init(id: .returnOutsideFunction, title: "`return` outside a function", meaning: "`return` only works inside `fn`."),
        .init(id: .duplicateParameter, title: "duplicate parameter", meaning: "Two parameters of one function have the same name."),
        .init(id: .defaultBeforeRequired, title: "parameter without default after one with", meaning: "Parameters with defaults must follow those without."),
        .init(id: .redeclaration, title: "redeclaration", meaning: "A name is declared twice in the same block or function (allowed only at top level)."),
        .init(id: .selfInitializer, title: "variable used in its own initializer", meaning: "`let x = x + 1` inside a block reads the variable it is declaring."),
        .init(id: .importNotAtTopLevel, title: "import not at top level", meaning: "`import` may only appear at the top level of a file."),
        .init(id: .duplicateField, title: "duplicate field", meaning: "A record literal names the same field twice."),
    ]

    static let imports: [DiagnosticEntry] = [
        .init(id: .importNotFound, title: "import not found", meaning: "The imported file does not exist (paths are relative to the importing file)."),
        .init(id: .importCycle, title: "import cycle", meaning: "Files import each other in a cycle."),
    ]

    static let runtime: [DiagnosticEntry] = [
        .init(id: .divisionByZero, title: "division by zero", meaning: "A number was divided by zero (tensors follow IEEE instead)."),
        .init(id: .conditionNotBool, title: "condition must be a bool", meaning: "`if`, `while`, `and`, `or`, `not` need a bool; compare explicitly."),
        .init(id: .stackOverflow, title: "stack overflow", meaning: "Recursion went deeper than the limit."),
        .init(id: .interrupted, title: "interrupted", meaning: "The run was stopped: Ctrl-C, or a limit its host set (the grader's time, output or memory limit)."),
        .init(id: .assertionFailed, title: "assertion failed", meaning: "An `assert` condition was false."),
        .init(id: .notCallable, title: "not callable", meaning: "A value that is not a function was called."),
        .init(id: .badArgument, title: "bad argument", meaning: "A function got an argument of the wrong type or value."),
        .init(id: .argumentMismatch, title: "argument mismatch", meaning: "A call has missing, extra, unknown or duplicate arguments."),
        .init(id: .indexOutOfRange, title: "index out of range", meaning: "An index is outside a list, string or tensor axis."),
        .init(id: .unknownField, title: "unknown field", meaning: "A record has no such field, or a value has no such property or method."),
        .init(id: .typeMismatch, title: "type mismatch", meaning: "An operator does not apply to these kinds of values."),
        .init(id: .usedBeforeDefinition, title: "used before definition", meaning: "A global was read before the line that defines it ran."),
        .init(id: .notIterable, title: "not iterable", meaning: "`for` was given a value it cannot iterate."),
        .init(id: .destructureMismatch, title: "destructuring mismatch", meaning: "`let a, b = xs` got a different number of values."),
        .init(id: .numberNotRepresentable, title: "number not representable", meaning: "A number is not a valid integer here (an index, a size) or is too large."),
        .init(id: .notYetImplemented, title: "not yet", meaning: "`todo()` was reached: this part is yours to write."),
        .init(id: .internalError, title: "internal error", meaning: "Cajal itself went wrong (a broken invariant), not the program: please report it with the program that caused it."),
        .init(id: .runtimeError, title: "runtime error", meaning: "Any other error raised while running, including `error(\"...\")` from a program."),
    ]

    static let tensors: [DiagnosticEntry] = [
        .init(id: .shapeMismatch, title: "shape mismatch", meaning: "Tensor shapes do not fit the operation (broadcasting, matmul, reshape)."),
        .init(id: .raggedLiteral, title: "ragged literal", meaning: "A nested bracket literal has rows of different lengths."),
        .init(id: .tensorError, title: "tensor error", meaning: "Any other error from the tensor core (allocation too large, bad axis, bad dtype)."),
        .init(id: .gradientError, title: "gradient error", meaning: "A gradient could not be computed (no graph, non-scalar loss)."),
    ]
}
