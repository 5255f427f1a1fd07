// BigStack: commands that compile Cajal code run it on a thread with a big stack.
import Foundation

/// Runs `body` on a thread with a 512 MiB stack and returns its status: parsing, resolving and
/// compiling recurse over the syntax tree, and a very long expression must end in an error,
/// never a stack overflow. (The REPL and `cajal lesson`, which can open it, stay on the main
/// thread: readline is main-thread only.)
func onBigStack(_ body: @escaping @Sendable () -> Int32) -> Int32 {
    final class Box: @unchecked Sendable { var value: Int32 = 0 }
    let box = Box()
    let done = DispatchSemaphore(value: 0)
    let thread = Thread {
        box.value = body()
        done.signal()
    }
    thread.stackSize = 512 << 20
    thread.start()
    done.wait()
    return box.value
}

/// Writes to standard error.
func printError(_ s: String) {
    FileHandle.standardError.write(Data((s + "\n").utf8))
}
