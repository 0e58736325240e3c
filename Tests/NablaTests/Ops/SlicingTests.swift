import Testing
@testable import Nabla

/// Subscripts with integers and ranges, `sliced`, and constant padding.
@Suite struct SlicingTests {
    /// [[0, 1, 2, 3], [4, 5, 6, 7], [8, 9, 10, 11]]
    static let x = Tensor.arange(0, 12, dtype: .float64).reshaped([3, 4])

    @Test func subscripts() {
        let x = Self.x
        expectValues(x[1], [4, 5, 6, 7], shape: [4])
        expectValues(x[-1], [8, 9, 10, 11], shape: [4])
        expectValues(x[1, 2], [6], shape: [])
        expectValues(x[-1, -4], [8], shape: [])
        expectValues(x[0..<2], [0, 1, 2, 3, 4, 5, 6, 7], shape: [2, 4])
        expectValues(x[1...], [4, 5, 6, 7, 8, 9, 10, 11], shape: [2, 4])
        expectValues(x[..<1], [0, 1, 2, 3], shape: [1, 4])
        expectValues(x[...1, 3], [3, 7], shape: [2])
        expectValues(x[0..., 1], [1, 5, 9], shape: [3])
        expectValues(x[1..<3, 2...], [6, 7, 10, 11], shape: [2, 2])
        expectValues(x[0...1, ..<2], [0, 1, 4, 5], shape: [2, 2])
        expectValues(x[2, 1..<3], [9, 10], shape: [2])
        expectValues(x[1..<1], [], shape: [0, 4])
        expectValues(x[3...], [], shape: [0, 4])
        expectValues(x[(-1)...], [8, 9, 10, 11], shape: [1, 4])
        expectValues(x[0..., ..<(-1)], [0, 1, 2, 4, 5, 6, 8, 9, 10], shape: [3, 3])
        expectValues(x[...(-2), (-2)...], [2, 3, 6, 7], shape: [2, 2])
        let cube = Tensor.arange(0, 24).reshaped([2, 3, 4])
        expectValues(cube[1, 0..., 3], [15, 19, 23], shape: [3])
        expectValues(cube[0..., 2], [8, 9, 10, 11, 20, 21, 22, 23], shape: [2, 4])
    }

    @Test func outOfRangeIndexStops() async {
        await #expect(processExitsWith: .failure) {
            _ = Tensor.zeros([3, 4])[3]
        }
        await #expect(processExitsWith: .failure) {
            _ = Tensor.zeros([3, 4])[0..<5]
        }
    }

    /// Partial ranges whose negative bound, counted from the end, lands before the start give a reversed
    /// range: they stop with Nabla's message, not inside the standard library's Range. (A reversed `2..<1`
    /// written out cannot be built at all: Range itself traps first.) Axis 0 of [3, 4] has size 3, axis 1 size 4.
    @Test func reversedRangesStopWithNablasMessage() async {
        let result0 = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Tensor.zeros([3, 4])[...(-5)]
        }
        let message0 = String(decoding: result0?.standardErrorContent ?? [], as: UTF8.self)
        #expect(message0.contains("range ...-5 is out of bounds for an axis of size 3"), "\(message0)")
        let result1 = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Tensor.zeros([3, 4])[..<(-5)]
        }
        let message1 = String(decoding: result1?.standardErrorContent ?? [], as: UTF8.self)
        #expect(message1.contains("range ..<-5 is out of bounds for an axis of size 3"), "\(message1)")
        let result2 = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Tensor.zeros([3, 4])[..<(-4)]
        }
        let message2 = String(decoding: result2?.standardErrorContent ?? [], as: UTF8.self)
        #expect(message2.contains("range ..<-4 is out of bounds for an axis of size 3"), "\(message2)")
        let result3 = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Tensor.zeros([3, 4])[0..., ...(-6)]
        }
        let message3 = String(decoding: result3?.standardErrorContent ?? [], as: UTF8.self)
        #expect(message3.contains("range ...-6 is out of bounds for an axis of size 4"), "\(message3)")
    }

    /// `...k` takes index k, so k must be an index of the axis: `...(-4)` on an axis of size 3 names an index
    /// before the start, like `x[-4]`, and stops too (rather than giving an empty slice).
    @Test func throughANegativeIndexJustBeforeTheStartStops() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Tensor.zeros([3, 4])[...(-4)]
        }
        let message = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(message.contains("range ...-4 is out of bounds for an axis of size 3"), "\(message)")
    }

    @Test func slicedBlocks() {
        expectValues(Self.x.sliced([1..<3, 1..<3]), [5, 6, 9, 10], shape: [2, 2])
        expectValues(Self.x.sliced(alongAxis: 1, 2..<4), [2, 3, 6, 7, 10, 11], shape: [3, 2])
        expectValues(Self.x.sliced(alongAxis: -2, 0..<1), [0, 1, 2, 3], shape: [1, 4])
    }

    @Test func padding() {
        let y = Tensor([[1, 2], [3, 4]])
        expectValues(y.padded([(1, 0), (0, 2)]), [0, 0, 0, 0, 1, 2, 0, 0, 3, 4, 0, 0], shape: [3, 4])
        expectValues(y.padded([(0, 1), (1, 1)], value: -1), [-1, 1, 2, -1, -1, 3, 4, -1, -1, -1, -1, -1], shape: [3, 4])
        expectValues(y.padded([(0, 0), (0, 0)]), [1, 2, 3, 4], shape: [2, 2])
        expectValues(Tensor([5], dtype: .float64).padded([(2, 1)], value: 0.5), [0.5, 0.5, 5, 0.5], shape: [4])
    }

    @Test func gradients() throws {
        let x = uniform([3, 4], seed: 1)
        try expectGradients(at: [x]) { $0[0][1] }
        try expectGradients(at: [x]) { $0[0][-1, 2] }
        try expectGradients(at: [x]) { $0[0][1...] }
        try expectGradients(at: [x]) { $0[0][..<2, 1..<3] }
        try expectGradients(at: [x]) { $0[0][...1, 3] }
        try expectGradients(at: [x]) { $0[0][0..., 1] * $0[0][0..., 2] }
        try expectGradients(at: [x]) { $0[0].sliced([1..<3, 0..<2]) }
        try expectGradients(at: [x]) { $0[0].padded([(1, 2), (0, 1)], value: 3) }
        try expectGradients(at: [x]) { $0[0].padded([(1, 0), (2, 2)]).sliced([0..<3, 1..<5]) }
        let cube = uniform([2, 3, 4], seed: 2)
        try expectGradients(at: [cube]) { $0[0][1, 0..., 1..<3] }
        try expectGradients(at: [cube]) { $0[0].padded([(0, 1), (1, 0), (1, 1)]) }
    }

    @Test(arguments: [
        [0..<2, 1..<3, 0..<4, 2..<3], [1..<2, 0..<3, 1..<3, 0..<1], [0..<2, 2..<3, 3..<4, 0..<3],
        [0..<1, 0..<3, 0..<4, 0..<3], [1..<2, 1..<2, 1..<2, 1..<2],
    ])
    func blocksOfARank4TensorMatchTheReference(ranges: [Range<Int>]) throws {
        let shape = [2, 3, 4, 3]
        let x = uniform(shape, seed: 11)
        let values = x.scalars(as: Double.self)
        let blockShape = ranges.map(\.count)
        let expected = (0..<Shape.count(blockShape)).map { offset -> Double in
            let index = zip(multiIndex(offset, blockShape), ranges).map { $0 + $1.lowerBound }
            return values[Shape.offset(of: index, in: shape)]
        }
        expectValues(x.sliced(ranges), expected, shape: blockShape, tolerance: 0)
        try expectGradients(at: [x]) { $0[0].sliced(ranges) }
        // Padding the block back gives zeros outside it and the values inside.
        let padding = zip(ranges, shape).map { (before: $0.lowerBound, after: $1 - $0.upperBound) }
        let restored = x.sliced(ranges).padded(padding).scalars(as: Double.self)
        for offset in 0..<values.count {
            let index = multiIndex(offset, shape)
            let inside = zip(index, ranges).allSatisfy { $1.contains($0) }
            #expect(restored[offset] == (inside ? values[offset] : 0))
        }
    }

    @Test func sliceGradientIsZeroOutsideTheBlock() throws {
        let x = Tensor.zeros([2, 3]).requiringGrad()
        try x[1, 1...].sum().backward()
        try expectValues(#require(x.grad), [0, 0, 0, 0, 1, 1], shape: [2, 3])
    }
}
