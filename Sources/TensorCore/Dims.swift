// Dims: a tensor's shape or strides, kept inline: up to four numbers in the value itself, so
// copying a tensor or making a new shape allocates and retains nothing. Higher ranks keep
// their numbers in a process-wide table of interned lists (DimsSpill).
import Synchronization

/// A short list of integers — a tensor's shape (the size of each axis) or its strides — held
/// in the value itself: a plain run of bytes with no reference inside.
///
/// Up to `inlineCapacity` numbers sit in place. Tensors of rank 0–4 (every one a training
/// step makes: vectors, matrices, [N, C, H, W] images) then carry no heap arrays beside their
/// storage: a copy retains one object, and a new shape (a slice, a product, a reduction)
/// mallocs nothing. A longer list is interned once in `DimsSpill` and the value holds its
/// address. It reads like `[Int]`: a random-access, mutable, range-replaceable collection,
/// written "[2, 3]" as an array is, equal to an `[Int]` with the same numbers.
public struct Dims: Sendable, BitwiseCopyable {
    /// How many numbers fit without the spill table.
    public static let inlineCapacity = 4

    /// The numbers when `count <= inlineCapacity`, then 0 in the slots past `count`; for a
    /// longer list, slot 0 holds the address of its interned numbers and the rest hold 0. So
    /// two values are equal exactly when their counts and slots are.
    @usableFromInline var inline: DimsSlots
    /// How many numbers (a shape's rank).
    @usableFromInline var stored: Int
    @inlinable public var count: Int { stored }

    /// No numbers: a scalar's shape.
    @inlinable
    public init() {
        inline = DimsSlots()
        stored = 0
    }

    /// `count` copies of `value`.
    @inlinable
    public init(repeating value: Int, count: Int) {
        precondition(count >= 0, "negative count")
        if count <= Dims.inlineCapacity {
            self.init()
            for i in 0..<count { inline[unchecked: i] = value }
            stored = count
        } else {
            self.init(spilling: [Int](repeating: value, count: count))
        }
    }

    /// The numbers of `array`, in order.
    @inlinable
    public init(_ array: [Int]) {
        if array.count <= Dims.inlineCapacity {
            self.init()
            for i in 0..<array.count { inline[unchecked: i] = array[i] }
            stored = array.count
        } else {
            self.init(spilling: array)
        }
    }

    /// The one number `a` (a vector's shape), made in place: an array literal `[a]` builds an
    /// `[Int]` on the heap first, which the optimizer does not remove when `a` is not a constant.
    @inlinable
    public init(_ a: Int) {
        self.init()
        inline[unchecked: 0] = a
        stored = 1
    }

    /// The numbers `a`, `b` (a matrix's shape), made in place; see `init(_:)`.
    @inlinable
    public init(_ a: Int, _ b: Int) {
        self.init()
        inline[unchecked: 0] = a
        inline[unchecked: 1] = b
        stored = 2
    }

    /// The numbers `a`, `b`, `c`, made in place; see `init(_:)`.
    @inlinable
    public init(_ a: Int, _ b: Int, _ c: Int) {
        self.init()
        inline[unchecked: 0] = a
        inline[unchecked: 1] = b
        inline[unchecked: 2] = c
        stored = 3
    }

    /// The numbers `a`, `b`, `c`, `d` (an image batch's shape), made in place; see `init(_:)`.
    @inlinable
    public init(_ a: Int, _ b: Int, _ c: Int, _ d: Int) {
        self.init()
        inline[unchecked: 0] = a
        inline[unchecked: 1] = b
        inline[unchecked: 2] = c
        inline[unchecked: 3] = d
        stored = 4
    }

    /// `count` numbers written by `body` into scratch slots that start at 0. A list longer
    /// than `inlineCapacity` is interned once, whole (setting its numbers one at a time through
    /// the subscript would intern every partial list on the way).
    @inlinable
    public init(count: Int, _ body: (UnsafeMutableBufferPointer<Int>) throws -> Void) rethrows {
        precondition(count >= 0, "negative count")
        let n = Swift.max(count, Dims.inlineCapacity)
        self = try withUnsafeTemporaryAllocation(of: Int.self, capacity: n) { scratch in
            scratch.initialize(repeating: 0)
            try body(UnsafeMutableBufferPointer(rebasing: scratch[..<count]))
            if count > Dims.inlineCapacity { return Dims(spilling: Array(scratch)) }
            var d = Dims()
            for i in 0..<Dims.inlineCapacity { d.inline[unchecked: i] = scratch[i] }
            d.stored = count
            return d
        }
    }

    /// A list longer than `inlineCapacity`, by its interned copy.
    @usableFromInline
    init(spilling array: [Int]) {
        inline = DimsSlots()
        inline[unchecked: 0] = Int(bitPattern: DimsSpill.intern(array))
        stored = array.count
    }

    /// The interned numbers of a spilled list (`count > inlineCapacity`).
    @inlinable
    var spilled: UnsafePointer<Int> { UnsafePointer(bitPattern: inline[unchecked: 0]).unsafelyUnwrapped }

    /// The number at `i` of a list its caller knows is inline (`count <= inlineCapacity`) with
    /// `i < count`: one load, no check. For the interpreter's element reads, which test the
    /// rank first and sit in its dispatch loop, where the checked subscript's extra code cost
    /// the scalar perceptron 13 % more instructions.
    @inlinable public func inlineNumber(_ i: Int) -> Int { inline[unchecked: i] }

    /// The four inline slots, for a caller that knows the list is inline (`count <=
    /// inlineCapacity`): slots past `count` hold 0. Four loads at fixed places, no branch on
    /// the index.
    @inlinable public var slots: (Int, Int, Int, Int) { inline.numbers }

    /// True when the numbers live in the spill table rather than in the value.
    var isSpilled: Bool { stored > Dims.inlineCapacity }

    /// The numbers as an array (for the interpreter's values and for messages; not on hot paths).
    public var array: [Int] { Array(self) }
}

/// The four slots of a `Dims`, as a tuple of four Ints: a plain loadable value. (They were an
/// `InlineArray<4, Int>`; reading one by a variable index copied the whole array to the stack
/// first, and `==` and the subscript did not reduce to plain loads. With the tuple, per step of
/// the learner's LSTM: `Dims ==` 17 k instructions → inlined, the subscript 51 k → 39 k.)
@usableFromInline
struct DimsSlots: Sendable, BitwiseCopyable {
    @usableFromInline var numbers: (Int, Int, Int, Int)

    /// All four slots 0.
    @inlinable init() { numbers = (0, 0, 0, 0) }

    /// Slot `i`, which must be in 0..<4 (not checked).
    @inlinable subscript(unchecked i: Int) -> Int {
        get {
            switch i {
            case 0: numbers.0
            case 1: numbers.1
            case 2: numbers.2
            default: numbers.3
            }
        }
        set {
            switch i {
            case 0: numbers.0 = newValue
            case 1: numbers.1 = newValue
            case 2: numbers.2 = newValue
            default: numbers.3 = newValue
            }
        }
    }
}

/// The lists of more than `Dims.inlineCapacity` numbers, each distinct list stored once and
/// kept for the life of the process, so a `Dims` can point at one without owning it (and stay
/// a plain value). Only tensors of rank 5 and more use it; nothing the lessons or a training
/// step make does. Reads need no lock: an entry never moves or changes once written.
enum DimsSpill {
    private static let table = Mutex<[[Int]: Int]>([:])

    /// The address of the interned copy of `numbers`, adding it on first sight.
    static func intern(_ numbers: [Int]) -> UnsafePointer<Int> {
        let address = table.withLock { t -> Int in
            if let a = t[numbers] { return a }
            let p = UnsafeMutablePointer<Int>.allocate(capacity: numbers.count)
            p.initialize(from: numbers, count: numbers.count)
            t[numbers] = Int(bitPattern: p)
            return Int(bitPattern: p)
        }
        return UnsafePointer(bitPattern: address).unsafelyUnwrapped
    }

    /// True when `numbers` is interned (a test aid: other tests running at the same time
    /// intern lists of their own, so a test asks about its lists, not the count).
    static func isInterned(_ numbers: [Int]) -> Bool { table.withLock { $0[numbers] != nil } }
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
            precondition(i >= 0 && i < stored, "Dims index out of range")
            if stored <= Dims.inlineCapacity { return inline[unchecked: i] }
            return spilled[i]
        }
        set {
            precondition(i >= 0 && i < stored, "Dims index out of range")
            if stored <= Dims.inlineCapacity {
                inline[unchecked: i] = newValue
            } else {
                var a = array
                a[i] = newValue
                self = Dims(a)
            }
        }
    }
}

extension Dims: RangeReplaceableCollection {
    /// Appends one number (in place while the count stays within `inlineCapacity`).
    @inlinable
    public mutating func append(_ n: Int) {
        if stored < Dims.inlineCapacity {
            inline[unchecked: stored] = n
            stored += 1
        } else {
            var a = array
            a.append(n)
            self = Dims(a)
        }
    }

    /// The numbers of `elements`, in order; a list longer than `inlineCapacity` is interned
    /// once, whole.
    @inlinable
    public init<S: Sequence>(_ elements: S) where S.Element == Int {
        self.init()
        append(contentsOf: elements)
    }

    /// Appends `elements` (in place while the count stays within `inlineCapacity`; a longer
    /// result is interned once, whole).
    @inlinable
    public mutating func append<S: Sequence>(contentsOf elements: S) where S.Element == Int {
        var it = elements.makeIterator()
        while stored < Dims.inlineCapacity, let n = it.next() {
            inline[unchecked: stored] = n
            stored += 1
        }
        guard let n = it.next() else { return }
        var a = array
        a.append(n)
        while let m = it.next() { a.append(m) }
        self = Dims(a)
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
        let n = count
        return Dims(count: n) { out in
            for i in 0..<n { out[i] = self[n - 1 - i] }
        }
    }
}

extension Dims: ExpressibleByArrayLiteral {
    @inlinable
    public init(arrayLiteral elements: Int...) { self.init(elements) }
}

extension Dims: Hashable {
    @inlinable
    public static func == (a: Dims, b: Dims) -> Bool {
        // Unused slots hold 0 and a spilled list is interned: equal values have equal slots.
        a.stored == b.stored && a.inline[unchecked: 0] == b.inline[unchecked: 0]
            && a.inline[unchecked: 1] == b.inline[unchecked: 1] && a.inline[unchecked: 2] == b.inline[unchecked: 2]
            && a.inline[unchecked: 3] == b.inline[unchecked: 3]
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
        self.init(unsafeUninitializedCapacity: dims.count) { buf, initialized in
            for i in 0..<dims.count { buf[i] = dims[i] }
            initialized = dims.count
        }
    }
}
