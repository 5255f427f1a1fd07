// MemoryLimit: the one size check every allocation a learner can cause goes through — tensor
// shapes, the interpreter's lists and strings, dataset generators and file loaders. A request
// past the limit throws "this would need 80 GB" instead of aborting the process (a failed
// allocation) or waking the kernel's OOM killer.
//
// The live bytes a memory budget counts are not the process's but one session's, on its
// `MemoryLedger` (MemoryLedger.swift): its tensor storage and its heap's objects, so tensors
// another session or thread holds never count against a run's `memory:` limit. The check here
// also refuses one request larger than the whole budget of the ledger on the asking thread.
import Foundation

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

    /// Throws when one request of `bytes` is more than the whole budget of the ledger installed
    /// on this thread (and marks that budget exceeded). Smaller requests are allocated and
    /// counted: whether the run is past its budget then depends on what else is alive, which
    /// the collector settles. A thread with no ledger, or one without a budget, has no such limit.
    @inline(__always)
    static func checkBudget(_ bytes: Int, op: String, what: @autoclosure () -> String) throws {
        guard let budget = MemoryLedger.currentRefuses(bytes) else { return }
        throw TensorError(
            op: op, message: "memory limit exceeded: \(what()) would need \(byteString(Double(bytes))), more than the \(byteString(Double(budget))) this run may hold",
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
