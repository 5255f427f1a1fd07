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
    struct State {
        /// The most bytes the kept buffers may hold.
        let budget: Int
        var bins: [Int: Bin] = [:]
        var cachedBytes = 0
        /// Counts every hand-out and give-back: the recency of the bins.
        var clock = 0
        /// Allocations served from the cache and from malloc, and kept buffers given up to make
        /// room, for tests and the bench.
        var reused = 0
        var fresh = 0
        var evicted = 0

        init(budget: Int) { self.budget = budget }

        /// Kept buffers of `n` floats.
        func kept(_ n: Int) -> Int { bins[n]?.free.count ?? 0 }

        /// A kept buffer of `n` floats, or nil when the caller must take one from malloc.
        mutating func handOut(_ n: Int) -> UInt? {
            clock &+= 1
            if let i = bins.index(forKey: n), let p = bins.values[i].free.popLast() {
                bins.values[i].lastUse = clock
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
                guard let victim = leastRecentlyUsed(other: n) else { return false }
                let i = bins.index(forKey: victim)!
                while cachedBytes + bytes > budget, let p = bins.values[i].free.popLast() {
                    cachedBytes -= victim &* 4
                    evicted &+= 1
                    free(p)
                }
                if bins.values[i].free.isEmpty { bins.remove(at: i) }
            }
            if let i = bins.index(forKey: n) {
                bins.values[i].free.append(address)
                bins.values[i].lastUse = clock
            } else {
                bins[n] = Bin(free: [address], lastUse: clock)
            }
            cachedBytes += bytes
            return true
        }

        /// The size other than `n` that keeps buffers and was used least recently (bins left
        /// empty are dropped on the way), or nil when only `n` keeps any.
        private mutating func leastRecentlyUsed(other n: Int) -> Int? {
            var best: (size: Int, lastUse: Int)? = nil
            var empty: [Int] = []
            for (size, bin) in bins where size != n {
                if bin.free.isEmpty {
                    empty.append(size)
                } else if best == nil || bin.lastUse < best!.lastUse {
                    best = (size, bin.lastUse)
                }
            }
            for size in empty { bins[size] = nil }
            return best?.size
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
        let all = state.withLock { s -> [UInt] in
            let all = s.bins.values.flatMap { $0.free }
            s.bins = [:]
            s.cachedBytes = 0
            return all
        }
        for a in all { UnsafeMutableRawPointer(bitPattern: a)?.deallocate() }
    }
}

/// A heap buffer of `capacity` floats, aligned to 64 bytes for SIMD and BLAS (16 bytes, the
/// malloc default, below 64 floats, where the cheaper allocation matters more).
/// Owned by tensors; freed when the last tensor that views it goes away.
final class TensorStorage: @unchecked Sendable {
    let pointer: UnsafeMutablePointer<Float>
    let capacity: Int

    /// Uninitialised storage for `count` floats (at least one is allocated).
    init(count: Int) {
        _ = mallocTuned
        pointer = StorageCache.allocate(Swift.max(count, 1))
        capacity = count
        MemoryLimit.allocated(Swift.max(count, 1) * MemoryLayout<Float>.stride)
    }

    /// Storage for `count` floats all set to `value`.
    convenience init(count: Int, repeating value: Float) {
        self.init(count: count)
        pointer.initialize(repeating: value, count: Swift.max(count, 1))
    }

    deinit {
        // A buffer kept by the cache is no longer the program's: it stops counting here.
        MemoryLimit.released(Swift.max(capacity, 1) * MemoryLayout<Float>.stride)
        StorageCache.release(pointer, Swift.max(capacity, 1))
    }
}
