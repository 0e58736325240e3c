import Testing
@testable import Nabla

/// Matrix products by NumPy's rules, checked against a reference triple loop written here.
@Suite struct MatMulTests {
    /// The reference product of float64 operands: vectors promoted and demoted as NumPy does,
    /// batch dimensions broadcast, optional transposes of the last two axes.
    static func reference(_ a: Tensor, _ b: Tensor, transposingA: Bool = false, transposingB: Bool = false) -> (values: [Double], shape: [Int]) {
        var aShape = a.shape, bShape = b.shape
        if aShape.count == 1 { aShape = [1] + aShape }
        if bShape.count == 1 { bShape = bShape + [1] }
        let av = a.scalars(as: Double.self), bv = b.scalars(as: Double.self)
        let (m, k) = transposingA ? (aShape[aShape.count - 1], aShape[aShape.count - 2]) : (aShape[aShape.count - 2], aShape[aShape.count - 1])
        let n = transposingB ? bShape[bShape.count - 2] : bShape[bShape.count - 1]
        let aBatch = Array(aShape.dropLast(2)), bBatch = Array(bShape.dropLast(2))
        let rank = max(aBatch.count, bBatch.count)
        let aPadded = Array(repeating: 1, count: rank - aBatch.count) + aBatch
        let bPadded = Array(repeating: 1, count: rank - bBatch.count) + bBatch
        let batch = zip(aPadded, bPadded).map { max($0, $1) }
        var values: [Double] = []
        for flat in 0..<batch.reduce(1, *) {
            let index = multiIndex(flat, batch)
            let aMatrix = zip(index, aPadded).reduce(0) { $0 * $1.1 + ($1.1 == 1 ? 0 : $1.0) }
            let bMatrix = zip(index, bPadded).reduce(0) { $0 * $1.1 + ($1.1 == 1 ? 0 : $1.0) }
            for i in 0..<m {
                for j in 0..<n {
                    var sum = 0.0
                    for p in 0..<k {
                        let x = transposingA ? av[aMatrix * m * k + p * m + i] : av[aMatrix * m * k + i * k + p]
                        let y = transposingB ? bv[bMatrix * k * n + j * k + p] : bv[bMatrix * k * n + p * n + j]
                        sum += x * y
                    }
                    values.append(sum)
                }
            }
        }
        var shape = batch + [m, n]
        if b.rank == 1 { shape.removeLast() }
        if a.rank == 1 { shape.remove(at: shape.count - (b.rank == 1 ? 1 : 2)) }
        return (values, shape)
    }

    @Test func handComputed() {
        let a = Tensor([[1, 2], [3, 4]]), b = Tensor([[5, 6], [7, 8]])
        expectValues(a.matmul(b), [19, 22, 43, 50], shape: [2, 2])
        expectValues(Tensor([1, 2, 3]).matmul(Tensor([4, 5, 6])), [32], shape: [])
        expectValues(a.matmul(Tensor([1, -1])), [-1, -1], shape: [2])
        expectValues(Tensor([1, -1]).matmul(a), [-2, -2], shape: [2])
        expectValues(Tensor([[1, 2, 3]]).matmul(Tensor([[1], [0], [2]])), [7], shape: [1, 1])
        expectValues(a.matmul(b, transposingSelf: true), [26, 30, 38, 44], shape: [2, 2])
        expectValues(a.matmul(b, transposingOther: true), [17, 23, 39, 53], shape: [2, 2])
        expectValues(a.matmul(b, transposingSelf: true, transposingOther: true), [23, 31, 34, 46], shape: [2, 2])
    }

    /// Operand shapes: vector/matrix combinations, batches, and batches that broadcast.
    static let shapePairs: [([Int], [Int])] = [
        ([3], [3]), ([2, 3], [3]), ([3], [3, 2]), ([2, 3], [3, 4]), ([1, 5], [5, 1]),
        ([2, 2, 3], [3, 2]), ([3, 2], [2, 2, 4]), ([2, 2, 3], [2, 3, 2]), ([2, 1, 2, 3], [3, 3, 2]),
        ([3], [2, 3, 2]), ([2, 2, 3], [3]),
    ]

    @Test(arguments: shapePairs, [DType.float32, .float64])
    func forwardMatchesTheReference(shapes: ([Int], [Int]), dtype: DType) {
        let a = uniform(shapes.0, seed: 1), b = uniform(shapes.1, seed: 2)
        let (values, shape) = Self.reference(a, b)
        expectValues(a.converted(to: dtype).matmul(b.converted(to: dtype)), values, shape: shape, tolerance: dtype == .float32 ? 1e-6 : 1e-14)
    }

    @Test(arguments: shapePairs)
    func gradients(shapes: ([Int], [Int])) throws {
        try expectGradients(at: [uniform(shapes.0, seed: 3), uniform(shapes.1, seed: 4)]) { $0[0].matmul($0[1]) }
    }

    /// Shapes of op(A) = [.., m, k] and op(B) = [.., k, n] before any transpose is applied.
    static let transposeCases: [(Bool, Bool)] = [(false, false), (true, false), (false, true), (true, true)]

    @Test(arguments: transposeCases, [([2, 3], [3, 4]), ([2, 2, 3], [3, 4]), ([2, 1, 2, 3], [3, 3, 4])])
    func transposedOperands(transposes: (Bool, Bool), shapes: ([Int], [Int])) throws {
        let (ta, tb) = transposes
        // Store each operand in the layout whose transpose has the wanted shape.
        func stored(_ shape: [Int], _ transposed: Bool) -> [Int] {
            transposed ? Array(shape.dropLast(2)) + [shape[shape.count - 1], shape[shape.count - 2]] : shape
        }
        let a = uniform(stored(shapes.0, ta), seed: 5), b = uniform(stored(shapes.1, tb), seed: 6)
        let (values, shape) = Self.reference(a, b, transposingA: ta, transposingB: tb)
        expectValues(a.matmul(b, transposingSelf: ta, transposingOther: tb), values, shape: shape, tolerance: 1e-14)
        expectValues(a.converted(to: .float32).matmul(b.converted(to: .float32), transposingSelf: ta, transposingOther: tb),
                     values, shape: shape, tolerance: 1e-6)
        try expectGradients(at: [a, b]) { $0[0].matmul($0[1], transposingSelf: ta, transposingOther: tb) }
    }

    @Test(arguments: [DType.float32, .float64])
    func emptyOperands(dtype: DType) throws {
        // An empty inner dimension gives a product of zeros, as an empty sum is 0.
        let a = Tensor.ones([2, 0], dtype: dtype).requiringGrad(), b = Tensor.ones([0, 3], dtype: dtype).requiringGrad()
        let product = a.matmul(b)
        expectValues(product, [0, 0, 0, 0, 0, 0], shape: [2, 3])
        try product.sum().backward()
        #expect(a.grad?.shape == [2, 0] && b.grad?.shape == [0, 3])
        expectValues(Tensor.ones([0, 3], dtype: dtype).matmul(Tensor.ones([3, 2], dtype: dtype)), [], shape: [0, 2])
        expectValues(Tensor.ones([0, 2, 3], dtype: dtype).matmul(Tensor.ones([3, 4], dtype: dtype)), [], shape: [0, 2, 4])
        expectValues(Tensor.ones([0], dtype: dtype).matmul(Tensor.ones([0], dtype: dtype)), [0], shape: [])
    }

    @Test func denseLayerGradients() throws {
        // y = σ(x·Wᵀ + b), the pattern of a dense layer.
        let x = uniform([4, 3], seed: 7), w = uniform([2, 3], seed: 8), b = uniform([2], seed: 9)
        try expectGradients(at: [x, w, b]) { ($0[0].matmul($0[1], transposingOther: true) + $0[2]).sigmoid() }
    }

    @Test func innerDimensionMismatchStopsNamingBothShapes() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Tensor.zeros([2, 3]).matmul(Tensor.zeros([4, 5]))
        }
        let message = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(message.contains("matmul") && message.contains("[2, 3]") && message.contains("[4, 5]"), "\(message)")
    }

    @Test func vectorMismatchStopsNamingTheShapesGiven() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Tensor.zeros([3]).matmul(Tensor.zeros([4]))
        }
        let message = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(message.contains("matmul") && message.contains("[3]") && message.contains("[4]"), "\(message)")
    }

    /// A stack of matrices times one matrix (a dense layer on `[N, T, D]`) runs as one folded product;
    /// it equals the product taken per batch entry, and so do its gradients.
    @Test func aStackTimesOneMatrixEqualsThePerEntryProducts() throws {
        let x = uniform([3, 2, 4], seed: 41), w = uniform([4, 5], seed: 42), wt = uniform([5, 4], seed: 43)
        let folded = x.matmul(w)
        let perEntry = Tensor.stack((0..<3).map { x[$0].matmul(w) })
        #expect(folded.shape == [3, 2, 5])
        expectValues(folded, perEntry.scalars(as: Double.self), shape: [3, 2, 5], tolerance: 1e-12)
        expectValues(x.matmul(wt, transposingOther: true), Tensor.stack((0..<3).map { x[$0].matmul(wt, transposingOther: true) }).scalars(as: Double.self), shape: [3, 2, 5], tolerance: 1e-12)
        try expectGradients(at: [x, w]) { $0[0].matmul($0[1]).tanh() }
        try expectGradients(at: [x, wt]) { $0[0].matmul($0[1], transposingOther: true) }
        try expectGradients(at: [uniform([2, 2, 3, 4], seed: 44), w]) { $0[0].matmul($0[1]) }
        try expectGradients(at: [uniform([3, 4], seed: 45), w]) { $0[0].matmul($0[1].reshaped([1, 4, 5])) }
    }

    @Test func aFoldedProductWithAnEmptyInnerDimensionIsZero() throws {
        expectValues(Tensor.zeros([2, 3, 0]).matmul(Tensor.zeros([0, 5])), Array(repeating: 0, count: 30), shape: [2, 3, 5])
        let w = Tensor.zeros([0, 5]).requiringGrad()
        try Tensor.zeros([2, 3, 0]).matmul(w).sum().backward()
        #expect(w.grad?.shape == [0, 5])
        #expect(Tensor.zeros([2, 0, 4]).matmul(Tensor.ones([4, 5])).shape == [2, 0, 5])
    }
}
