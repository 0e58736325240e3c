import Foundation

/// Reusable memory for large temporaries that never leave a kernel, such as a convolution's column
/// matrix (tens of megabytes for a batch). A fresh block of that size comes from the system as new
/// pages on every call, and faulting them in cost more than the convolution's arithmetic; blocks
/// handed back here are kept (one per concurrent user, each as large as the largest request it served)
/// and handed out again.
final class Workspace: @unchecked Sendable {
    /// The workspace the kernels share.
    static let shared = Workspace()

    private let lock = NSLock()
    private var blocks: [(pointer: UnsafeMutableRawPointer, byteCount: Int)] = []

    /// Runs `body` with a block of at least `count` elements of `T`, 64-byte aligned and uninitialised,
    /// which is the caller's alone until `body` returns.
    func withBuffer<T, Result>(of _: T.Type, count: Int, _ body: (UnsafeMutablePointer<T>) -> Result) -> Result {
        let byteCount = Swift.max(count, 1) * MemoryLayout<T>.stride
        lock.lock()
        var block = blocks.popLast()
        lock.unlock()
        if let small = block, small.byteCount < byteCount {
            small.pointer.deallocate()
            block = nil
        }
        let held = block ?? (UnsafeMutableRawPointer.allocate(byteCount: byteCount, alignment: 64), byteCount)
        defer {
            lock.lock()
            blocks.append(held)
            lock.unlock()
        }
        return body(held.pointer.bindMemory(to: T.self, capacity: held.byteCount / MemoryLayout<T>.stride))
    }
}
