// Parser+Expressions: the operator rules, lowest precedence first, driven by the one
// precedence table below (clox's ParseRule rules[] idea): which tokens are operators at which
// level, and how each level associates.
import Diagnostics

/// How the operators of one level combine.
enum Associativity: Sendable {
    case left, nonAssociative, right, prefix
}

/// What an operator token builds.
enum OperatorKind: Sendable {
    case binary(BinaryOp), logical(LogicalOp), range(closed: Bool), unary(UnaryOp)
}

/// One row of the precedence table.
struct PrecedenceLevel: Sendable {
    let rule: String
    let associativity: Associativity
    let operators: [TokenKind: OperatorKind]
}

extension Parser {
    /// THE precedence table, lowest first (mirrored in the comments of grammar/cajal.ebnf).
    static let precedence: [PrecedenceLevel] = [
        PrecedenceLevel(rule: "orExpr", associativity: .left, operators: [.kwOr: .logical(.or)]),
        PrecedenceLevel(rule: "andExpr", associativity: .left, operators: [.kwAnd: .logical(.and)]),
        PrecedenceLevel(rule: "notExpr", associativity: .prefix, operators: [.kwNot: .unary(.not)]),
        PrecedenceLevel(rule: "comparison", associativity: .nonAssociative, operators: [
            .equalEqual: .binary(.equal), .bangEqual: .binary(.notEqual), .less: .binary(.less),
            .lessEqual: .binary(.lessEqual), .greater: .binary(.greater), .greaterEqual: .binary(.greaterEqual),
        ]),
        PrecedenceLevel(rule: "rangeExpr", associativity: .nonAssociative, operators: [
            .dotDotLess: .range(closed: false), .dotDotDot: .range(closed: true),
        ]),
        PrecedenceLevel(rule: "additive", associativity: .left, operators: [
            .plus: .binary(.add), .minus: .binary(.subtract),
        ]),
        PrecedenceLevel(rule: "multiplicative", associativity: .left, operators: [
            .star: .binary(.multiply), .slash: .binary(.divide), .percent: .binary(.modulo), .at: .binary(.matmul),
        ]),
        PrecedenceLevel(rule: "unary", associativity: .prefix, operators: [.minus: .unary(.negate)]),
        PrecedenceLevel(rule: "power", associativity: .right, operators: [.starStar: .binary(.power)]),
    ]

    /// Infix operators by token: their level (index in `precedence`) and what they build.
    static let infixOperators: [TokenKind: (level: Int, kind: OperatorKind)] = operators { $0 != .prefix }
    /// Prefix operators by token.
    static let prefixOperators: [TokenKind: (level: Int, kind: OperatorKind)] = operators { $0 == .prefix }

    static func operators(where keep: (Associativity) -> Bool) -> [TokenKind: (level: Int, kind: OperatorKind)] {
        var table: [TokenKind: (level: Int, kind: OperatorKind)] = [:]
        for (level, row) in precedence.enumerated() where keep(row.associativity) {
            for (token, kind) in row.operators { table[token] = (level, kind) }
        }
        return table
    }

    static func levelIndex(_ rule: String) -> Int {
        guard let i = precedence.firstIndex(where: { $0.rule == rule }) else {
            preconditionFailure("no precedence row for \(rule)")
        }
        return i
    }

    static let unaryLevel = levelIndex("unary")

    /// expression = orExpr ;
    mutating func expression() throws -> Expr { try orExpr() }

    // Each operator rule below parses exactly its rule, by precedence climbing over the table
    // from its own level (so a chain of ten levels costs one table look-up per operator).

    /// orExpr = andExpr { "or" andExpr } ;
    mutating func orExpr() throws -> Expr { try climb(Parser.levelIndex("orExpr")) }

    /// andExpr = notExpr { "and" notExpr } ;
    mutating func andExpr() throws -> Expr { try climb(Parser.levelIndex("andExpr")) }

    /// notExpr = "not" notExpr | comparison ;
    mutating func notExpr() throws -> Expr { try climb(Parser.levelIndex("notExpr")) }

    /// comparison = rangeExpr [ ( "==" | "!=" | "<" | "<=" | ">" | ">=" ) rangeExpr ] ;
    mutating func comparison() throws -> Expr { try climb(Parser.levelIndex("comparison")) }

    /// rangeExpr = additive [ ( "..<" | "..." ) additive ] ;
    mutating func rangeExpr() throws -> Expr { try climb(Parser.levelIndex("rangeExpr")) }

    /// additive = multiplicative { ( "+" | "-" ) multiplicative } ;
    mutating func additive() throws -> Expr { try climb(Parser.levelIndex("additive")) }

    /// multiplicative = unary { ( "*" | "/" | "%" | "@" ) unary } ;
    mutating func multiplicative() throws -> Expr { try climb(Parser.levelIndex("multiplicative")) }

    /// unary = "-" unary | power ;
    mutating func unary() throws -> Expr { try climb(Parser.unaryLevel) }

    /// power = postfix [ "**" unary ] ;
    mutating func power() throws -> Expr { try climb(Parser.levelIndex("power")) }

    /// Parses an expression whose operators all sit at `minLevel` or tighter.
    /// A prefix operator takes an operand at its own level (`not not x`, `- -x`); a left or
    /// non-associative operator at level L takes a right operand at level L + 1; `**` takes a
    /// `unary` on its right (2 ** -1, and right-associative). A second operator of one
    /// non-associative level (`a < b < c`) is reported and read left to right, so parsing goes on.
    mutating func climb(_ minLevel: Int) throws -> Expr {
        try enterNesting()
        defer { depth -= 1 }
        var left: Expr
        if let (level, kind) = Parser.prefixOperators[peekKind()], level >= minLevel, case .unary(let op) = kind {
            let opToken = advance()
            let operand = try climb(level)
            left = Expr(.unary(op, operand), span: opToken.span.union(operand.span))
            try checkHeight(left, at: opToken.span)
        } else {
            left = try postfix()
        }
        var previous: (level: Int, token: Token)? = nil
        while let (level, kind) = Parser.infixOperators[peekKind()], level >= minLevel {
            let opToken = advance()
            skipNewlines()
            let row = Parser.precedence[level]
            let right = try climb(row.associativity == .right ? Parser.unaryLevel : level + 1)
            if row.associativity == .nonAssociative, let previous, previous.level == level {
                reportChained(row, first: previous.token, second: opToken)
            }
            left = combine(kind, left, right)
            try checkHeight(left, at: opToken.span)
            previous = (level, opToken)
        }
        return left
    }

    func combine(_ op: OperatorKind, _ left: Expr, _ right: Expr) -> Expr {
        let span = left.span.union(right.span)
        switch op {
        case .binary(let b): return Expr(.binary(b, left, right), span: span)
        case .logical(let l): return Expr(.logical(l, left, right), span: span)
        case .range(let closed): return Expr(.range(left, right, closed: closed), span: span)
        case .unary: preconditionFailure("unary operator in an infix position")
        }
    }

    mutating func reportChained(_ level: PrecedenceLevel, first: Token, second: Token) {
        if level.rule == "comparison" {
            let (a, b) = (text(first), text(second))
            report(.chainedComparison, "comparisons cannot be chained", second.span,
                   hint: "write `a \(a) b and b \(b) c` instead of `a \(a) b \(b) c`")
        } else {
            report(.chainedRange, "ranges cannot be chained", second.span,
                   hint: "a range has one start and one end: 0..<10; for a step use range(0, 10, 2)")
        }
    }
}
