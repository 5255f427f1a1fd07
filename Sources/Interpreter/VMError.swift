// VMError: a runtime error before it has a place. Operations throw it; the VM loop catches it,
// adds the span of the running instruction and the Cajal stack trace, and turns it into a
// Diagnostic rendered by the one DiagnosticRenderer.
import Diagnostics
import TensorCore

struct VMError: Error {
    var id: DiagnosticID
    var message: String
    var hint: String?
    var notes: [String] = []

    init(_ id: DiagnosticID, _ message: String, hint: String? = nil, notes: [String] = []) {
        self.id = id
        self.message = message
        self.hint = hint
        self.notes = notes
    }

    /// A bad argument in the one dialect: "bad argument #2 to 'conv2d' (rank-4 tensor expected, got rank 3)".
    static func badArgument(_ position: Int, _ function: String, _ detail: String, hint: String? = nil) -> VMError {
        VMError(.badArgument, "bad argument #\(position) to '\(function)' (\(detail))", hint: hint)
    }

    static func typeMismatch(_ message: String, hint: String? = nil) -> VMError {
        VMError(.typeMismatch, message, hint: hint)
    }

    /// A TensorCore error reported where the interpreter called it.
    static func tensor(_ e: TensorError) -> VMError {
        let id: DiagnosticID = e.shapes.count >= 2 ? .shapeMismatch : .tensorError
        return VMError(id, e.description, hint: e.hint)
    }
}

/// Runs a TensorCore operation, turning its TensorError into a VMError.
@inline(__always)
func tensorOp<T>(_ body: () throws -> T) throws -> T {
    do { return try body() } catch let e as TensorError { throw VMError.tensor(e) }
}
