// Heap: the object table every Value handle points into, and its mark-and-sweep collector.
// The table owns the objects; handles are bounds- and generation-checked, so a stale handle
// reads as an error, never as a crash. Collection happens only at the VM's safe points, where
// every live Value is in a register, a global or a constant.
import TensorCore

/// The part of a closure the call path needs, kept in a plain struct beside the object table so
/// a call loads it without retaining anything.
struct VMCode {
    var code: UnsafeMutablePointer<Instr>? = nil
    var constants: UnsafeMutablePointer<Value>? = nil
    var registerCount: Int32 = 0
    /// The argument count a plain positional call must pass to take the fast path: the
    /// parameter count when no parameter has a default, else -1 (never matches).
    var fastArity: Int32 = -1
    var protoIndex: Int32 = 0
}

final class Heap {
    @exclusivity(unchecked) private(set) var objects: [HeapObject?] = []
    @exclusivity(unchecked) private(set) var kinds: UnsafeMutablePointer<ObjKind>
    @exclusivity(unchecked) private(set) var generations: UnsafeMutablePointer<UInt32>
    @exclusivity(unchecked) private(set) var codes: UnsafeMutablePointer<VMCode>
    /// Unchecked exclusivity, as the fields above: `allocateRef` runs for every object the
    /// program makes and each checked access cost a swift_beginAccess/endAccess pair (~90
    /// instructions, two or three per allocation); nothing here is accessed re-entrantly.
    @exclusivity(unchecked) private var marks: [Bool] = []
    /// One-number fast paths of builtins (exp, sqrt, ...), by object index; C function
    /// pointers, so calling one retains nothing.
    @exclusivity(unchecked) var builtinNumeric: UnsafeMutablePointer<(@convention(c) (Double) -> Double)?> = .allocate(capacity: 0)
    @exclusivity(unchecked) var builtinNumericCount = 0
    @exclusivity(unchecked) private var freeList: [UInt32] = []
    @exclusivity(unchecked) private var capacity: Int
    /// Bytes allocated since the last collection; the VM collects at a safe point past `threshold`.
    @exclusivity(unchecked) var allocatedSinceCollection = 0
    @exclusivity(unchecked) var threshold = 64 << 20
    /// Collector stress by count (CAJAL_GC_STRESS=N, N > 1; VM.init): every Nth allocation makes
    /// the next safe point collect. 0 leaves collection to `threshold`.
    @exclusivity(unchecked) var stressEvery = 0
    /// This session's account of memory: the tensor storage its runs allocated (charged while
    /// the VM runs, `VM.runTopLevel`) and the bytes of the objects below, reported after each
    /// collection. The memory budget is on it (Limits.swift); the collector's trigger reads it.
    let ledger = MemoryLedger.make()
    /// The session's live tensor storage (`ledger.tensorBytes`) when the last collection
    /// ended. An object's `byteSize` counts only the tensor it holds, not the tensors its
    /// autograd node saved for the backward (a fused `lstm_sequence` saves every gate of every
    /// step: ~2 MB behind a 256 KB result); so tensor storage growing by `tensorGrowthLimit`
    /// since then also makes the next safe point collect, and garbage graphs cannot pile up unseen.
    @exclusivity(unchecked) private var tensorBytesAfterCollection = 0
    /// How far live tensor storage may grow past `tensorBytesAfterCollection` before the next
    /// safe point collects (never more than `threshold`): what was alive after the last
    /// collection, tensors and other objects together, but at least `tensorGrowthFloor`. So
    /// garbage may at most double the memory in use (Lua's default pause), and a training
    /// loop whose live data is small collects every step or two instead of every 64 MB: the
    /// learner's LSTM step (~4 MB of garbage graph a step) then reuses buffers still in the
    /// cache, not ones last touched ten steps ago. Against 64 MB alone (ten of those steps
    /// between collections, their buffers overflowing the storage cache into glibc): CPU time
    /// per step −11 %, peak RSS 103 → 55 MB, page faults −60 %, at the same instruction count.
    @exclusivity(unchecked) private(set) var tensorGrowthLimit = Heap.tensorGrowthFloor
    /// The least growth of live tensor storage that makes a collection: 8 MiB, about two of
    /// the learner's LSTM steps (4 MiB was no better, 16 MiB worse).
    static let tensorGrowthFloor = 8 << 20
    @exclusivity(unchecked) private var stressCountdown = 0
    private(set) var collections = 0
    /// Bytes of strings, lists, records and the other objects (tensor storage aside, which
    /// TensorCore counts itself) the last collection found alive, as reported to the ledger,
    /// whose budget counts them beside the tensors.
    private(set) var liveBytes = 0
    /// What one object costs beyond its `byteSize`: its slot in the table (the object pointer,
    /// kind, generation, mark and call-path code) and its allocation header.
    static let slotBytes = 64

    init() {
        capacity = 1024
        kinds = .allocate(capacity: capacity)
        kinds.initialize(repeating: .free, count: capacity)
        generations = .allocate(capacity: capacity)
        generations.initialize(repeating: 0, count: capacity)
        codes = .allocate(capacity: capacity)
        codes.initialize(repeating: VMCode(), count: capacity)
    }

    deinit {
        kinds.deallocate()
        generations.deallocate()
        codes.deallocate()
        ledger.close()
    }

    var liveCount: Int { objects.count - freeList.count }
    @inline(__always) var wantsCollection: Bool { allocatedSinceCollection > threshold }

    /// Stores `object` in a free slot and returns its handle.
    @inline(__always) func allocate(_ object: consuming HeapObject, kind: ObjKind) -> Value {
        .object(allocateRef(object, kind: kind))
    }

    /// Stores `object` in a free slot and returns the reference itself. The table takes the
    /// caller's reference (`consuming`): storing a borrowed one cost a retain here and a
    /// release in the caller for every object made. The semantics attribute keeps the
    /// optimizer from turning the parameter back into a borrowed one.
    @_semantics("optimize.sil.specialize.owned2guarantee.never")
    func allocateRef(_ object: consuming HeapObject, kind: ObjKind) -> ObjRef {
        allocatedSinceCollection += object.byteSize
        if ledger.tensorBytes &- tensorBytesAfterCollection > Swift.min(threshold, tensorGrowthLimit) {
            allocatedSinceCollection = Swift.max(allocatedSinceCollection, threshold &+ 1)
        }
        if stressEvery > 0 {
            stressCountdown -= 1
            if stressCountdown <= 0 {
                stressCountdown = stressEvery
                allocatedSinceCollection = Int.max / 2
            }
        }
        let index: Int
        let reused = freeList.popLast()
        if let free = reused {
            index = Int(free)
        } else {
            index = objects.count
            if index == capacity { grow() }
        }
        kinds[index] = kind
        if kind == .closure, let c = object as? ClosureObj { codes[index] = c.proto.vmCode }
        if reused != nil {
            objects[index] = object
        } else {
            objects.append(object)
            marks.append(false)
        }
        return ObjRef(index: UInt32(index), generation: generations[index])
    }

    private func grow() {
        let newCapacity = capacity * 2
        let k = UnsafeMutablePointer<ObjKind>.allocate(capacity: newCapacity)
        k.moveInitialize(from: kinds, count: capacity)
        k.advanced(by: capacity).initialize(repeating: .free, count: newCapacity - capacity)
        kinds.deallocate()
        kinds = k
        let g = UnsafeMutablePointer<UInt32>.allocate(capacity: newCapacity)
        g.moveInitialize(from: generations, count: capacity)
        g.advanced(by: capacity).initialize(repeating: 0, count: newCapacity - capacity)
        generations.deallocate()
        generations = g
        let c = UnsafeMutablePointer<VMCode>.allocate(capacity: newCapacity)
        c.moveInitialize(from: codes, count: capacity)
        c.advanced(by: capacity).initialize(repeating: VMCode(), count: newCapacity - capacity)
        codes.deallocate()
        codes = c
        capacity = newCapacity
    }

    /// True when `ref` names a live object (in bounds, same generation).
    @inline(__always) func isLive(_ ref: ObjRef) -> Bool {
        Int(ref.index) < objects.count && generations[Int(ref.index)] == ref.generation
            && kinds[Int(ref.index)] != .free
    }

    /// The kind of the object `ref` names, or `.free` for a stale handle.
    @inline(__always) func kind(_ ref: ObjRef) -> ObjKind {
        isLive(ref) ? kinds[Int(ref.index)] : .free
    }

    /// The object `ref` names, or nil for a stale handle.
    @inline(__always) func object(_ ref: ObjRef) -> HeapObject? {
        isLive(ref) ? objects[Int(ref.index)] : nil
    }

    // MARK: collection

    /// Marks everything reachable from `roots` and frees the rest. Returns the number freed.
    @discardableResult
    func collect(roots: (inout [ObjRef]) -> Void) -> Int {
        var gray: [ObjRef] = []
        roots(&gray)
        while let ref = gray.popLast() {
            guard isLive(ref) else { continue }
            let i = Int(ref.index)
            if marks[i] { continue }
            marks[i] = true
            traceChildren(objects[i]!, into: &gray)
        }
        var freed = 0
        var live = 0
        for i in 0..<objects.count where kinds[i] != .free {
            if marks[i] {
                marks[i] = false
                live += kinds[i] == .tensor ? Heap.slotBytes + 32 : Heap.slotBytes + objects[i]!.byteSize
            } else {
                objects[i] = nil
                kinds[i] = .free
                codes[i] = VMCode()
                generations[i] &+= 1
                freeList.append(UInt32(i))
                freed += 1
            }
        }
        allocatedSinceCollection = 0
        collections += 1
        tensorBytesAfterCollection = ledger.tensorBytes
        ledger.heapBytesChanged(by: live - liveBytes)
        liveBytes = live
        tensorGrowthLimit = Swift.max(Heap.tensorGrowthFloor, tensorBytesAfterCollection &+ live)
        return freed
    }

    private func traceChildren(_ object: HeapObject, into gray: inout [ObjRef]) {
        switch object {
        case let l as ListObj: Heap.push(l.items, into: &gray)
        case let r as RecordObj: Heap.push(r.values, into: &gray)
        case let c as ClosureObj: gray.append(contentsOf: c.upvalues)
        case let c as CellObj: Heap.push([c.value], into: &gray)
        case let it as IteratorObj:
            switch it.source {
            case .list(let ref), .enumerate(let ref): gray.append(ref)
            case .zip(let refs): gray.append(contentsOf: refs)
            case .items(let values): Heap.push(values, into: &gray)
            case .range, .tensor, .characters: break
            }
        default: break
        }
    }

    static func push(_ values: [Value], into gray: inout [ObjRef]) {
        for v in values { if case .object(let r) = v { gray.append(r) } }
    }
}
