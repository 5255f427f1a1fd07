// Prelude+Code: the prelude compiled once per process. A template VM compiles the resolved
// programs; each prototype is kept as its parts, with string constants as text. A session then
// rebuilds the prototypes on its own heap (strings are heap objects) instead of compiling: the
// code, spans and tables are shared copy-on-write arrays. The prototypes land at the same
// indices in every session (the prelude is the first code a VM gets), so `closure` operands
// stay valid.
import Diagnostics
import Language

/// A compiled prelude, ready to be instantiated in a fresh VM.
struct PreludeCode: @unchecked Sendable {
    /// A constant as a session needs it: numbers as they are, strings as text.
    enum Constant {
        case number(Double)
        case string(String)
    }

    /// One function prototype's parts.
    struct Proto {
        var name: String
        var parameters: [ParameterInfo]
        var registerCount: Int
        var upvalues: [UpvalueSource]
        var instructions: [Instr]
        var constants: [Constant]
        var spans: [SourceSpan]
        var callSites: [CallSite]
        var recordShapes: [[String]]
        var temporaries: [UInt8]
        var file: SourceFile
        var span: SourceSpan
        var stringConstantTexts: [Int: String]
    }

    var protos: [Proto] = []
    /// The index of each file's top-level prototype, in load order.
    var topLevel: [Int] = []

    /// Compiles `programs` in a template VM; nil when something cannot be carried over (then
    /// each session compiles for itself and reports the problem).
    init?(programs: [Program]) {
        let vm = VM(seed: 0, output: { _ in })
        do {
            for program in programs { topLevel.append(try compileProgram(program, vm: vm, name: "<prelude>").index) }
        } catch {
            return nil
        }
        for p in vm.protos {
            var constants: [Constant] = []
            for (k, value) in p.constants.enumerated() {
                if let text = p.stringConstantTexts[k] {
                    constants.append(.string(text))
                } else if case .number(let x) = value {
                    constants.append(.number(x))
                } else {
                    return nil
                }
            }
            protos.append(Proto(name: p.name, parameters: p.parameters, registerCount: p.registerCount,
                                upvalues: p.upvalues, instructions: p.instructions, constants: constants,
                                spans: p.spans, callSites: p.callSites, recordShapes: p.recordShapes,
                                temporaries: p.temporaries, file: p.file, span: p.span, stringConstantTexts: p.stringConstantTexts))
        }
    }

    /// Adds the prototypes to `vm`, which must have none yet; returns the top-level ones in load
    /// order, or nil when `vm` already holds code.
    func instantiate(in vm: VM) -> [FunctionProto]? {
        guard vm.protos.isEmpty else { return nil }
        for r in protos {
            let constants = r.constants.map { c -> Value in
                switch c {
                case .number(let x): return .number(x)
                case .string(let s): return vm.newString(s)
                }
            }
            let p = FunctionProto(name: r.name, parameters: r.parameters, registerCount: r.registerCount,
                                  upvalues: r.upvalues, instructions: r.instructions, constants: constants,
                                  spans: r.spans, callSites: r.callSites, recordShapes: r.recordShapes,
                                  temporaries: r.temporaries, file: r.file, span: r.span)
            p.index = vm.protos.count
            p.stringConstantTexts = r.stringConstantTexts
            vm.protos.append(p)
        }
        return topLevel.map { vm.protos[$0] }
    }
}
