// MemoryLimit: the one size check every allocation a learner can cause goes through — tensor
// shapes, the interpreter's lists and strings, dataset generators and file loaders. A request
// past the limit throws "this would need 80 GB" instead of aborting the process (a failed
// allocation) or waking the kernel's OOM killer.
//
// It also counts the bytes of tensor storage alive in the process (TensorStorage reports each
// buffer it allocates and frees), and beside them the bytes of the interpreters' own objects
// (strings, lists, records: each heap reports what its collector found alive). The grader sets a budget on that count (`beginBudget`): a
// check that needs more live bytes than its `memory:` limit is stopped, at the same point of
// the program on any machine, where the resident set size would depend on the allocator and
// the machine.
import Foundation
import Synchronization

/// The most bytes one allocation may take, and the checked arithmetic that computes sizes.
///
/// The limit is `CAJAL_MAX_MEMORY` when set ("4G", "512M", "2.5GB", or plain bytes). By
/// default it is a quarter of the machine's physical memory, at most 8 GiB and at least
/// 64 MiB, so one runaway allocation leaves the rest of the machine usable. Under an address
/// space limit (`ulimit -v`) it is at most a quarter of that limit (while a string or a list
/// grows, the old value and the new one both live), so the request is refused before the
/// allocator fails.
public enum MemoryLimit {
    /// The limit in bytes, read once per process.
    public static let bytes: Int = {
        let env = ProcessInfo.processInfo.environment["CAJAL_MAX_MEMORY"]
        return resolve(setting: env, physical: ProcessInfo.processInfo.physicalMemory,
                       addressSpace: addressSpaceLimit())
    }()

    /// Where the limit came from, for messages: "CAJAL_MAX_MEMORY" or "the default".
    public static let source: String = {
        parse(ProcessInfo.processInfo.environment["CAJAL_MAX_MEMORY"] ?? "") != nil ? "CAJAL_MAX_MEMORY" : "the default"
    }()

    /// The limit given a `CAJAL_MAX_MEMORY` setting (nil or unparsable: the default), the
    /// physical memory and the address-space rlimit (nil when unlimited).
    static func resolve(setting: String?, physical: UInt64, addressSpace: Int?) -> Int {
        if let s = setting, let b = parse(s) { return b }
        var limit = Swift.min(8 << 30, Int(clamping: physical / 4))
        if let a = addressSpace { limit = Swift.min(limit, a / 4) }
        return Swift.max(64 << 20, limit)
    }

    /// "4G", "512M", "2.5GB", "1024k", "1e9" or plain bytes as a byte count; nil otherwise.
    public static func parse(_ text: String) -> Int? {
        var s = text.trimmingCharacters(in: .whitespaces).uppercased()
        if s.hasSuffix("IB") { s.removeLast(2) } else if s.hasSuffix("B") { s.removeLast() }
        var scale = 1.0
        if let u = s.last, let k = "KMGT".firstIndex(of: u) {
            scale = Foundation.pow(1024, Double("KMGT".distance(from: "KMGT".startIndex, to: k) + 1))
            s.removeLast()
        }
        guard let x = Double(s.trimmingCharacters(in: .whitespaces)), x.isFinite, x > 0 else { return nil }
        let b = x * scale
        return b < 9.0e18 ? Int(b) : nil
    }

    /// The address-space limit of this process (RLIMIT_AS), nil when unlimited.
    static func addressSpaceLimit() -> Int? {
        var r = rlimit()
        guard getrlimit(Int32(RLIMIT_AS.rawValue), &r) == 0, r.rlim_cur != rlim_t.max else { return nil }
        return Int(clamping: r.rlim_cur)
    }

    /// Throws unless `count` items of `itemBytes` bytes each fit the limit. `what` names the
    /// request in the message: "shape [100000, 100000]", "a string", "adding(100000, length: …)";
    /// it is built only for the message (every tensor op checks its shape here).
    public static func check(count: Int, itemBytes: Int = 4, op: String, what: @autoclosure () -> String) throws {
        let (b, overflow) = count.multipliedReportingOverflow(by: itemBytes)
        if !overflow && count >= 0 { try checkBudget(b, op: op, what: what()) }
        guard overflow || count < 0 || b > bytes else { return }
        let need = Double(count) * Double(itemBytes)
        throw TensorError(
            op: op, message: "\(what()) would need \(byteString(need)); the limit is \(byteString(Double(bytes)))",
            hint: source == "CAJAL_MAX_MEMORY"
                ? "use a smaller size or batch; the limit comes from CAJAL_MAX_MEMORY"
                : "use a smaller size or batch; CAJAL_MAX_MEMORY sets the limit (default: a quarter of the memory, at most 8 GB)")
    }

    // MARK: live bytes and the budget

    /// Bytes of tensor storage alive in this process.
    private static let live = Atomic<Int>(0)
    /// Bytes of the interpreters' strings, lists and records alive, as their heaps last counted.
    private static let heapLive = Atomic<Int>(0)
    /// The live-byte count past which the budget is exceeded (Int.max: no budget).
    private static let ceiling = Atomic<Int>(Int.max)
    /// Set when a budget was exceeded; read and cleared by `endBudget`.
    private static let overBudget = Atomic<Bool>(false)
    /// Set when an allocation crossed the ceiling: the interpreter collects garbage at its next
    /// safe point and then asks `stillOverBudget`.
    private static let pressure = Atomic<Bool>(false)
    /// Called (on the allocating thread) when an allocation crosses the budget.
    nonisolated(unsafe) private static var onCrossed: (@Sendable () -> Void)?
    /// The budget's size in bytes, for messages.
    nonisolated(unsafe) private static var budgetBytes = 0

    /// Bytes of tensor storage alive now.
    public static var liveBytes: Int { live.load(ordering: .relaxed) }

    /// Bytes of the interpreters' strings, lists and records alive, as their collectors last
    /// counted them.
    public static var liveHeapBytes: Int { heapLive.load(ordering: .relaxed) }

    /// Everything the budget counts: tensor storage and the interpreters' objects.
    static var liveTotal: Int { live.load(ordering: .relaxed) &+ heapLive.load(ordering: .relaxed) }

    /// A heap's report, after a collection, of how much its live objects grew (or shrank) since
    /// its last report. Growth past the budget's ceiling counts as an allocation crossing it.
    public static func heapBytesChanged(by delta: Int) {
        let now = heapLive.add(delta, ordering: .relaxed).newValue &+ live.load(ordering: .relaxed)
        if delta > 0 && now > ceiling.load(ordering: .relaxed) { crossedCeiling() }
    }

    /// Starts a budget: from now on at most `bytes` more live bytes than now. An allocation
    /// that crosses it calls `crossed` (the interpreter raises its interrupt flag there, and at
    /// its next loop edge or call collects garbage and asks `stillOverBudget`); a size check
    /// (`check`) for more than the whole budget throws before anything is allocated.
    public static func beginBudget(_ bytes: Int, crossed: @escaping @Sendable () -> Void) {
        overBudget.store(false, ordering: .relaxed)
        pressure.store(false, ordering: .relaxed)
        onCrossed = crossed
        budgetBytes = bytes
        let (c, o) = liveTotal.addingReportingOverflow(bytes)
        ceiling.store(o ? Int.max : c, ordering: .relaxed)
    }

    /// True when the running budget was exceeded (without ending it), and its size in bytes.
    public static var exceededBudget: Int? {
        overBudget.load(ordering: .relaxed) ? budgetBytes : nil
    }

    /// Ends the budget; true when it was exceeded.
    @discardableResult
    public static func endBudget() -> Bool {
        ceiling.store(Int.max, ordering: .relaxed)
        onCrossed = nil
        pressure.store(false, ordering: .relaxed)
        return overBudget.exchange(false, ordering: .relaxed)
    }

    /// True (once) when an allocation crossed the budget since the last call.
    public static func takePressure() -> Bool {
        pressure.load(ordering: .relaxed) && pressure.exchange(false, ordering: .relaxed)
    }

    /// After a garbage collection: true, and the budget marked exceeded, when the live bytes
    /// are still past it.
    public static func stillOverBudget() -> Bool {
        guard liveTotal > ceiling.load(ordering: .relaxed) else { return false }
        overBudget.store(true, ordering: .relaxed)
        return true
    }

    /// TensorStorage's report of a new buffer of `bytes`.
    @inline(__always)
    static func allocated(_ bytes: Int) {
        let now = live.add(bytes, ordering: .relaxed).newValue &+ heapLive.load(ordering: .relaxed)
        if now > ceiling.load(ordering: .relaxed) { crossedCeiling() }
    }

    /// TensorStorage's report of a freed buffer of `bytes`.
    @inline(__always)
    static func released(_ bytes: Int) {
        live.subtract(bytes, ordering: .relaxed)
    }

    @inline(never) private static func crossedCeiling() {
        guard !pressure.exchange(true, ordering: .relaxed) else { return }
        onCrossed?()
    }

    /// Throws when one request of `bytes` is more than the whole budget (and marks it exceeded).
    /// Smaller requests are allocated and counted: whether the run is past its budget then
    /// depends on what else is alive, which the collector settles.
    static func checkBudget(_ bytes: Int, op: String, what: @autoclosure () -> String) throws {
        guard ceiling.load(ordering: .relaxed) != Int.max, bytes > budgetBytes else { return }
        overBudget.store(true, ordering: .relaxed)
        throw TensorError(
            op: op, message: "memory limit exceeded: \(what()) would need \(byteString(Double(bytes))), more than the \(byteString(Double(budgetBytes))) this run may hold",
            hint: "use a smaller size or batch, and let big tensors you no longer need go")
    }

    /// The product of `dims` (element counts), or nil when it overflows Int or a dim is negative.
    public static func product<C: Collection<Int>>(_ dims: C) -> Int? {
        var n = 1
        for d in dims {
            guard d >= 0 else { return nil }
            let (p, o) = n.multipliedReportingOverflow(by: d)
            if o { return dims.contains(0) ? 0 : nil }
            n = p
        }
        return n
    }

    /// `80 GB`, `1.5 MB`, `512 bytes` (powers of 1024, written GB/MB/KB as people say them).
    public static func byteString(_ b: Double) -> String {
        let units = ["bytes", "KB", "MB", "GB", "TB", "PB", "EB"]
        var x = b, u = 0
        while x >= 1024 && u < units.count - 1 { x /= 1024; u += 1 }
        if u == 0 { return "\(Int(x)) bytes" }
        let tenths = (x * 10).rounded() / 10
        if x >= 100 || tenths == tenths.rounded() { return x < 1e15 ? "\(Int(x.rounded())) \(units[u])" : "\(x) \(units[u])" }
        return "\(tenths) \(units[u])"
    }
}
