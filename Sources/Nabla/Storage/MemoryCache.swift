import Foundation

/// Large blocks of tensor memory kept for reuse instead of being handed back to the system.
///
/// A training step allocates and frees the same large tensors every time (a recurrent layer's gate
/// values, a convolution's outputs, their gradients). Blocks of a megabyte and more come from the
/// system as fresh pages: the C library returns them when they are freed and the next step takes a
/// page fault for every 4 KiB it touches again, which cost an LSTM training step a sixth of its time.
/// Nabla keeps freed large blocks here, by size, and hands them out again; smaller blocks go to the
/// C library as usual. At most `limit` bytes are kept; when a freed block would pass it, the whole
/// cache is emptied first, so memory held for sizes that are no longer asked for (after a change of
/// batch size, say) goes back to the system at the next free.
///
/// ```swift
/// MemoryCache.limit = 256 << 20   // keep at most 256 MiB of freed blocks
/// MemoryCache.empty()             // hand every kept block back to the system now
/// ```
public enum MemoryCache {
    /// Blocks smaller than this many bytes are not kept: the C library recycles them well.
    public static let minimumBlockSize = 1 << 20

    /// The most bytes of freed blocks kept for reuse (1 GiB unless set); 0 keeps none.
    public static var limit: Int {
        get { shared.withLock { $0.limit } }
        set {
            precondition(newValue >= 0, "MemoryCache.limit must not be negative, got \(newValue)")
            let evicted = shared.withLock { blocks in
                blocks.limit = newValue
                return blocks.cachedBytes > newValue ? blocks.takeAll() : []
            }
            for block in evicted { block.deallocate() }
        }
    }

    /// The bytes of freed blocks kept now.
    public static var cachedBytes: Int { shared.withLock { $0.cachedBytes } }

    /// Hands every kept block back to the system.
    public static func empty() {
        for block in shared.withLock({ $0.takeAll() }) { block.deallocate() }
    }

    /// A 64-byte aligned block of at least `byteCount` bytes, uninitialised; with the size to give
    /// back to `release`.
    static func allocate(byteCount: Int) -> (pointer: UnsafeMutableRawPointer, byteCount: Int) {
        guard byteCount >= minimumBlockSize else {
            return (.allocate(byteCount: byteCount, alignment: 64), byteCount)
        }
        let size = roundedSize(byteCount)
        let block = shared.withLock { $0.take(size) } ?? .allocate(byteCount: size, alignment: 64)
        #if DEBUG
        // Fresh large blocks come from the system as zeroed pages, kept ones hold old tensors: debug
        // builds fill both with NaN bytes so that code which reads memory before writing it fails tests.
        block.initializeMemory(as: UInt8.self, repeating: 0xFF, count: size)
        #endif
        return (block, size)
    }

    /// Gives back a block from `allocate`, with the size it returned.
    static func release(_ pointer: UnsafeMutableRawPointer, byteCount: Int) {
        guard byteCount >= minimumBlockSize else { return pointer.deallocate() }
        for block in shared.withLock({ $0.keep(pointer, size: byteCount) }) { block.deallocate() }
    }

    /// Sizes are rounded up to 64 KiB, so that tensors of nearly the same size share blocks.
    static func roundedSize(_ byteCount: Int) -> Int { (byteCount + 0xFFFF) & ~0xFFFF }

    private static let shared = Locked(Shelf())

    /// The kept blocks by size, and what they add up to.
    struct Shelf {
        var limit = 1 << 30
        var cachedBytes = 0
        var bySize: [Int: [UnsafeMutableRawPointer]] = [:]

        mutating func take(_ size: Int) -> UnsafeMutableRawPointer? {
            guard let block = bySize[size]?.popLast() else { return nil }
            cachedBytes -= size
            return block
        }

        /// Keeps `pointer` and returns the blocks to free: all kept ones if it would pass the limit,
        /// or `pointer` itself if it alone does.
        mutating func keep(_ pointer: UnsafeMutableRawPointer, size: Int) -> [UnsafeMutableRawPointer] {
            guard size <= limit else { return [pointer] }
            let evicted = cachedBytes + size > limit ? takeAll() : []
            bySize[size, default: []].append(pointer)
            cachedBytes += size
            return evicted
        }

        mutating func takeAll() -> [UnsafeMutableRawPointer] {
            defer { bySize = [:]; cachedBytes = 0 }
            return bySize.values.flatMap { $0 }
        }
    }

    /// A value behind a lock: storages are freed on whichever thread drops the last reference.
    private final class Locked<Value>: @unchecked Sendable {
        private let lock = NSLock()
        private var value: Value

        init(_ value: Value) { self.value = value }

        func withLock<Result>(_ body: (inout Value) -> Result) -> Result {
            lock.lock()
            defer { lock.unlock() }
            return body(&value)
        }
    }
}
