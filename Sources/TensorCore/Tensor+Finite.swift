// Tensor+Finite: whether a tensor holds a NaN or an infinity, for the interpreter's NaN/Inf
// sentinel. One pass, 16 lanes at a time: x·0 is 0 for every finite x and NaN otherwise, so
// the lanes' sum is 0 exactly when every element is finite.

extension Tensor {
    /// True when no element is NaN, +Inf or -Inf.
    public var isAllFinite: Bool {
        withContiguousBuffer { b in
            guard let base = b.baseAddress else { return true }
            let n = b.count
            let raw = UnsafeRawPointer(base)
            var acc = SIMD16<Float>(repeating: 0)
            var i = 0
            while i + 16 <= n {
                acc += raw.loadUnaligned(fromByteOffset: i &* 4, as: SIMD16<Float>.self) * 0
                i &+= 16
            }
            var s = acc.sum()
            while i < n {
                s += base[i] * 0
                i &+= 1
            }
            return s == 0
        }
    }

    /// The first element (row-major) that is NaN or infinite: its flat position, its
    /// multi-index and its value; nil when every element is finite.
    public func firstNonFinite() -> (flat: Int, index: [Int], value: Float)? {
        withContiguousBuffer { b in
            guard let k = b.firstIndex(where: { !$0.isFinite }) else { return nil }
            var index = [Int](repeating: 0, count: shape.count)
            var rest = k
            for a in stride(from: shape.count - 1, through: 0, by: -1) where shape[a] > 0 {
                index[a] = rest % shape[a]
                rest /= shape[a]
            }
            return (k, index, b[k])
        }
    }

    /// The element at flat row-major position `k` (which must be in range).
    public func element(flat k: Int) -> Float {
        withContiguousBuffer { $0[k] }
    }
}
