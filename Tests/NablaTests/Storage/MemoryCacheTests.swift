import Testing
@testable import Nabla

/// The cache of large freed blocks behind tensor storage.
struct MemoryCacheTests {
    private static let megabyte = 1 << 20

    private static func block(_ size: Int) -> UnsafeMutableRawPointer { .allocate(byteCount: size, alignment: 64) }

    @Test func aKeptBlockIsHandedOutAgainForItsSizeOnly() {
        var shelf = MemoryCache.Shelf()
        let pointer = Self.block(2 * Self.megabyte)
        #expect(shelf.keep(pointer, size: 2 * Self.megabyte).isEmpty)
        #expect(shelf.cachedBytes == 2 * Self.megabyte)
        #expect(shelf.take(3 * Self.megabyte) == nil)
        #expect(shelf.take(2 * Self.megabyte) == pointer)
        #expect(shelf.take(2 * Self.megabyte) == nil)
        #expect(shelf.cachedBytes == 0)
        pointer.deallocate()
    }

    @Test func aBlockThatWouldPassTheLimitEmptiesTheShelfFirst() {
        var shelf = MemoryCache.Shelf()
        shelf.limit = 5 * Self.megabyte
        let first = Self.block(2 * Self.megabyte), second = Self.block(2 * Self.megabyte), third = Self.block(3 * Self.megabyte)
        #expect(shelf.keep(first, size: 2 * Self.megabyte).isEmpty)
        #expect(shelf.keep(second, size: 2 * Self.megabyte).isEmpty)
        let evicted = shelf.keep(third, size: 3 * Self.megabyte)
        #expect(Set(evicted) == [first, second])
        #expect(shelf.cachedBytes == 3 * Self.megabyte && shelf.take(3 * Self.megabyte) == third)
        let tooLarge = Self.block(6 * Self.megabyte)
        #expect(shelf.keep(tooLarge, size: 6 * Self.megabyte) == [tooLarge])
        #expect(shelf.cachedBytes == 0)
        for pointer in [first, second, third, tooLarge] { pointer.deallocate() }
    }

    @Test func sizesAreRoundedUpTo64KiB() {
        #expect(MemoryCache.roundedSize(Self.megabyte) == Self.megabyte)
        #expect(MemoryCache.roundedSize(Self.megabyte + 1) == Self.megabyte + 65_536)
        #expect(MemoryCache.roundedSize(Self.megabyte + 65_535) == Self.megabyte + 65_536)
    }

    /// Tensors of a megabyte and more, made and dropped again and again, keep their values and never
    /// leave more than the limit in the cache (other suites allocate at the same time, so only the
    /// bound is checked).
    @Test func largeTensorsRoundTripThroughTheCacheWithinItsLimit() {
        for round in 0..<20 {
            let count = 300_000 + round * 1_000
            let tensor = Tensor.full([count], value: Double(round))
            #expect(tensor.scalars.allSatisfy { $0 == Float(round) })
            #expect(Tensor.zeros([count]).scalars.allSatisfy { $0 == 0 })
            #expect(MemoryCache.cachedBytes <= MemoryCache.limit)
        }
    }

    /// A limit of 0 hands every kept block back and keeps no more (the only test that sets the limit).
    @Test func aZeroLimitKeepsNothing() {
        let saved = MemoryCache.limit
        defer { MemoryCache.limit = saved }
        _ = Tensor.zeros([1 << 20]).sum()
        MemoryCache.limit = 0
        #expect(MemoryCache.cachedBytes == 0)
        _ = Tensor.zeros([1 << 20]).sum()
        #expect(MemoryCache.cachedBytes == 0)
    }
}
