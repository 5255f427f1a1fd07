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
/// faster than a lock for those). Each size keeps at most `perSize` buffers and all sizes
/// together at most `budget` bytes; a buffer past either goes back to malloc. A training step
/// frees its temporaries before the next step allocates the same shapes, so from the second
/// step on every large buffer comes from here.
enum StorageCache {
    /// The smallest buffer, in floats, that is cached (1 KiB); CAJAL_STORAGE_CACHE=0 turns
    /// the cache off (to measure what it buys).
    static let smallest = getenv("CAJAL_STORAGE_CACHE").map { String(cString: $0) == "0" } == true ? Int.max : 256
    /// Buffers kept per size (the MLP's step frees more than 8 of its [784, 128] size at once).
    static let perSize = 32
    /// The most bytes all kept buffers may hold together. The bench's training steps take no
    /// more fresh buffers with 64 MiB than with 256 (LeNet none), and lesson 18's peak RSS
    /// went 256 → 190 MB (lesson 13: 485 → 467 MB).
    static let budget = 64 << 20

    struct State {
        /// Kept buffers by size in floats, as addresses (plain integers cross the lock freely).
        var free: [Int: [UInt]] = [:]
        var cachedBytes = 0
        /// Allocations served from the cache and from malloc, for tests and the bench.
        var reused = 0
        var fresh = 0
    }

    static let state = Mutex(State())

    /// A buffer of `n` ≥ 1 floats, 64-byte aligned from 64 floats on.
    static func allocate(_ n: Int) -> UnsafeMutablePointer<Float> {
        if n >= smallest {
            let reused = state.withLock { s -> UInt? in
                guard let p = s.free[n]?.popLast() else {
                    s.fresh += 1
                    return nil
                }
                s.cachedBytes -= n * 4
                s.reused += 1
                return p
            }
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
            let kept = state.withLock { s -> Bool in
                guard s.cachedBytes + n * 4 <= budget, s.free[n, default: []].count < perSize else { return false }
                s.free[n, default: []].append(address)
                s.cachedBytes += n * 4
                return true
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
            let all = s.free.values.flatMap { $0 }
            s.free = [:]
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
