// Interpreter: the one room that knows both the language and the tensors. The public entry
// point: a session holding the globals, the VM and its heap; it runs files and source text
// through Language (parse, resolve) → Compiler (bytecode) → VM, and reports every error as a
// located Diagnostic.
import CInterrupt
import Diagnostics
import Foundation
import Language

/// How a run ended.
public enum RunOutcome: Equatable {
    case success
    /// Syntax or resolution errors (exit code 65).
    case staticError
    /// A runtime error (exit code 70).
    case runtimeError

    /// The process exit code `cajal run` uses.
    public var exitCode: Int32 {
        switch self {
        case .success: return 0
        case .staticError: return 65
        case .runtimeError: return 70
        }
    }
}

/// One interpreter session: globals persist across `run` calls (the REPL runs each input here).
public final class Interpreter {
    let vm: VM
    var scope = GlobalScope()
    /// Receives every diagnostic (static and runtime), in order.
    public var onDiagnostic: (Diagnostic) -> Void

    /// A session with the random generator at `seed`; `print` writes to `output`. The builtins
    /// and the prelude (Interpreter+Prelude.swift) are loaded before any user code.
    public init(seed: UInt64 = 0, output: @escaping (String) -> Void = { Swift.print($0, terminator: "") },
                onDiagnostic: @escaping (Diagnostic) -> Void = { _ in }) {
        vm = VM(seed: seed, output: output)
        self.onDiagnostic = onDiagnostic
        vm.globalNameTable = { [unowned self] in self.scope.entries.map(\.name) }
        vm.globalLookup = { [unowned self] name in self.scope.lookup(name) }
        vm.globalCount = { [unowned self] in self.scope.entries.count }
        vm.importer = { [unowned self] path, _, file in try self.importAtRunTime(path, from: file) }
        vm.onWarning = { [unowned self] d in self.onDiagnostic(d) }
        loadPrelude()
    }

    /// Runs the file at `path`.
    public func runFile(_ path: String) -> RunOutcome {
        guard let data = FileManager.default.contents(atPath: path) else {
            onDiagnostic(Diagnostic(id: .fileNotReadable, message: "cannot read file '\(path)'"))
            return .staticError
        }
        let file = SourceFile(name: path, bytes: Array(data))
        vm.importing = [absolute(path)]
        defer { vm.importing = [] }
        return run(file)
    }

    /// Runs source text (a REPL input, a notebook cell, a test).
    public func run(source: String, name: String = "<input>") -> RunOutcome {
        run(SourceFile(name: name, text: source))
    }

    /// Parses, resolves, compiles and runs `file`, then ends its live display
    /// (`endLiveDisplay`), whether it ran to the end or stopped with an error.
    public func run(_ file: SourceFile) -> RunOutcome {
        let proto: FunctionProto
        do {
            proto = try compile(file)
        } catch let e as ImportRuntimeError {
            onDiagnostic(e.diagnostic)
            return .runtimeError
        } catch let d as Diagnostic {
            onDiagnostic(d)
            return .staticError
        } catch let list as DiagnosticList {
            list.diagnostics.forEach(onDiagnostic)
            return .staticError
        } catch {
            onDiagnostic(Diagnostic(id: .runtimeError, message: "\(error)", file: file))
            return .staticError
        }
        let ran = Result { try vm.runTopLevel(proto) }
        // Before any error is reported: a progress line gets its newline, a live plot is shown.
        endLiveDisplay()
        switch ran {
        case .success:
            return .success
        case .failure(let d as Diagnostic):
            onDiagnostic(d)
            return .runtimeError
        case .failure(let error):
            onDiagnostic(Diagnostic(id: .runtimeError, message: "\(error)", file: file))
            return .runtimeError
        }
    }

    /// Source text to a runnable prototype; static errors are thrown as a DiagnosticList.
    /// Imported files are loaded (resolved, compiled and run, once each) before the importer is
    /// resolved, so the importer sees their names.
    func compile(_ file: SourceFile, returningLastExpression: Bool = false) throws -> FunctionProto {
        let (parsed, parseDiagnostics) = Parser.parse(file)
        try report(parseDiagnostics)
        for i in parsed.imports { try loadImport(i, from: file) }
        let (program, diagnostics) = Resolver.resolve(parsed, globals: &scope)
        try report(diagnostics)
        return try compileProgram(program, vm: vm, returningLastExpression: returningLastExpression)
    }

    private func report(_ diagnostics: [Diagnostic]) throws {
        diagnostics.filter { $0.severity != .error }.forEach(onDiagnostic)
        let errors = diagnostics.filter { $0.severity == .error }
        if !errors.isEmpty { throw DiagnosticList(diagnostics: errors) }
    }

    /// The bytecode of `source`, disassembled (for `cajal run --dump-bytecode` and snapshots).
    public func disassemble(_ file: SourceFile) -> Result<String, DiagnosticList> {
        do {
            let first = vm.protos.count
            _ = try compile(file)
            return .success(vm.protos[first...].map { disassembleProto($0, globalName: vm.globalName, protoBase: first) }.joined(separator: "\n"))
        } catch let d as Diagnostic {
            return .failure(DiagnosticList(diagnostics: [d]))
        } catch let list as DiagnosticList {
            return .failure(list)
        } catch {
            return .failure(DiagnosticList(diagnostics: [Diagnostic(id: .runtimeError, message: "\(error)")]))
        }
    }

    func absolute(_ path: String) -> String {
        URL(fileURLWithPath: path).standardizedFileURL.path
    }

    /// The absolute path `path` names, relative to the folder of `importer`.
    func importPath(_ path: String, from importer: SourceFile) -> String {
        if path.hasPrefix("/") { return URL(fileURLWithPath: path).standardizedFileURL.path }
        let dir = URL(fileURLWithPath: absolute(importer.name)).deletingLastPathComponent()
        return dir.appendingPathComponent(path).standardizedFileURL.path
    }

    /// Loads one `import` of `importer`: compiles and runs the file unless already loaded.
    func loadImport(_ i: ImportStmt, from importer: SourceFile) throws {
        let full = importPath(i.path, from: importer)
        if vm.importing.contains(full) {
            let chain = (vm.importing + [full]).map { ($0 as NSString).lastPathComponent }.joined(separator: " → ")
            throw Diagnostic(id: .importCycle, message: "import cycle: \(chain)", file: importer, span: i.pathSpan,
                             hint: "move what both files need into a third file that both import")
        }
        if vm.importedFiles.contains(full) { return }
        guard let data = FileManager.default.contents(atPath: full) else {
            throw Diagnostic(id: .importNotFound, message: "cannot import '\(i.path)': no such file",
                             file: importer, span: i.pathSpan, hint: "paths are relative to the importing file's folder")
        }
        let file = SourceFile(name: relativeName(full), bytes: Array(data))
        vm.importing.append(full)
        defer { vm.importing.removeLast() }
        let proto = try compile(file)
        do {
            _ = try vm.runTopLevel(proto)
        } catch let d as Diagnostic {
            throw ImportRuntimeError(diagnostic: d)
        }
        vm.importedFiles.insert(full)
    }

    /// A path as shown in messages: relative to the working directory when inside it.
    func relativeName(_ full: String) -> String {
        let cwd = FileManager.default.currentDirectoryPath + "/"
        return full.hasPrefix(cwd) ? String(full.dropFirst(cwd.count)) : full
    }

    /// `import` at run time: the file was loaded before its importer ran.
    func importAtRunTime(_ path: String, from importer: SourceFile) throws {
        let full = importPath(path, from: importer)
        if vm.importedFiles.contains(full) { return }
        throw VMError(.importNotFound, "'\(path)' was not loaded before this file ran")
    }
}

/// A runtime error inside an imported file (exit code 70, not 65).
struct ImportRuntimeError: Error {
    var diagnostic: Diagnostic
}

/// Several diagnostics thrown together (every syntax error of a file).
public struct DiagnosticList: Error {
    public var diagnostics: [Diagnostic]
}

extension Interpreter {
    /// The bytecode listing of the file at `path`, or its static errors.
    public func disassembleFile(_ path: String) -> Result<String, DiagnosticList> {
        guard let data = FileManager.default.contents(atPath: path) else {
            return .failure(DiagnosticList(diagnostics: [Diagnostic(id: .fileNotReadable, message: "cannot read file '\(path)'")]))
        }
        return disassemble(SourceFile(name: path, bytes: Array(data)))
    }

    /// Installs the Ctrl-C handler so a long run ends with "interrupted" instead of dying.
    /// SIGINT is also unblocked: a parent (a test runner, a shell script) may have started
    /// this process with it blocked, and then Ctrl-C would never arrive.
    public static func installInterruptHandler() {
        cajal_install_sigint_handler()
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, SIGINT)
        pthread_sigmask(SIG_UNBLOCK, &set, nil)
    }
}
