// VM+NativeStack: how deep builtins that call back into Cajal (no_grad, grad, allow_nan, ...)
// may nest on the thread's own stack. A Cajal-to-Cajal call takes no native stack (frames live
// in the VM's frame array, up to VM.maxDepth), but each callback runs a nested dispatch loop on
// the thread that runs the program. That thread's stack is 512 MiB for `cajal run`, less under
// a tight `ulimit -v` (BigStack.swift chooses it), 8 MiB on the main thread (the REPL). So the
// limit follows the stack the program actually has: a nested run starts only while a margin of
// it is left, and deep recursion through callbacks ends with a located "stack overflow" error
// on any stack size, never a segmentation fault.
import Foundation

#if os(Linux)
    /// glibc's `pthread_getattr_np` (a GNU extension the Glibc module does not export).
    @_silgen_name("pthread_getattr_np")
    private func glibcPthreadGetattr(_ thread: pthread_t, _ attributes: UnsafeMutablePointer<pthread_attr_t>) -> Int32
#endif

/// The bounds of the running thread's stack, read once per thread.
struct NativeStack {
    /// The thread they were read on.
    var thread: pthread_t?
    /// Below this address a nested run is refused (the stack's far end plus a margin).
    var floor: UInt = 0
    /// The stack's size in bytes, for the message.
    var size = 0

    /// The margin kept free for the builtin that is running and for unwinding the error: 1 MiB,
    /// or a quarter of a small stack (a test thread's 512 KiB).
    static func margin(forStackOf size: Int) -> Int { min(1 << 20, size / 4) }
}

extension VM {
    /// True when this thread's stack is too nearly used up to nest another dispatch loop.
    @inline(__always) func nativeStackIsLow() -> Bool {
        let self_ = pthread_self()
        if nativeStack.thread == nil || pthread_equal(nativeStack.thread!, self_) == 0 { readNativeStack(self_) }
        var here = 0
        return withUnsafeMutablePointer(to: &here) { UInt(bitPattern: $0) } < nativeStack.floor
    }

    private func readNativeStack(_ thread: pthread_t) {
        nativeStack = NativeStack(thread: thread)
        var attributes = pthread_attr_t()
        #if os(Linux)
            guard glibcPthreadGetattr(thread, &attributes) == 0 else { return }
        #else
            return
        #endif
        defer { pthread_attr_destroy(&attributes) }
        var low: UnsafeMutableRawPointer? = nil
        var size = 0
        guard pthread_attr_getstack(&attributes, &low, &size) == 0, let low else { return }
        nativeStack.size = size
        nativeStack.floor = UInt(bitPattern: low) + UInt(NativeStack.margin(forStackOf: size))
    }

    /// The error for a callback nested too deeply for the thread's stack.
    func nativeStackOverflow() -> VMError {
        let mb = max(1, (nativeStack.size + (1 << 19)) >> 20)
        return VMError(.stackOverflow,
                       "stack overflow: recursion through builtins that call functions (no_grad, grad, ...) is too deep for this thread's \(mb) MB stack",
                       hint: "does the recursive function have a base case that is reached? `cajal run` gives programs a bigger stack than the REPL")
    }
}
