import Testing
@testable import Nabla

/// Shape arithmetic: counts, row-major strides, offsets, axis normalisation and NumPy broadcasting.
@Suite struct ShapeTests {
    @Test func countAndStrides() {
        #expect(Shape.count([2, 3, 4]) == 24)
        #expect(Shape.count([]) == 1)
        #expect(Shape.count([3, 0]) == 0)
        #expect(Shape.strides([2, 3, 4]) == [12, 4, 1])
        #expect(Shape.strides([5]) == [1])
        #expect(Shape.strides([]) == [])
    }

    @Test func offsets() {
        #expect(Shape.offset(of: [1, 2, 3], in: [2, 3, 4]) == 23)
        #expect(Shape.offset(of: [0, 1, 0], in: [2, 3, 4]) == 4)
        #expect(Shape.offset(of: [-1, -1], in: [2, 3]) == 5)
        #expect(Shape.offset(of: [], in: []) == 0)
    }

    @Test func normalizeAxis() {
        #expect(Shape.normalize(axis: -1, rank: 3, operation: "test") == 2)
        #expect(Shape.normalize(axis: -3, rank: 3, operation: "test") == 0)
        #expect(Shape.normalize(axis: 1, rank: 3, operation: "test") == 1)
    }

    @Test(arguments: [
        ([2, 3], [3], [2, 3]),
        ([2, 1], [1, 3], [2, 3]),
        ([], [2, 2], [2, 2]),
        ([4, 1, 3], [2, 3], [4, 2, 3]),
        ([1], [5], [5]),
        ([3, 1, 1], [1, 4, 1], [3, 4, 1]),
        ([0, 3], [1, 3], [0, 3]),
    ])
    func broadcast(a: [Int], b: [Int], expected: [Int]) {
        #expect(Shape.broadcast(a, b, operation: "test") == expected)
        #expect(Shape.broadcast(b, a, operation: "test") == expected)
    }

    @Test func broadcastStrides() {
        #expect(Shape.broadcastStrides([3], to: [2, 3]) == [0, 1])
        #expect(Shape.broadcastStrides([2, 1], to: [2, 3]) == [1, 0])
        #expect(Shape.broadcastStrides([4, 1, 3], to: [4, 2, 3]) == [3, 0, 1])
        #expect(Shape.broadcastStrides([], to: [2, 2]) == [0, 0])
    }

    @Test func incompatibleShapesStopWithBothShapesNamed() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Shape.broadcast([2, 3], [4, 3], operation: "demo")
        }
        let message = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(message.contains("demo: shapes [2, 3] and [4, 3] cannot be broadcast together"), "\(message)")
    }

    @Test func outOfRangeAxisStops() async {
        await #expect(processExitsWith: .failure) {
            _ = Shape.normalize(axis: 3, rank: 3, operation: "test")
        }
    }

    /// A scalar has no axis 0: reductions along it stop with Nabla's message (before, axis 0 was let
    /// through for rank 0).
    @Test func axisZeroOfAScalarStops() async {
        let sum = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Tensor(3).sum(alongAxis: 0)
        }
        let sumMessage = String(decoding: sum?.standardErrorContent ?? [], as: UTF8.self)
        #expect(sumMessage.contains("sum: axis 0 is out of range for a tensor of rank 0"), "\(sumMessage)")
        let argmax = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Tensor(3).argmax(alongAxis: 0)
        }
        let argmaxMessage = String(decoding: argmax?.standardErrorContent ?? [], as: UTF8.self)
        #expect(argmaxMessage.contains("argmax: axis 0 is out of range for a tensor of rank 0"), "\(argmaxMessage)")
    }
}
