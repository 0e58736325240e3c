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
        expectValues(x.grad!, [0, 0, 0, 0, 1, 1], shape: [2, 3])
    }
}
