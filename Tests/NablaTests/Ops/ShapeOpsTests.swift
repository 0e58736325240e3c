import Testing
@testable import Nabla

/// Reshape, squeeze/unsqueeze, permute/transpose and broadcast(to:), forward and backward.
@Suite struct ShapeOpsTests {
    static let x = Tensor.arange(0, 6, dtype: .float64).reshaped([2, 3])

    @Test func reshaping() {
        expectValues(Self.x.reshaped([3, 2]), [0, 1, 2, 3, 4, 5], shape: [3, 2])
        expectValues(Self.x.reshaped([-1]), [0, 1, 2, 3, 4, 5], shape: [6])
        expectValues(Self.x.reshaped([3, -1, 1]), [0, 1, 2, 3, 4, 5], shape: [3, 2, 1])
        expectValues(Tensor([7]).reshaped([]), [7], shape: [])
        #expect(Tensor.zeros([2, 3, 4]).flattened().shape == [24])
        #expect(Tensor.zeros([2, 3, 4]).flattened(from: 1).shape == [2, 12])
        #expect(Tensor.zeros([2, 3, 4]).flattened(from: -1).shape == [2, 3, 4])
    }

    /// A scalar flattens to one element, even though it has no axis 0 to start from.
    @Test func aScalarFlattensToOneElement() {
        expectValues(Tensor(3).flattened(), [3], shape: [1])
    }

    @Test func reshapingToTheWrongCountStops() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Tensor.zeros([2, 3]).reshaped([4, 2])
        }
        let message = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(message.contains("reshape") && message.contains("[4, 2]"), "\(message)")
    }

    @Test func squeezingAndUnsqueezing() {
        let y = Tensor.zeros([1, 3, 1, 2])
        #expect(y.squeezed().shape == [3, 2])
        #expect(y.squeezed(axis: 0).shape == [3, 1, 2])
        #expect(y.squeezed(axis: -2).shape == [1, 3, 2])
        #expect(Tensor.zeros([3]).unsqueezed(axis: 0).shape == [1, 3])
        #expect(Tensor.zeros([3]).unsqueezed(axis: 1).shape == [3, 1])
        #expect(Tensor.zeros([3]).unsqueezed(axis: -1).shape == [3, 1])
        #expect(Tensor.zeros([2, 3]).unsqueezed(axis: -2).shape == [2, 1, 3])
        expectValues(Self.x.unsqueezed(axis: 1), [0, 1, 2, 3, 4, 5], shape: [2, 1, 3])
    }

    @Test func permutingAndTransposing() {
        expectValues(Self.x.transposed(), [0, 3, 1, 4, 2, 5], shape: [3, 2])
        expectValues(Self.x.permuted([1, 0]), [0, 3, 1, 4, 2, 5], shape: [3, 2])
        expectValues(Tensor([1, 2, 3]).transposed(), [1, 2, 3], shape: [3])
        let cube = Tensor.arange(0, 24).reshaped([2, 3, 4])
        let permuted = cube.permuted([2, 0, 1])      // y[k, i, j] = x[i, j, k]
        #expect(permuted.shape == [4, 2, 3])
        for k in 0..<4 { for i in 0..<2 { for j in 0..<3 {
            #expect(permuted.scalar(at: [k, i, j]) == Double(i * 12 + j * 4 + k))
        } } }
        let swapped = cube.transposed(0, 2)           // y[k, j, i] = x[i, j, k]
        #expect(swapped.shape == [4, 3, 2])
        #expect(swapped.scalar(at: [3, 1, 1]) == Double(1 * 12 + 1 * 4 + 3))
        expectValues(cube.permuted([-3, -2, -1]), (0..<24).map(Double.init), shape: [2, 3, 4])
        let batchTransposed = cube.transposed()       // last two axes
        #expect(batchTransposed.shape == [2, 4, 3])
        #expect(batchTransposed.scalar(at: [1, 3, 2]) == Double(12 + 2 * 4 + 3))
    }

    @Test func broadcastingToALargerShape() {
        expectValues(Tensor([1, 2, 3]).broadcast(to: [2, 3]), [1, 2, 3, 1, 2, 3], shape: [2, 3])
        expectValues(Tensor([[1], [2]]).broadcast(to: [2, 3]), [1, 1, 1, 2, 2, 2], shape: [2, 3])
        expectValues(Tensor(5).broadcast(to: [2, 2]), [5, 5, 5, 5], shape: [2, 2])
        expectValues(Tensor([[1, 2]]).broadcast(to: [2, 2, 2]), [1, 2, 1, 2, 1, 2, 1, 2], shape: [2, 2, 2])
        expectValues(Tensor([[[1]], [[2]]]).broadcast(to: [2, 2, 3]), [1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 2], shape: [2, 2, 3])
    }

    @Test func gradients() throws {
        let cube = uniform([2, 3, 4], seed: 1)
        try expectGradients(at: [cube]) { $0[0].reshaped([4, -1]) }
        try expectGradients(at: [cube]) { $0[0].flattened(from: 1) }
        try expectGradients(at: [cube]) { $0[0].permuted([2, 0, 1]) }
        try expectGradients(at: [cube]) { $0[0].permuted([1, 2, 0]) * $0[0].permuted([1, 2, 0]) }
        try expectGradients(at: [cube]) { $0[0].transposed(0, 2) }
        try expectGradients(at: [cube]) { $0[0].transposed() }
        try expectGradients(at: [cube]) { $0[0].unsqueezed(axis: 1).squeezed(axis: 1) * 2 }
        let column = uniform([3, 1], seed: 2)
        try expectGradients(at: [column]) { $0[0].squeezed() }
        try expectGradients(at: [column]) { $0[0].unsqueezed(axis: 0) }
        try expectGradients(at: [column]) { $0[0].broadcast(to: [2, 3, 4]) }
        try expectGradients(at: [uniform([4], seed: 3)]) { $0[0].broadcast(to: [3, 4]) }
        try expectGradients(at: [uniform([], seed: 4)]) { $0[0].broadcast(to: [2, 2]) }
        try expectGradients(at: [uniform([2, 1, 3], seed: 5)]) { $0[0].broadcast(to: [2, 4, 3]) }
    }

    @Test(arguments: [
        ([2, 3, 4], [1, 0, 2]), ([2, 1, 3, 1], [3, 2, 1, 0]), ([2, 3, 1, 4], [0, 3, 1, 2]),
        ([3, 2, 2, 3], [2, 0, 3, 1]), ([1, 4, 1], [2, 1, 0]), ([2, 2, 2, 2, 2], [4, 2, 0, 3, 1]),
    ])
    func permutationMatchesTheReference(shape: [Int], order: [Int]) throws {
        let x = uniform(shape, seed: 9)
        let values = x.scalars(as: Double.self)
        let y = x.permuted(order)
        let newShape = order.map { shape[$0] }
        // y[index] = x[source] with source[order[i]] = index[i].
        let expected = (0..<values.count).map { offset -> Double in
            let index = multiIndex(offset, newShape)
            var source = [Int](repeating: 0, count: shape.count)
            for (i, axis) in order.enumerated() { source[axis] = index[i] }
            return values[Shape.offset(of: source, in: shape)]
        }
        expectValues(y, expected, shape: newShape, tolerance: 0)
        try expectGradients(at: [x]) { $0[0].permuted(order) }
    }

    @Test(arguments: [
        ([2, 1, 3, 1], [2, 4, 3, 5]), ([1, 3, 1], [4, 2, 3, 2]), ([3, 1], [2, 3, 4]), ([1, 1], [3, 2]),
    ])
    func broadcastMatchesTheReference(shape: [Int], target: [Int]) throws {
        let x = uniform(shape, seed: 10)
        let values = x.scalars(as: Double.self)
        let expected = (0..<Shape.count(target)).map { offset -> Double in
            let index = Array(multiIndex(offset, target).suffix(shape.count))
            return values[Shape.offset(of: zip(index, shape).map { $1 == 1 ? 0 : $0 }, in: shape)]
        }
        expectValues(x.broadcast(to: target), expected, shape: target, tolerance: 0)
        try expectGradients(at: [x]) { $0[0].broadcast(to: target) }
    }

    @Test func incompatibleBroadcastStops() async {
        await #expect(processExitsWith: .failure) {
            _ = Tensor.zeros([2, 3]).broadcast(to: [3, 3])
        }
    }
}
