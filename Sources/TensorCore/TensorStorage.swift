// TensorStorage: the reference-counted, 64-byte aligned float32 buffer under every tensor.
// Tensors share it until one of them writes (copy-on-write, see Tensor.makeUnique).
//
// Every buffer is allocated and released in one place, `StorageCache.allocate` and
// `StorageCache.release` below: a training step asks for the same sizes every step, so freed
// buffers of 1 KiB and more are kept by exact size and handed out again instead of going back
// to malloc (no allocation in a steady training step).
import Foundation
import Synchronization

#if os(Linux)
    /// glibc's `mallopt` (declared in <malloc.h>, which no system module here exports).
    @_silgen_name("mallopt") private func glibcMallopt(_ param: Int32, _ value: Int32) -> Int32
#endif

/// Keeps freed tensor buffers up to 64 MiB in glibc's heap instead of returning them to the
/// kernel, so a training step's big temporaries do not page-fault afresh every step
/// (M_MMAP_THRESHOLD = −3 to 64 MiB, M_TRIM_THRESHOLD = −1 to 256 MiB, glibc's <malloc.h>).
/// Set once, before the first storage is allocated.
private let mallocTuned: Bool = {
    #if os(Linux)
        _ = glibcMallopt(-3, 64 << 20)
        _ = glibcMallopt(-1, 256 << 20)
    #endif
    return true
}()

/// Freed tensor buffers kept for reuse, by exact size in floats: the one place where tensor
/// storage is allocated and released.
///
/// Buffers below `smallest` floats go straight back to malloc (its per-thread cache is
/// faster than a lock for those). All kept buffers together hold at most `budget` bytes; a
/// size keeps as many as come back (never more than were out at once, its working set). When
/// a freed buffer would pass the budget, the sizes used least recently give up their kept
/// buffers first, so a new working set always gets in. A training step frees its temporaries
/// before the next step allocates the same shapes, so from the second step on every large
/// buffer comes from here. (A fixed 32 per size sent 392 buffers of the learner's LSTM step to
/// malloc every step: its forward keeps ~300 [32, 64] buffers alive for the backward. Sizes
/// kept by demand without eviction kept the first busy sizes for good once the budget was
/// full, and no new size was cached again.)
enum StorageCache {
    /// The smallest buffer, in floats, that is cached (1 KiB); CAJAL_STORAGE_CACHE=0 turns
    /// the cache off (to measure what it buys).
    static let smallest = getenv("CAJAL_STORAGE_CACHE").map { String(cString: $0) == "0" } == true ? Int.max : 256
    /// The most bytes all kept buffers may hold together. The bench's training steps take no
    /// more fresh buffers with 64 MiB than with 256 (LeNet none), and lesson 18's peak RSS
    /// went 256 → 190 MB (lesson 13: 485 → 467 MB).
    static let budget = 64 << 20

    /// The buffers of one size that are kept, and when that size was last used.
    struct Bin {
        /// Kept buffers, as addresses (plain integers cross the lock freely).
        var free: [UInt] = []
        /// The cache's clock when a buffer of this size was last handed out or given back.
        var lastUse = 0
    }

    /// The cache's book-keeping: pure state, so tests can drive one with a budget of their own.
    ///
    /// The bins sit in two parallel arrays, found by a linear scan of the sizes: a step uses a
    /// handful of sizes, and scanning a few Ints costs less than hashing the size for a
    /// Dictionary (~120 instructions a lookup, one per hand-out and one per give-back: ~0.25 M
    /// of the learner's LSTM step). A bin left empty stays (its array keeps its capacity for
    /// the next give-back) until a new size comes while `maxIdleBins` bins exist, or an
    /// eviction looks for a victim: then the empty ones go, so a scan stays short.
    struct State {
        /// The most bytes the kept buffers may hold.
        let budget: Int
        /// The sizes, in floats, that have a bin; `store[i]` is the bin of `sizes[i]`.
        private(set) var sizes: [Int] = []
        private(set) var store: [Bin] = []
        var cachedBytes = 0
        /// Counts every hand-out and give-back: the recency of the bins.
        var clock = 0
        /// Allocations served from the cache and from malloc, and kept buffers given up to make
        /// room, for tests and the bench.
        var reused = 0
        var fresh = 0
        var evicted = 0
        /// How many bins there may be before the empty ones are dropped.
        static let maxIdleBins = 32

        init(budget: Int) { self.budget = budget }

        /// Every bin by size (for tests).
        var bins: [Int: Bin] { Dictionary(uniqueKeysWithValues: zip(sizes, store)) }

        /// Kept buffers of `n` floats.
        func kept(_ n: Int) -> Int { slot(n).map { store[$0].free.count } ?? 0 }

        /// The position of `n`'s bin.
        private func slot(_ n: Int) -> Int? {
            sizes.withUnsafeBufferPointer { s in
                for i in s.indices where s[i] == n { return i }
                return nil
            }
        }

        /// A kept buffer of `n` floats, or nil when the caller must take one from malloc.
        mutating func handOut(_ n: Int) -> UInt? {
            clock &+= 1
            if let i = slot(n), let p = store[i].free.popLast() {
                store[i].lastUse = clock
                cachedBytes -= n &* 4
                reused &+= 1
                return p
            }
            fresh &+= 1
            return nil
        }

        /// A buffer of `n` floats comes back: true when it is kept, false when the caller must
        /// free it (it alone would pass the budget). To make room, the sizes used least
        /// recently give up kept buffers, each passed to `free`.
        mutating func takeBack(_ address: UInt, _ n: Int, free: (UInt) -> Void) -> Bool {
            clock &+= 1
            let bytes = n &* 4
            guard bytes <= budget else { return false }
            while cachedBytes + bytes > budget {
                guard let i = leastRecentlyUsed(other: n) else { return false }
                let victim = sizes[i]
                while cachedBytes + bytes > budget, let p = store[i].free.popLast() {
                    cachedBytes -= victim &* 4
                    evicted &+= 1
                    free(p)
                }
                if store[i].free.isEmpty { remove(at: i) }
            }
            if let i = slot(n) {
                store[i].free.append(address)
                store[i].lastUse = clock
            } else {
                if sizes.count >= State.maxIdleBins { dropEmptyBins() }
                sizes.append(n)
                store.append(Bin(free: [address], lastUse: clock))
            }
            cachedBytes += bytes
            return true
        }

        /// The position of the size other than `n` that keeps buffers and was used least
        /// recently (bins left empty are dropped on the way), or nil when only `n` keeps any.
        private mutating func leastRecentlyUsed(other n: Int) -> Int? {
            dropEmptyBins()
            var best: (slot: Int, lastUse: Int)? = nil
            for i in sizes.indices where sizes[i] != n {
                if best == nil || store[i].lastUse < best!.lastUse { best = (i, store[i].lastUse) }
            }
            return best?.slot
        }

        /// Forgets the bins that keep no buffer.
        private mutating func dropEmptyBins() {
            var i = 0
            while i < sizes.count {
                if store[i].free.isEmpty { remove(at: i) } else { i += 1 }
            }
        }

        /// Removes the bin at `i` (the last bin takes its place).
        private mutating func remove(at i: Int) {
            sizes.swapAt(i, sizes.count - 1)
            store.swapAt(i, store.count - 1)
            sizes.removeLast()
            store.removeLast()
        }

        /// Forgets every bin; returns the kept buffers.
        mutating func removeAll() -> [UInt] {
            let all = store.flatMap { $0.free }
            sizes = []
            store = []
            cachedBytes = 0
            return all
        }
    }

    static let state = Mutex(State(budget: budget))

    /// A buffer of `n` ≥ 1 floats, 64-byte aligned from 64 floats on.
    static func allocate(_ n: Int) -> UnsafeMutablePointer<Float> {
        if n >= smallest {
            let reused = state.withLock { $0.handOut(n) }
            if let reused, let p = UnsafeMutablePointer<Float>(bitPattern: reused) { return p }
        }
        let raw = UnsafeMutableRawPointer.allocate(
            byteCount: n * MemoryLayout<Float>.stride, alignment: n >= 64 ? 64 : 16)
        return raw.bindMemory(to: Float.self, capacity: n)
    }

    /// Gives back a buffer of `n` floats from `allocate`.
    static func release(_ pointer: UnsafeMutablePointer<Float>, _ n: Int) {
        if n >= smallest {
            let address = UInt(bitPattern: pointer)
            let kept = state.withLock { s in
                s.takeBack(address, n) { UnsafeMutableRawPointer(bitPattern: $0)?.deallocate() }
            }
            if kept { return }
        }
        UnsafeMutableRawPointer(pointer).deallocate()
    }

    /// (served from the cache, served by malloc) since the process started, buffers of
    /// `smallest` floats and more.
    static var counts: (reused: Int, fresh: Int) { state.withLock { ($0.reused, $0.fresh) } }

    /// Returns every kept buffer to malloc.
    static func drain() {
        let all = state.withLock { s in s.removeAll() }
        for a in all { UnsafeMutableRawPointer(bitPattern: a)?.deallocate() }
    }
}

/// A heap buffer of `capacity` floats, aligned to 64 bytes for SIMD and BLAS (16 bytes, the
/// malloc default, below 64 floats, where the cheaper allocation matters more).
/// Owned by tensors; freed when the last tensor that views it goes away.
final class TensorStorage: @unchecked Sendable {
    let pointer: UnsafeMutablePointer<Float>
    let capacity: Int
    /// The ledger this buffer is charged to: the one installed on the thread that allocated
    /// it (the running interpreter's), or nil. Kept (by address: ledgers are never freed) so
    /// the buffer credits the same ledger when it is freed, whichever thread frees it
    /// (MemoryLedger.swift).
    let ledger: UnsafeMutableRawPointer?

    /// Uninitialised storage for `count` floats (at least one is allocated).
    init(count: Int) {
        _ = mallocTuned
        pointer = StorageCache.allocate(Swift.max(count, 1))
        capacity = count
        ledger = MemoryLedger.allocated(Swift.max(count, 1) * MemoryLayout<Float>.stride)
    }

    /// Storage for `count` floats all set to `value`.
    convenience init(count: Int, repeating value: Float) {
        self.init(count: count)
        pointer.initialize(repeating: value, count: Swift.max(count, 1))
    }

    deinit {
        // A buffer kept by the cache is no longer the program's: it stops counting here.
        MemoryLedger.released(Swift.max(capacity, 1) * MemoryLayout<Float>.stride, from: ledger)
        StorageCache.release(pointer, Swift.max(capacity, 1))
    }
}
