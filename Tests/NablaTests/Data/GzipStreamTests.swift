import Foundation
import Testing
import Nabla

/// `GzipStream`: the contents a piece at a time, the same bytes as inflating at once.
@Suite struct GzipStreamTests {
    /// Bytes that do not compress to nothing: a counter mixed with a small multiplier.
    static let contents = Data((0..<300_000).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ $0 >> 9) })

    @Test func piecesAndSkipsGiveTheContents() throws {
        let stream = try GzipStream(try Gzip.compress(Self.contents))
        #expect(stream.isCompressed)
        var read = try stream.read(5)
        #expect(try stream.skip(100_000) == 100_000)
        read += try stream.read(200_000)
        #expect(read == Self.contents.prefix(5) + Self.contents.dropFirst(100_005))
        #expect(try stream.read(10).isEmpty && !(try stream.hasMore()))
    }

    @Test func plainDataIsHandedOutAsItIs() throws {
        let stream = try GzipStream(Self.contents)
        #expect(!stream.isCompressed && stream.storedByteCount == Self.contents.count)
        #expect(try stream.read(7) == Self.contents.prefix(7))
        #expect(try stream.skip(Int.max) == Self.contents.count - 7)
        #expect(!(try stream.hasMore()))
    }

    @Test func concatenatedMembersAreOneStream() throws {
        let stream = try GzipStream(try Gzip.compress(Self.contents.prefix(1000)) + Gzip.compress(Self.contents.dropFirst(1000)))
        #expect(try stream.read(Self.contents.count + 1) == Self.contents)
    }

    @Test func truncatedDataThrowsWhenReachedOnly() throws {
        let packed = try Gzip.compress(Self.contents)
        let stream = try GzipStream(packed.prefix(packed.count / 2))
        #expect(try stream.read(10) == Self.contents.prefix(10), "the bytes before the cut are readable")
        #expect(throws: GzipError(problem: .truncated)) { try stream.skip(Int.max) }
    }
}
