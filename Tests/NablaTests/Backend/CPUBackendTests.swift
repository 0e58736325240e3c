import Testing
@testable import Nabla

/// The CPU backend called directly, as operations call it: storages in, storages out, for both
/// element types.
@Suite struct CPUBackendTests {
    var backend: some Backend { TensorStorage.backend }

    /// The storage's values as `Double`.
    func values(_ storage: TensorStorage) -> [Double] {
        (0..<storage.count).map { backend.scalar(storage, at: $0) }
    }

    func storage(_ values: [Double], _ dtype: DType) -> TensorStorage {
        backend.storage(from: values, as: dtype)
    }

    @Test(arguments: [DType.float32, .float64])
    func memoryAndTransfers(dtype: DType) {
        #expect(values(backend.zeros(dtype, count: 3)) == [0, 0, 0])
        #expect(values(backend.filled(dtype, count: 2, value: 2.5)) == [2.5, 2.5])
        var next = 0.0
        #expect(values(backend.storage(dtype, count: 3) { next += 1; return next }) == [1, 2, 3])
        let x = storage([1, -2, 3], dtype)
        let copy = backend.copy(x)
        backend.setScalar(copy, at: 1, to: 7)
        #expect(values(x) == [1, -2, 3] && values(copy) == [1, 7, 3])
        #expect(backend.withHostMemory(x) { $0.count } == 3 * dtype.byteSize)
        #expect(values(backend.storage(from: [Float(0.5), 4], as: dtype)) == [0.5, 4])
    }

    @Test func conversionRoundsToTheTargetType() {
        let x = storage([1.0 / 3, 1e300], .float64)
        let single = backend.converted(x, to: .float32)
        #expect(single.dtype == .float32)
        #expect(values(single) == [Double(Float(1.0 / 3)), .infinity])
        #expect(values(backend.converted(single, to: .float64)) == [Double(Float(1.0 / 3)), .infinity])
    }

    /// Integers convert exactly to and from `Double` up to 2⁵³; floats become integers truncated toward zero.
    @Test func int64ConversionsAndMoves() {
        let integers = backend.storage(from: [-3, 0, 1 << 40], as: .int64)
        #expect(values(integers) == [-3, 0, 0x1p40])
        #expect(values(backend.converted(storage([2.9, -2.9], .float32), to: .int64)) == [2, -2])
        #expect(values(backend.converted(integers, to: .float64)) == [-3, 0, 0x1p40])
        #expect(values(backend.storage(from: [1, 2], as: .float32)) == [1, 2])
        #expect(values(backend.filled(.int64, count: 2, value: -7)) == [-7, -7])
        let x = backend.storage(from: [1, 2, 3, 4, 5, 6], as: .int64)
        #expect(values(backend.stridedCopy(x, offset: 0, shape: [3, 2], strides: [1, 3])) == [1, 4, 2, 5, 3, 6])
        #expect(values(backend.copyRows(x, rows: [1, 0], rowLength: 3)) == [4, 5, 6, 1, 2, 3])
        #expect(values(backend.gather(x, positions: [2, 0, 1, 1], outer: 2, size: 3, length: 2, inner: 1)) == [3, 1, 5, 5])
        let target = backend.zeros(.int64, count: 3)
        backend.scatterAdd(backend.storage(from: [1, 1, 1], as: .int64), positions: [2, 0, 2], outer: 1, size: 3, length: 3, inner: 1, into: target)
        #expect(values(target) == [1, 0, 2])
        #expect(backend.argmax(storage([1, 5, 5, 0], .float32), outer: 2, length: 2, inner: 1).dtype == .int64)
    }

    @Test(arguments: [DType.float32, .float64])
    func elementwise(dtype: DType) {
        // [2, 3] minus a row [3] broadcast over both rows.
        let a = storage([1, 2, 3, 4, 5, 6], dtype), row = storage([1, 1, 2], dtype)
        #expect(values(backend.binary(.subtract, a, shape: [2, 3], row, shape: [3], resultShape: [2, 3])) == [0, 1, 1, 3, 4, 4])
        // A column [2, 1] times a row [1, 3]: the outer product.
        let column = storage([1, 10], dtype)
        #expect(values(backend.binary(.multiply, column, shape: [2, 1], row, shape: [1, 3], resultShape: [2, 3])) == [1, 1, 2, 10, 10, 20])
        #expect(values(backend.unary(.negate, row)) == [-1, -1, -2])
        #expect(values(backend.clamp(a, low: 2, high: 4)) == [2, 2, 3, 4, 4, 4])
        let mask = storage([1, 0, 1], dtype)
        #expect(values(backend.select(mask, row, storage([9, 9, 9], dtype))) == [1, 9, 2])
        let target = storage([1, 2, 3], dtype)
        backend.add(row, into: target)
        #expect(values(target) == [2, 3, 5])
    }

    @Test(arguments: [DType.float32, .float64])
    func reductions(dtype: DType) {
        // [2, 3, 2] reduced over the middle axis.
        let x = storage((0..<12).map(Double.init), dtype)
        #expect(values(backend.reduce(.sum, x, outer: 2, length: 3, inner: 2)) == [6, 9, 24, 27])
        #expect(values(backend.reduce(.max, x, outer: 2, length: 3, inner: 2)) == [4, 5, 10, 11])
        #expect(values(backend.reduce(.sum, x, outer: 2, length: 0, inner: 3)) == [0, 0, 0, 0, 0, 0])
        #expect(values(backend.argmax(storage([1, 5, 5, 0], dtype), outer: 2, length: 2, inner: 1)) == [1, 0])
    }

    @Test(arguments: [DType.float32, .float64])
    func matrixProductAtOffsets(dtype: DType) {
        // The second matrix of a stack of two 2 × 2 matrices times a transposed 2 × 2 matrix, written to
        // the second half of the output.
        let a = storage([0, 0, 0, 0, 1, 2, 3, 4], dtype), b = storage([1, 0, 1, 1], dtype)
        let c = backend.zeros(dtype, count: 8)
        backend.multiply(transposeA: false, transposeB: true, m: 2, n: 2, k: 2, a, offset: 4, b, offset: 0, into: c, offset: 4, accumulating: false)
        #expect(values(c) == [0, 0, 0, 0, 1, 3, 3, 7])
        backend.multiply(transposeA: false, transposeB: true, m: 2, n: 2, k: 2, a, offset: 4, b, offset: 0, into: c, offset: 4, accumulating: true)
        #expect(values(c) == [0, 0, 0, 0, 2, 6, 6, 14])
    }

    @Test(arguments: [DType.float32, .float64])
    func movingElements(dtype: DType) {
        let x = storage([1, 2, 3, 4, 5, 6], dtype)  // [2, 3]
        #expect(values(backend.stridedCopy(x, offset: 0, shape: [3, 2], strides: [1, 3])) == [1, 4, 2, 5, 3, 6])
        #expect(values(backend.stridedCopy(x, offset: 1, shape: [2, 2], strides: [3, 1])) == [2, 3, 5, 6])
        let target = backend.zeros(dtype, count: 6)
        backend.scatter(storage([1, 1], dtype), shape: [2], into: target, offset: 2, strides: [3], accumulate: false)
        backend.scatter(storage([5, 5], dtype), shape: [2], into: target, offset: 2, strides: [3], accumulate: true)
        #expect(values(target) == [0, 0, 6, 0, 0, 6])
        #expect(values(backend.copyRows(x, rows: [1, 0, 1], rowLength: 3)) == [4, 5, 6, 1, 2, 3, 4, 5, 6])
        let table = backend.zeros(dtype, count: 4)
        backend.addRows(storage([1, 2, 3, 4, 5, 6], dtype), rows: [1, 0, 1], rowLength: 2, into: table)
        #expect(values(table) == [3, 4, 6, 8])
    }

    @Test(arguments: [DType.float32, .float64])
    func gatherAndScatterAdd(dtype: DType) {
        // Along the last axis of [2, 3]: picks two positions per row.
        let x = storage([1, 2, 3, 4, 5, 6], dtype)
        #expect(values(backend.gather(x, positions: [2, 0, 1, 1], outer: 2, size: 3, length: 2, inner: 1)) == [3, 1, 5, 5])
        let target = backend.zeros(dtype, count: 6)
        backend.scatterAdd(storage([1, 2, 3, 4], dtype), positions: [2, 0, 1, 1], outer: 2, size: 3, length: 2, inner: 1, into: target)
        #expect(values(target) == [2, 0, 1, 0, 7, 0])
    }

    @Test(arguments: [DType.float32, .float64])
    func optimizerUpdateInPlace(dtype: DType) {
        let weights = storage([1, 2], dtype), gradient = storage([2, -2], dtype)
        backend.applyUpdate(.sgd(learningRate: 0.5, momentum: 0, weightDecay: 0, nesterov: false, firstStep: true),
                            weights: weights, gradient: gradient, first: nil, second: nil)
        #expect(values(weights) == [0, 3])
    }
}
