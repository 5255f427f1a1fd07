// TensorStorage: the reference-counted, 64-byte aligned float32 buffer under every tensor.
// Tensors share it until one of them writes (copy-on-write, see Tensor.makeUnique).

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

/// A heap buffer of `capacity` floats, aligned to 64 bytes for SIMD and BLAS (16 bytes, the
/// malloc default, below 64 floats, where the cheaper allocation matters more).
/// Owned by tensors; freed when the last tensor that views it goes away.
final class TensorStorage: @unchecked Sendable {
    let pointer: UnsafeMutablePointer<Float>
    let capacity: Int

    /// Uninitialised storage for `count` floats (at least one is allocated).
    init(count: Int) {
        _ = mallocTuned
        let n = Swift.max(count, 1)
        let raw = UnsafeMutableRawPointer.allocate(
            byteCount: n * MemoryLayout<Float>.stride, alignment: n >= 64 ? 64 : 16)
        pointer = raw.bindMemory(to: Float.self, capacity: n)
        capacity = count
        MemoryLimit.allocated(n * MemoryLayout<Float>.stride)
    }

    /// Storage for `count` floats all set to `value`.
    convenience init(count: Int, repeating value: Float) {
        self.init(count: count)
        pointer.initialize(repeating: value, count: Swift.max(count, 1))
    }

    deinit {
        MemoryLimit.released(Swift.max(capacity, 1) * MemoryLayout<Float>.stride)
        UnsafeMutableRawPointer(pointer).deallocate()
    }
}
