// Dims: a tensor's shape or strides, kept inline: up to four numbers in the value itself, so
// copying a tensor or making a new shape allocates nothing. Higher ranks spill to an array.

/// A short list of integers — a tensor's shape (the size of each axis) or its strides — that
/// holds up to `inlineCapacity` numbers in place and only spills to a heap array above that.
///
/// Tensors of rank 0–4 (every one a training step makes: vectors, matrices, [N, C, H, W]
/// images) then carry no heap arrays beside their storage: a copy retains one object, and a
/// new shape (a slice, a product, a reduction) mallocs nothing. It reads like `[Int]`: a
/// random-access, mutable, range-replaceable collection, written "[2, 3]" as an array is,
/// equal to an `[Int]` with the same numbers.
public struct Dims: Sendable {
    /// How many numbers fit without a heap array.
    public static let inlineCapacity = 4

    /// The numbers when `count <= inlineCapacity` (the slots past `count` hold 0).
    @usableFromInline var inline: InlineArray<4, Int>
    /// All the numbers when `count > inlineCapacity`, else nil.
    @usableFromInline var spill: [Int]?
    /// How many numbers (a shape's rank).
    @usableFromInline var stored: Int
    @inlinable public var count: Int { stored }

    /// No numbers: a scalar's shape.
    @inlinable
    public init() {
        inline = InlineArray(repeating: 0)
        spill = nil
        stored = 0
    }

    /// `count` copies of `value`.
    @inlinable
    public init(repeating value: Int, count: Int) {
        precondition(count >= 0, "negative count")
        if count <= Dims.inlineCapacity {
            inline = InlineArray(repeating: 0)
            for i in 0..<count { inline[i] = value }
            spill = nil
        } else {
            inline = InlineArray(repeating: 0)
            spill = [Int](repeating: value, count: count)
        }
        stored = count
    }

    /// The numbers of `array`, in order.
    @inlinable
    public init(_ array: [Int]) {
        stored = array.count
        inline = InlineArray(repeating: 0)
        if array.count <= Dims.inlineCapacity {
            spill = nil
            for i in 0..<array.count { inline[i] = array[i] }
        } else {
            spill = array
        }
    }

    /// The numbers as an array (for the interpreter's values and for messages; not on hot paths).
    public var array: [Int] { spill ?? Array(self) }
}

extension Dims: RandomAccessCollection, MutableCollection {
    public typealias Index = Int
    public typealias Indices = Range<Int>

    @inlinable public var startIndex: Int { 0 }
    @inlinable public var endIndex: Int { count }
    @inlinable public var isEmpty: Bool { count == 0 }

    @inlinable
    public subscript(i: Int) -> Int {
        get {
            precondition(i >= 0 && i < count, "Dims index out of range")
            if let s = spill { return s[i] }
            return inline[unchecked: i]
        }
        set {
            precondition(i >= 0 && i < count, "Dims index out of range")
            if spill != nil {
                spill![i] = newValue
            } else {
                inline[unchecked: i] = newValue
            }
        }
    }
}

extension Dims: RangeReplaceableCollection {
    /// Appends one number (in place while the count stays within `inlineCapacity`).
    @inlinable
    public mutating func append(_ n: Int) {
        if spill == nil && count < Dims.inlineCapacity {
            inline[unchecked: count] = n
            stored += 1
        } else {
            var a = array
            a.append(n)
            self = Dims(a)
        }
    }

    public mutating func replaceSubrange<C: Collection>(_ subrange: Range<Int>, with newElements: C)
    where C.Element == Int {
        precondition(subrange.lowerBound >= 0 && subrange.upperBound <= count, "Dims range out of range")
        var a = array
        a.replaceSubrange(subrange, with: newElements)
        self = Dims(a)
    }

    @inlinable
    public mutating func reserveCapacity(_ n: Int) {}
}

extension Dims {
    /// The numbers in reverse order (a transpose's shape and strides).
    @inlinable
    public func reversed() -> Dims {
        var out = self
        for i in 0..<count { out[i] = self[count - 1 - i] }
        return out
    }
}

extension Dims: ExpressibleByArrayLiteral {
    @inlinable
    public init(arrayLiteral elements: Int...) { self.init(elements) }
}

extension Dims: Hashable {
    @inlinable
    public static func == (a: Dims, b: Dims) -> Bool {
        guard a.count == b.count else { return false }
        for i in 0..<a.count where a[i] != b[i] { return false }
        return true
    }

    public func hash(into h: inout Hasher) {
        h.combine(count)
        for n in self { h.combine(n) }
    }

    /// True when `a` holds the numbers of `b`, in order.
    @inlinable
    public static func == (a: Dims, b: [Int]) -> Bool { a.elementsEqual(b) }
    @inlinable
    public static func == (a: [Int], b: Dims) -> Bool { b.elementsEqual(a) }
    @inlinable
    public static func != (a: Dims, b: [Int]) -> Bool { !a.elementsEqual(b) }
    @inlinable
    public static func != (a: [Int], b: Dims) -> Bool { !b.elementsEqual(a) }
}

extension Dims: CustomStringConvertible, CustomDebugStringConvertible {
    /// "[2, 3]", as an `[Int]` prints.
    public var description: String { "[" + map(String.init).joined(separator: ", ") + "]" }
    public var debugDescription: String { description }
}

extension Array where Element == Int {
    /// The numbers of `dims`, in order.
    @inlinable
    public init(_ dims: Dims) {
        if let s = dims.spill {
            self = s
        } else {
            self.init(unsafeUninitializedCapacity: dims.count) { buf, initialized in
                for i in 0..<dims.count { buf[i] = dims.inline[unchecked: i] }
                initialized = dims.count
            }
        }
    }
}
