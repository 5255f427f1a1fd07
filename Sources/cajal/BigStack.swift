// BigStack: commands that compile Cajal code run it on a thread with a big stack.
import Foundation

/// Runs `body` on a thread with a big stack (512 MiB, reserved, not used): builtins that call
/// back into Cajal (grad, fit, sort by key) recurse natively. Under a tight address-space limit
/// (`ulimit -v`) a smaller stack is chosen, down to 32 MiB (the parser keeps trees shallow enough
/// for the main thread's 8 MiB); when even that cannot start, a clear message, never a hang.
func onBigStack(_ body: @escaping @Sendable () -> Int32) -> Int32 {
    final class Box: @unchecked Sendable {
        var value: Int32 = 0
        let body: @Sendable () -> Int32
        init(_ body: @escaping @Sendable () -> Int32) { self.body = body }
    }
    let box = Box(body)
    var limit = rlimit()
    getrlimit(__rlimit_resource_t(RLIMIT_AS.rawValue), &limit)
    // The stack is reserved address space. Besides it a run reserves about 400 MB (the
    // interpreter's 64 MiB value stack, OpenBLAS's buffers, malloc arenas, the libraries):
    // under a limit, the biggest stack that leaves that much, plus room for tensors.
    let sizes = [512, 256, 128, 64, 32].filter { limit.rlim_cur == rlim_t.max || rlim_t(($0 + 448) << 20) <= limit.rlim_cur }
    for megabytes in sizes {
        var attributes = pthread_attr_t()
        pthread_attr_init(&attributes)
        defer { pthread_attr_destroy(&attributes) }
        pthread_attr_setstacksize(&attributes, megabytes << 20)
        var thread = pthread_t()
        let context = Unmanaged.passRetained(box).toOpaque()
        let started = pthread_create(&thread, &attributes, { raw in
            let box = Unmanaged<Box>.fromOpaque(raw!).takeRetainedValue()
            box.value = box.body()
            return nil
        }, context)
        guard started == 0 else {
            Unmanaged<Box>.fromOpaque(context).release()
            continue
        }
        pthread_join(thread, nil)
        return box.value
    }
    let shown = limit.rlim_cur == rlim_t.max ? "" : " (ulimit -v is \(limit.rlim_cur >> 20) MB)"
    printError("cajal: not enough address space to start\(shown); cajal needs at least 480 MB")
    return 71
}

/// Writes to standard error.
func printError(_ s: String) {
    FileHandle.standardError.write(Data((s + "\n").utf8))
}
