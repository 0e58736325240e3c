import Testing
@testable import Nabla

/// The four arithmetic operators with broadcasting and scalars on either side, and unary minus.
@Suite struct ArithmeticTests {
    enum Operator: String, CaseIterable, Sendable, CustomTestStringConvertible {
        case add, subtract, multiply, divide
        func callAsFunction(_ a: Tensor, _ b: Tensor) -> Tensor {
            switch self {
            case .add: a + b
            case .subtract: a - b
            case .multiply: a * b
            case .divide: a / b
            }
        }
        func callAsFunction(_ a: Double, _ b: Double) -> Double {
            switch self {
            case .add: a + b
            case .subtract: a - b
            case .multiply: a * b
            case .divide: a / b
            }
        }
        var testDescription: String { rawValue }
    }

    /// Pairs of shapes that broadcast, including scalars on either side.
    static let shapePairs: [([Int], [Int])] = [
        ([2, 3], [2, 3]), ([2, 3], [3]), ([3], [2, 3]), ([2, 1], [1, 3]), ([2, 3], []), ([], [2, 3]),
        ([4, 1, 3], [2, 3]), ([2, 3], [2, 1]), ([1], [2, 2]), ([2, 1, 3, 1], [4, 1, 2]), ([3, 1, 1], [1, 1, 2]),
        ([1, 3], [3]), ([0, 3], [3]),
    ]

    @Test func handComputedForward() {
        let a = Tensor([[1, 2, 3], [4, 5, 6]])
        expectValues(a + Tensor([10, 20, 30]), [11, 22, 33, 14, 25, 36], shape: [2, 3])
        expectValues(Tensor([[1], [2]]) * Tensor([[1, 10, 100]]), [1, 10, 100, 2, 20, 200], shape: [2, 3])
        expectValues(a - Tensor([[1], [2]]), [0, 1, 2, 2, 3, 4], shape: [2, 3])
        expectValues(a / Tensor([1, 2, 4]), [1, 1, 0.75, 4, 2.5, 1.5], shape: [2, 3])
        expectValues(-a, [-1, -2, -3, -4, -5, -6], shape: [2, 3])
        let b = Tensor([[[1, 2, 3]], [[4, 5, 6]], [[7, 8, 9]], [[10, 11, 12]]])  // [4, 1, 3]
        let c = Tensor([[1, 1, 1], [0, 0, 0]])                                   // [2, 3]
        expectValues(b - c, [0, 1, 2, 1, 2, 3, 3, 4, 5, 4, 5, 6, 6, 7, 8, 7, 8, 9, 9, 10, 11, 10, 11, 12], shape: [4, 2, 3])
    }

    @Test func scalarsOnEitherSide() {
        let x = Tensor([1, 2, 4], dtype: .float64)
        expectValues(x + 1, [2, 3, 5], shape: [3])
        expectValues(1 + x, [2, 3, 5], shape: [3])
        expectValues(x - 1, [0, 1, 3], shape: [3])
        expectValues(1 - x, [0, -1, -3], shape: [3])
        expectValues(x * 3, [3, 6, 12], shape: [3])
        expectValues(3 * x, [3, 6, 12], shape: [3])
        expectValues(x / 2, [0.5, 1, 2], shape: [3])
        expectValues(2 / x, [2, 1, 0.5], shape: [3])
        #expect((x + 1).dtype == .float64)
        expectValues(Tensor(2) * Tensor(3), [6], shape: [])
    }

    @Test func compoundAssignmentMakesANewValue() {
        let original = Tensor([1, 2])
        var x = original
        x += Tensor([1, 1]); x *= 3; x -= 1; x /= Tensor([2, 5])
        expectValues(x, [2.5, 1.6], shape: [2])
        #expect(original.scalars == [1, 2])
    }

    @Test(arguments: Operator.allCases, shapePairs)
    func forwardMatchesAReferenceLoop(op: Operator, shapes: ([Int], [Int])) {
        let (aShape, bShape) = shapes
        let a = uniform(aShape, 0.5, 2, seed: 1), b = uniform(bShape, 0.5, 2, seed: 2)
        let result = op(a, b)
        let shape = Shape.broadcast(aShape, bShape, operation: "reference")
        // Reference: index each operand by the output index, aligned at the trailing end.
        let aValues = a.scalars(as: Double.self), bValues = b.scalars(as: Double.self)
        func element(_ values: [Double], _ own: [Int], _ index: [Int]) -> Double {
            let aligned = Array(index.suffix(own.count))
            return values[Shape.offset(of: zip(aligned, own).map { $1 == 1 ? 0 : $0 }, in: own)]
        }
        let expected = (0..<Shape.count(shape)).map { offset -> Double in
            let index = multiIndex(offset, shape)
            return op(element(aValues, aShape, index), element(bValues, bShape, index))
        }
        expectValues(result, expected, shape: shape, tolerance: 1e-12)
        // float32 agrees to single precision.
        expectValues(op(a.converted(to: .float32), b.converted(to: .float32)), expected, shape: shape, tolerance: 1e-6)
    }

    @Test(arguments: Operator.allCases, shapePairs)
    func gradients(op: Operator, shapes: ([Int], [Int])) throws {
        // Divisors kept away from zero; both signs elsewhere.
        let a = uniform(shapes.0, -2, 2, seed: 3)
        let b = op == .divide ? uniform(shapes.1, 0.5, 2, seed: 4) : uniform(shapes.1, -2, 2, seed: 4)
        try expectGradients(at: [a, b]) { op($0[0], $0[1]) }
    }

    @Test func gradientsWithScalarOperands() throws {
        let x = uniform([2, 3], 0.5, 2, seed: 5)
        try expectGradients(at: [x]) { 2 * $0[0] + 1 }
        try expectGradients(at: [x]) { 3 - $0[0] * 0.5 }
        try expectGradients(at: [x]) { 2 / $0[0] - $0[0] / 4 }
        try expectGradients(at: [x]) { -$0[0] }
        try expectGradients(at: [x]) { var y = $0[0]; y += 1; y *= $0[0]; y -= 2; y /= 3; return y }
    }

    @Test func gradientOfABroadcastOperandIsSummed() throws {
        let a = Tensor([[1, 2, 3], [4, 5, 6]]).requiringGrad()
        let b = Tensor([10, 20, 30]).requiringGrad()
        try (a * b).sum().backward()
        try expectValues(#require(b.grad), [5, 7, 9], shape: [3])
        try expectValues(#require(a.grad), [10, 20, 30, 10, 20, 30], shape: [2, 3])
        let c = Tensor(2).requiringGrad()
        try (a / c).sum().backward()
        try expectValues(#require(c.grad), [-21.0 / 4], shape: [])
    }

    @Test func shapeMismatchStopsNamingTheOperationAndBothShapes() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Tensor.zeros([2, 3]) + Tensor.zeros([4])
        }
        let message = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(message.contains("add") && message.contains("[2, 3]") && message.contains("[4]"), "\(message)")
    }

    @Test func mixedElementTypesStop() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Tensor.zeros([2]) * Tensor.zeros([2], dtype: .float64)
        }
        let message = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(message.contains("multiply") && message.contains("float32") && message.contains("float64"), "\(message)")
    }
}
