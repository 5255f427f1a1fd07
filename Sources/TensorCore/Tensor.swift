// Tensor: the float32 N-dimensional array — storage, shape, strides and offset; element
// access; contiguous copies and copy-on-write. Ops live in Tensor+Topic.swift files.

/// A float32 N-dimensional array with value semantics.
///
/// Elements are in row-major logical order. A tensor is a view — `shape`, `strides` (in
/// elements, possibly 0 for broadcast axes or negative for flipped ones) and an offset —
/// into shared storage, so transpose, slice, expand and flip copy nothing. Writing through a
/// mutating method copies the storage first unless this tensor is its only, contiguous owner.
public struct Tensor: Sendable {
    var storage: TensorStorage
    var offset: Int
    /// The size of each axis; `[]` for a scalar.
    public internal(set) var shape: Dims
    /// How many elements to step in storage to move one place along each axis.
    public internal(set) var strides: Dims
    /// The number of elements (the product of `shape`; 1 for a scalar).
    public internal(set) var count: Int

    /// A view; the caller guarantees every element it reaches lies inside `storage`.
    init(storage: TensorStorage, offset: Int, shape: Dims, strides: Dims, count: Int) {
        self.storage = storage
        self.offset = offset
        self.shape = shape
        self.strides = strides
        self.count = count
    }

    /// A fresh contiguous tensor with uninitialised elements; `shape` must already be checked.
    init(uninitialized shape: Dims, count: Int) {
        self.init(
            storage: TensorStorage(count: count), offset: 0, shape: shape,
            strides: Tensor.rowMajorStrides(shape), count: count)
    }

    /// A fresh contiguous tensor with uninitialised elements and the shape of `t`, which must
    /// be contiguous (its shape and strides are copied, not rebuilt).
    init(uninitializedLike t: Tensor) {
        self.init(storage: TensorStorage(count: t.count), offset: 0, shape: t.shape, strides: t.strides, count: t.count)
    }

    /// A fresh contiguous tensor with uninitialised elements; checks the shape.
    static func uninitialized(_ shape: Dims, op: String) throws -> Tensor {
        let n = try checkedCount(shape, op: op)
        return Tensor(uninitialized: shape, count: n)
    }

    /// A 0-d tensor holding `scalar`.
    public init(scalar: Float) {
        self.init(
            storage: TensorStorage(count: 1, repeating: scalar), offset: 0, shape: [], strides: [],
            count: 1)
    }

    /// A tensor of `shape` holding `values` in row-major order; the counts must agree.
    public init(shape: Dims, values: [Float]) throws {
        let n = try Tensor.checkedCount(shape, op: "tensor")
        guard n == values.count else {
            throw TensorError(
                op: "tensor",
                message: "shape \(shapeString(shape)) holds \(n) elements but \(values.count) values were given",
                shapes: [shape])
        }
        self.init(uninitialized: shape, count: n)
        values.withUnsafeBufferPointer { src in
            if n > 0 { storage.pointer.update(from: src.baseAddress!, count: n) }
        }
    }

    /// The same, with the shape as an array.
    public init(shape: [Int], values: [Float]) throws {
        try self.init(shape: Dims(shape), values: values)
    }

    /// Row-major (C order) strides for `shape`.
    static func rowMajorStrides(_ shape: Dims) -> Dims {
        Dims(count: shape.count) { strides in
            var s = 1
            for i in stride(from: shape.count - 1, through: 0, by: -1) {
                strides[i] = s
                s &*= Swift.max(shape[i], 1)
            }
        }
    }

    /// The number of axes.
    public var rank: Int { shape.count }

    /// True when the elements lie next to each other in storage in row-major order, so the
    /// tensor can be read as one flat buffer starting at its offset.
    public var isContiguous: Bool {
        let r = shape.count
        if r <= Dims.inlineCapacity {
            // Ranks 0–4 (every tensor a lesson or a training step makes): the numbers read from
            // their fixed slots, innermost axis first. The general loop below goes through the
            // checked subscript and a generic stride: ~90 instructions for a matrix, at ~2,500
            // calls a step of the learner's LSTM.
            let (n0, n1, n2, n3) = shape.slots
            let (s0, s1, s2, s3) = strides.slots
            var expected = 1
            switch r {
            case 4:
                if n3 != 1 { if s3 != expected { return false }; expected &*= n3 }
                fallthrough
            case 3:
                if n2 != 1 { if s2 != expected { return false }; expected &*= n2 }
                fallthrough
            case 2:
                if n1 != 1 { if s1 != expected { return false }; expected &*= n1 }
                fallthrough
            case 1:
                return n0 == 1 || s0 == expected
            default:
                return true
            }
        }
        var expected = 1
        for i in stride(from: shape.count - 1, through: 0, by: -1) where shape[i] != 1 {
            if strides[i] != expected { return false }
            expected &*= shape[i]
        }
        return true
    }

    /// The address of the element at index [0, 0, ...].
    var base: UnsafeMutablePointer<Float> { storage.pointer + offset }

    /// The address of the first element when the elements lie contiguously and there is at
    /// least one, else nil; valid while this tensor's storage is held. Unlike
    /// `withContiguousBuffer` it copies nothing (not even the tensor value: a retain).
    public var contiguousElements: UnsafePointer<Float>? {
        count > 0 && isContiguous ? UnsafePointer(base) : nil
    }

    /// This tensor if contiguous, otherwise a contiguous copy.
    func contiguous() -> Tensor {
        if isContiguous { return self }
        var out = Tensor(uninitialized: shape, count: count)
        copyElements(to: out.base)
        out.offset = 0
        return out
    }

    /// Writes the elements in row-major order to `dst` (which holds `count` floats).
    func copyElements(to dst: UnsafeMutablePointer<Float>) {
        if count == 0 { return }
        if isContiguous {
            dst.update(from: base, count: count)
            return
        }
        let plan = RowPlan(shape: shape, Tensor.rowMajorStrides(shape), strides)
        let src = base
        let n = plan.rowLength
        let ss = plan.inner.1
        plan.forEachRow { od, os, _ in
            let d = dst + od
            let s = src + os
            if ss == 1 {
                d.update(from: s, count: n)
            } else {
                for i in 0..<n { d[i] = s[i &* ss] }
            }
        }
    }

    /// Makes this tensor the sole owner of a contiguous buffer, copying if shared or a view.
    mutating func makeUnique() {
        if isKnownUniquelyReferenced(&storage) && offset == 0 && storage.capacity == count
            && isContiguous
        {
            return
        }
        let fresh = contiguousCopy()
        self = fresh
    }

    /// Always a fresh contiguous copy, never sharing storage.
    func contiguousCopy() -> Tensor {
        let out = Tensor(uninitialized: shape, count: count)
        copyElements(to: out.base)
        return out
    }

    // MARK: element access

    /// The single value of a 0-d or one-element tensor.
    public func item() throws -> Float {
        guard count == 1 else {
            throw TensorError(
                op: "item", message: "a tensor of shape \(shapeString(shape)) has \(count) elements, not 1",
                shapes: [shape], hint: "index it first, or reduce it with sum() or mean()")
        }
        return base[0]
    }

    /// The storage offset (relative to `base`) of the element at `index`; negative entries count
    /// from the end of their axis.
    func offset(of index: [Int], op: String) throws -> Int {
        guard index.count == rank else {
            throw TensorError(
                op: op,
                message: "\(index.count) indices given for a rank-\(rank) tensor of shape \(shapeString(shape))",
                shapes: [shape])
        }
        var o = 0
        for (axis, i) in index.enumerated() {
            let n = shape[axis]
            let j = i < 0 ? i + n : i
            guard j >= 0 && j < n else {
                throw TensorError(
                    op: op, message: "index \(i) is out of bounds for axis \(axis) with size \(n)",
                    shapes: [shape])
            }
            o += j * strides[axis]
        }
        return o
    }

    /// The element at `index` (one entry per axis; negative entries count from the end).
    public func element(at index: [Int]) throws -> Float {
        base[try offset(of: index, op: "index")]
    }

    /// Sets the element at `index` (copying the storage first if it is shared).
    public mutating func setElement(_ v: Float, at index: [Int]) throws {
        _ = try offset(of: index, op: "index assignment")
        makeUnique()
        let o = try offset(of: index, op: "index assignment")
        base[o] = v
    }

    /// The elements in row-major order.
    public func toArray() -> [Float] {
        [Float](unsafeUninitializedCapacity: count) { buf, initialized in
            if count > 0 { copyElements(to: buf.baseAddress!) }
            initialized = count
        }
    }

    /// Calls `body` with the elements in row-major order as one flat buffer (a copy is made
    /// only when the tensor is not contiguous).
    public func withContiguousBuffer<R>(_ body: (UnsafeBufferPointer<Float>) throws -> R) rethrows -> R {
        let c = contiguous()
        return try withExtendedLifetime(c) {
            try body(UnsafeBufferPointer(start: c.base, count: c.count))
        }
    }

    /// Calls `body` with the elements as one mutable flat buffer (copying first if shared).
    public mutating func withUnsafeMutableBuffer<R>(
        _ body: (UnsafeMutableBufferPointer<Float>) throws -> R
    ) rethrows -> R {
        makeUnique()
        return try body(UnsafeMutableBufferPointer(start: base, count: count))
    }

    /// True when both tensors view the same storage (a test and debugging aid).
    public func sharesStorage(with other: Tensor) -> Bool { storage === other.storage }
}
