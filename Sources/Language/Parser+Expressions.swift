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

    static func level(_ rule: String) -> PrecedenceLevel {
        guard let row = precedence.first(where: { $0.rule == rule }) else {
            preconditionFailure("no precedence row for \(rule)")
        }
        return row
    }

    /// expression = orExpr ;
    mutating func expression() throws -> Expr { try orExpr() }

    /// orExpr = andExpr { "or" andExpr } ;
    mutating func orExpr() throws -> Expr {
        try infix(Parser.level("orExpr")) { try $0.andExpr() }
    }

    /// andExpr = notExpr { "and" notExpr } ;
    mutating func andExpr() throws -> Expr {
        try infix(Parser.level("andExpr")) { try $0.notExpr() }
    }

    /// notExpr = "not" notExpr | comparison ;
    mutating func notExpr() throws -> Expr {
        try prefix(Parser.level("notExpr"), same: { try $0.notExpr() }, next: { try $0.comparison() })
    }

    /// comparison = rangeExpr [ ( "==" | "!=" | "<" | "<=" | ">" | ">=" ) rangeExpr ] ;
    mutating func comparison() throws -> Expr {
        try infix(Parser.level("comparison")) { try $0.rangeExpr() }
    }

    /// rangeExpr = additive [ ( "..<" | "..." ) additive ] ;
    mutating func rangeExpr() throws -> Expr {
        try infix(Parser.level("rangeExpr")) { try $0.additive() }
    }

    /// additive = multiplicative { ( "+" | "-" ) multiplicative } ;
    mutating func additive() throws -> Expr {
        try infix(Parser.level("additive")) { try $0.multiplicative() }
    }

    /// multiplicative = unary { ( "*" | "/" | "%" | "@" ) unary } ;
    mutating func multiplicative() throws -> Expr {
        try infix(Parser.level("multiplicative")) { try $0.unary() }
    }

    /// unary = "-" unary | power ;
    mutating func unary() throws -> Expr {
        try prefix(Parser.level("unary"), same: { try $0.unary() }, next: { try $0.power() })
    }

    /// power = postfix [ "**" unary ] ;
    mutating func power() throws -> Expr {
        let base = try postfix()
        guard let op = Parser.level("power").operators[peekKind()] else { return base }
        advance()
        skipNewlines()
        let exponent = try unary()  // right-associative: 2 ** 3 ** 2 is 2 ** (3 ** 2)
        return combine(op, base, exponent)
    }

    /// A left-associative or non-associative level: operands joined by the level's operators.
    /// A second operator at a non-associative level (`a < b < c`) is reported and read as if
    /// left-associative, so parsing goes on.
    mutating func infix(_ level: PrecedenceLevel, operand: (inout Parser) throws -> Expr) throws -> Expr {
        var left = try operand(&self)
        var previous: Token? = nil
        while let op = level.operators[peekKind()] {
            let opToken = advance()
            skipNewlines()
            let right = try operand(&self)
            if level.associativity == .nonAssociative, let previous {
                reportChained(level, first: previous, second: opToken)
            }
            left = combine(op, left, right)
            previous = opToken
        }
        return left
    }

    /// A prefix level: the operator applies to the same level again, or the next level binds.
    mutating func prefix(_ level: PrecedenceLevel, same: (inout Parser) throws -> Expr,
                         next: (inout Parser) throws -> Expr) throws -> Expr {
        guard case .unary(let op)? = level.operators[peekKind()] else { return try next(&self) }
        let opToken = advance()
        let operand = try same(&self)
        return Expr(.unary(op, operand), span: opToken.span.union(operand.span))
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
