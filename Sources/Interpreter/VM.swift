// VM: the register machine's state (register stack, call frames, globals, heap) and the public
// entry points. The dispatch loop itself is in VM+Loop.swift; calls in VM+Call.swift.
import Autograd
import CInterrupt
import Diagnostics
import Foundation
import TensorCore

/// One activation: the running closure, its code, where it resumes, and its register window.
struct Frame {
    var closure: ObjRef
    var code: FrameCode
    var pc: UnsafeMutablePointer<Instr>
    var base: UnsafeMutablePointer<Value>
}

/// What a running frame needs of its function's code once the call is made (the call path
/// writes these 16 bytes, not the whole VMCode, on every call).
struct FrameCode {
    var constants: UnsafeMutablePointer<Value>?
    var registerCount: Int32
    var protoIndex: Int32

    @inline(__always) init(_ code: VMCode) {
        constants = code.constants
        registerCount = code.registerCount
        protoIndex = code.protoIndex
    }
}

public final class VM {
    /// The deepest recursion allowed before "stack overflow".
    public static let maxDepth = 10_000
    static let stackCapacity = 1 << 22
    /// Global slots a session can have: bytecode names a global by a 16-bit operand.
    static let globalCapacity = 1 << 16

    let heap = Heap()
    let stack: UnsafeMutablePointer<Value>
    /// Registers below this index are initialised; a frame reaching past it initialises more.
    @exclusivity(unchecked) var stackInitialized = 0
    let frames: UnsafeMutablePointer<Frame>
    @exclusivity(unchecked) var depth = 0
    /// Loop turns and calls left before "step limit exceeded" (Limits.swift); Int.max means no
    /// limit. While a safe point is asked for (`requestSafePoint`) it is -1 or less and the
    /// steps left wait in `stepsHeld`.
    @exclusivity(unchecked) var stepsLeft = Int.max
    /// The steps left when a safe point was asked for, or nil (Limits.swift).
    @exclusivity(unchecked) var stepsHeld: Int?
    var stepBudget: Int?
    /// A stop another thread may ask of this VM (Limits.swift: the grader's time and output
    /// limits); read only on the tick's slow path.
    let stopRequest = StopRequest()
    /// Room for every global slot, reserved once so it never moves under running code (which
    /// reads `globals[i]` with the slot compiled into the instruction). Only the slots below
    /// `globalsInitialized` are initialised (and scanned by the collector): a fresh session
    /// touches a few thousand, not 65,536 (`ensureGlobals`).
    let globals: UnsafeMutablePointer<Value>
    @exclusivity(unchecked) var globalsInitialized = 0
    /// How many global slots the session's scope has declared (set by the Interpreter). Code
    /// only names declared slots, so `runTopLevel` initialises that many before running any.
    var globalCount: () -> Int = { VM.globalCapacity }
    var protos: [FunctionProto] = []
    /// Builtin objects by table index, allocated once and kept as roots.
    var builtinValues: [Value] = []
    /// Slice objects made lately, found again by their parts (`VM.recentSlice`). Their
    /// handles are not roots: one the collector freed no longer names a live slice, and is
    /// replaced.
    @exclusivity(unchecked) var recentSlices = RecentSlices()
    /// The session's one random generator (`seed(n)`, `cajal run --seed N`).
    var rng: RandomGenerator
    /// The session's autograd context (recording switch, `no_grad`); see VM+Grad.swift.
    let grad = GradContext()
    /// True once a tensor in this session requires a gradient; until then no op looks for one.
    var gradInUse = false
    /// Where `print` writes.
    var output: (String) -> Void
    /// Significant digits of printed tensors (`print_options(precision:)`; NumPy's
    /// `set_printoptions(precision=)`).
    var printDigits = 4
    /// Receives warnings raised while running (the NaN/Inf sentinel, VM+Sentinel.swift).
    var onWarning: (Diagnostic) -> Void = { _ in }
    /// The NaN/Inf sentinel's state (VM+Sentinel.swift).
    var sentinel = NonFiniteSentinel()
    /// The running thread's stack bounds, for nested runs (VM+NativeStack.swift).
    var nativeStack = NativeStack()
    /// Where plot builtins send figures (Interpreter+Display.swift).
    var figures = FigureDisplay()
    /// Files already imported (by absolute path), and those being imported (cycle detection).
    var importedFiles: Set<String> = []
    var importing: [String] = []
    /// Runs a source file given its path; set by the Interpreter (imports go through it).
    var importer: ((String, SourceSpan, SourceFile) throws -> Void)?

    init(seed: UInt64, output: @escaping (String) -> Void) {
        rng = RandomGenerator(seed: seed)
        self.output = output
        stack = .allocate(capacity: VM.stackCapacity)
        frames = .allocate(capacity: VM.maxDepth + 64)
        globals = .allocate(capacity: VM.globalCapacity)
        ensureStack(upTo: 1024)
        installBuiltins()
        // CAJAL_GC_STRESS=1 collects at every safe point, CAJAL_GC_STRESS=N (N > 1) at the first
        // safe point after every Nth allocation: tests use them to shake out rooting bugs.
        if let n = getenv("CAJAL_GC_STRESS").flatMap({ Int(String(cString: $0)) }), n >= 1 {
            if n == 1 { heap.threshold = -1 } else { heap.stressEvery = n }
        }
        // A charge that crosses this session's memory budget is made on the thread running it
        // (the ledger is installed there only while it runs), so it may touch the VM's state.
        heap.ledger.onCrossed = { [weak self] in self?.requestSafePoint() }
    }

    deinit {
        stack.deallocate()
        frames.deallocate()
        globals.deinitialize(count: globalsInitialized)
        globals.deallocate()
    }

    /// Initialises registers up to `index` so the collector only ever reads valid Values.
    @inline(__always) func ensureStack(upTo index: Int) {
        if index > stackInitialized { growStack(upTo: index) }
    }

    private func growStack(upTo index: Int) {
        let target = min(VM.stackCapacity, max(index, stackInitialized * 2))
        (stack + stackInitialized).initialize(repeating: .nil_, count: target - stackInitialized)
        stackInitialized = target
    }

    // MARK: globals

    /// The session's global names, by index (kept in step with the resolver's GlobalScope).
    var globalNameTable: () -> [String] = { [] }
    /// The index a global name currently refers to.
    var globalLookup: (String) -> Int? = { _ in nil }

    func globalName(_ slot: Int) -> String {
        let names = globalNameTable()
        return slot < names.count ? names[slot] : "global #\(slot)"
    }

    func global(_ name: String) -> Value? {
        guard let i = globalLookup(name) else { return nil }
        let v = globalValue(i)
        return v == .undefined ? nil : v
    }

    /// The value in global slot `slot`, or `.undefined` for a slot no code has reached yet
    /// (declared by a program that failed to compile, or past the capacity).
    func globalValue(_ slot: Int) -> Value {
        slot >= 0 && slot < globalsInitialized ? globals[slot] : .undefined
    }

    /// Stores into global slot `slot` from outside running code (the builtins, the REPL's `_`).
    /// A slot past the capacity is dropped: no code can name it (the compiler refuses it).
    func setGlobalValue(_ slot: Int, _ value: Value) {
        guard slot >= 0 && slot < VM.globalCapacity else { return }
        ensureGlobals(upTo: slot + 1)
        globals[slot] = value
    }

    /// Initialises global slots up to `count` (at most the capacity), doubling, so a session that
    /// declares globals one REPL input at a time does not initialise them one at a time. The
    /// buffer itself never moves.
    func ensureGlobals(upTo count: Int) {
        guard count > globalsInitialized else { return }
        let target = min(VM.globalCapacity, max(count, 2 * globalsInitialized))
        (globals + globalsInitialized).initialize(repeating: .undefined, count: target - globalsInitialized)
        globalsInitialized = target
    }

    // MARK: collection

    /// Collects garbage. Roots: live registers, globals, constants, builtins.
    func collectGarbage(liveTop: UnsafeMutablePointer<Value>) {
        heap.collect { gray in
            Heap.push(UnsafeBufferPointer(start: stack, count: liveTop - stack), into: &gray)
            Heap.push(UnsafeBufferPointer(start: globals, count: globalsInitialized), into: &gray)
            for p in protos { Heap.push(p.constants, into: &gray) }
            Heap.push(builtinValues, into: &gray)
            for d in 0...depth where d > 0 { gray.append(frames[d].closure) }
        }
    }

    /// Runs `proto` as top-level code at the bottom of the stack (or above the running frames
    /// for an import), with the session's ledger installed on this thread: the tensor storage
    /// it allocates is charged to this session (MemoryLedger.swift). Returns its result.
    func runTopLevel(_ proto: FunctionProto) throws -> Value {
        try heap.ledger.charging { try runTopLevelCharged(proto) }
    }

    private func runTopLevelCharged(_ proto: FunctionProto) throws -> Value {
        let ref = heap.allocateRef(ClosureObj(proto: proto, upvalues: []), kind: .closure)
        let closure = Value.object(ref)
        let base: UnsafeMutablePointer<Value>
        if depth == 0 {
            base = stack + 1
        } else {
            let f = frames[depth]
            base = f.base + Int(f.code.registerCount) + 1
        }
        guard depth < VM.maxDepth, base - stack + proto.registerCount + 256 < VM.stackCapacity else {
            throw VMError(.stackOverflow, "stack overflow: imports nested too deeply")
        }
        if depth > 0 && nativeStackIsLow() { throw nativeStackOverflow() }
        ensureStack(upTo: base - stack + proto.registerCount + 1)
        ensureGlobals(upTo: globalCount())
        (base - 1).pointee = closure
        let entry = depth
        depth += 1
        frames[depth] = Frame(closure: ref, code: FrameCode(proto.vmCode), pc: proto.codePointer, base: base)
        do {
            return try execute(stopDepth: entry)
        } catch {
            depth = entry
            throw error
        }
    }
}

extension Heap {
    static func push(_ values: UnsafeBufferPointer<Value>, into gray: inout [ObjRef]) {
        for v in values { if case .object(let r) = v { gray.append(r) } }
    }
}

/// The last few slice objects made, by their parts (`VM.recentSlice`).
struct RecentSlices {
    struct Key: Equatable {
        var start: Int?, stop: Int?, step: Int?
    }
    static let capacity = 8
    private(set) var keys: [Key] = []
    var refs: [ObjRef] = []
    private var next = 0

    /// Remembers `ref` for `key`, in place of the oldest once full.
    mutating func remember(_ key: Key, _ ref: ObjRef) {
        if keys.count < RecentSlices.capacity {
            keys.append(key)
            refs.append(ref)
        } else {
            keys[next] = key
            refs[next] = ref
            next = (next + 1) % RecentSlices.capacity
        }
    }
}
