// GlobalScope: the session-wide table of global names (builtins, prelude, every file's and
// every REPL input's top-level let/var/fn), giving each a stable index.

/// Global names and their indices. One per interpreter session; the runtime keeps an array of
/// values indexed the same way. Pass it to every `Resolver.resolve` of the session.
public struct GlobalScope: Sendable {
    public enum Kind: String, Sendable {
        /// A builtin from the interpreter's table.
        case builtin
        /// `let` at top level.
        case constant
        /// `var` at top level.
        case variable
        /// `fn` at top level.
        case function

        /// Whether `x = ...` may assign to a global of this kind.
        public var isAssignable: Bool { self == .variable }
    }

    public struct Entry: Hashable, Sendable {
        public var name: String
        public var kind: Kind
        /// A sealed entry (builtins, the prelude) is shadowed, not overwritten, by a later
        /// declaration of the same name: the later one gets a new index.
        public var sealed: Bool
    }

    /// Every global ever declared, by index (shadowed entries stay, so old code keeps working).
    public private(set) var entries: [Entry] = []
    private var current: [String: Int] = [:]

    public init() {}

    /// The index the name currently refers to.
    public func lookup(_ name: String) -> Int? { current[name] }

    /// The current entry for the name.
    public func entry(_ name: String) -> Entry? { current[name].map { entries[$0] } }

    /// The names currently visible, for did-you-mean suggestions and completion.
    public var visibleNames: [String] { Array(current.keys) }

    /// Declares (or redeclares) `name`. Redeclaring an unsealed name keeps its index and takes
    /// the new kind (a REPL user redoing `let x = ...`); a sealed one is shadowed by a new index.
    @discardableResult
    public mutating func declare(_ name: String, kind: Kind, sealed: Bool = false) -> Int {
        if let i = current[name], !entries[i].sealed {
            entries[i].kind = kind
            entries[i].sealed = sealed
            return i
        }
        entries.append(Entry(name: name, kind: kind, sealed: sealed))
        current[name] = entries.count - 1
        return entries.count - 1
    }

    /// Seals every current entry (call after loading builtins and the prelude).
    public mutating func sealAll() {
        for i in entries.indices { entries[i].sealed = true }
    }
}
