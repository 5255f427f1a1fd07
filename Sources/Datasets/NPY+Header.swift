// NPY+Header: parsing the .npy header, a Python dict literal with exactly the keys 'descr'
// (a dtype string), 'fortran_order' (True/False) and 'shape' (a tuple of integers). A small
// tokenizer, not an evaluator: anything else is a clear error, never a crash.
import Foundation
import TensorCore

extension NPY {
    struct Header {
        var descr: String
        var type: Scalar
        var bigEndian: Bool
        var fortranOrder: Bool
        var shape: [Int]

        static let supported: [String: Scalar] = [
            "f4": .float32, "f8": .float64, "f2": .float16, "i8": .int64, "i4": .int32, "i2": .int16,
            "i1": .int8, "u1": .uint8, "u2": .uint16, "u4": .uint32, "u8": .uint64, "b1": .bool,
        ]

        static func parse(_ text: String, source: String) throws -> Header {
            func bad(_ m: String) -> DatasetError { .malformed(path: source, line: nil, message: "header: " + m) }
            var p = Tokens(Array(text.unicodeScalars))
            var fields: [String: Value] = [:]
            try p.expect("{", bad)
            while !p.peek("}") {
                guard case let .string(key) = try p.value(bad) else { throw bad("dict keys must be strings") }
                try p.expect(":", bad)
                fields[key] = try p.value(bad)
                if !p.take(",") { break }
            }
            try p.expect("}", bad)
            guard case let .string(descr)? = fields["descr"] else { throw bad("no 'descr' string in \(text.trimmed)") }
            guard case let .bool(fortran)? = fields["fortran_order"] else {
                throw bad("no 'fortran_order' True/False in \(text.trimmed)")
            }
            guard case let .tuple(shape)? = fields["shape"] else { throw bad("no 'shape' tuple in \(text.trimmed)") }
            let order = descr.first
            let code = String(descr.dropFirst())
            guard descr.count == 3, let type = supported[code], let order, "<>|=".contains(order) else {
                throw DatasetError.unsupported(
                    what: source,
                    message: "dtype '\(descr)' is not supported "
                        + "(expected one of <f4, <f8, <f2, <i8, <i4, <i2, |i1, |u1, <u2, <u4, <u8, |b1)")
            }
            return Header(descr: descr, type: type, bigEndian: order == ">", fortranOrder: fortran, shape: shape)
        }
    }

    enum Value {
        case string(String), bool(Bool), tuple([Int]), other
    }

    /// A cursor over the header's characters.
    struct Tokens {
        var chars: [Unicode.Scalar]
        var i = 0
        init(_ chars: [Unicode.Scalar]) { self.chars = chars }

        mutating func skipSpace() { while i < chars.count, chars[i].properties.isWhitespace { i += 1 } }
        mutating func peek(_ c: Unicode.Scalar) -> Bool { skipSpace(); return i < chars.count && chars[i] == c }
        mutating func take(_ c: Unicode.Scalar) -> Bool { if peek(c) { i += 1; return true }; return false }
        mutating func expect(_ c: Unicode.Scalar, _ bad: (String) -> DatasetError) throws {
            guard take(c) else { throw bad("expected '\(c)' at character \(i + 1)") }
        }

        /// A quoted string, True/False, a tuple of integers, or another bare word.
        mutating func value(_ bad: (String) -> DatasetError) throws -> Value {
            skipSpace()
            guard i < chars.count else { throw bad("ends early") }
            let c = chars[i]
            if c == "'" || c == "\"" {
                i += 1
                let s = i
                while i < chars.count, chars[i] != c { i += 1 }
                guard i < chars.count else { throw bad("unterminated string") }
                defer { i += 1 }
                return .string(String(String.UnicodeScalarView(chars[s..<i])))
            }
            if c == "(" {
                i += 1
                var dims: [Int] = []
                while !peek(")") {
                    guard i < chars.count else { throw bad("ends early") }
                    let s = i
                    while i < chars.count, ("0"..."9").contains(chars[i]) { i += 1 }
                    guard i > s, let d = Int(String(String.UnicodeScalarView(chars[s..<i]))) else {
                        throw bad("shape entries must be non-negative integers (at character \(i + 1))")
                    }
                    if peek("L") { i += 1 }  // Python 2 longs
                    dims.append(d)
                    if !take(",") { break }
                }
                try expect(")", bad)
                return .tuple(dims)
            }
            let s = i
            while i < chars.count, chars[i].properties.isAlphabetic || ("0"..."9").contains(chars[i]) { i += 1 }
            let word = String(String.UnicodeScalarView(chars[s..<i]))
            if word == "True" { return .bool(true) }
            if word == "False" { return .bool(false) }
            guard !word.isEmpty else { throw bad("unexpected character '\(c)' at character \(i + 1)") }
            return .other
        }
    }
}

extension String {
    var trimmed: String { trimmingCharacters(in: .whitespacesAndNewlines) }
}
