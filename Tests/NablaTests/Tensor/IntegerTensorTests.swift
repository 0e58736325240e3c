import Testing
@testable import Nabla

/// `int64` tensors: creation, reading back, printing, conversions, and the operations that refuse them.
@Suite struct IntegerTensorTests {
    @Test func indicesAreStoredExactly() {
        let big = 9_007_199_254_740_993   // 2⁵³ + 1: not even a Double holds it
        let x = Tensor(indices: [3, -1, 20_000_001, big])
        #expect(x.dtype == .int64 && x.shape == [4])
        #expect(x.scalars(as: Int.self) == [3, -1, 20_000_001, big])
        var buffer: [Int64] = []
        x.withUnsafeBufferPointer(as: Int64.self) { buffer = Array($0) }
        #expect(buffer == [3, -1, 20_000_001, Int64(big)])
        #expect(Tensor(indices: [1, 2, 3, 4, 5, 6], shape: [2, 3]).scalar(at: [1, 0]) == 4)
    }

    @Test func float32CannotHoldLabelsBeyondTwoToThe24() {
        let label = 20_000_001
        #expect(Tensor([Float(label)]).scalars(as: Int.self) == [20_000_000])
        #expect(Tensor(indices: [20_000_001]).scalars(as: Int.self) == [20_000_001])
    }

    @Test func creationInInt64() {
        #expect(Tensor.zeros([2], dtype: .int64).scalars(as: Int.self) == [0, 0])
        #expect(Tensor.full([2], value: 7, dtype: .int64).scalars(as: Int.self) == [7, 7])
        #expect(Tensor.arange(0, 4, dtype: .int64).scalars(as: Int.self) == [0, 1, 2, 3])
        #expect(Tensor.eye(2, dtype: .int64).scalars(as: Int.self) == [1, 0, 0, 1])
        var x = Tensor(indices: [1, 2])
        x.setScalar(-5, at: [0])
        #expect(x.scalars(as: Int.self) == [-5, 2])
    }

    /// Float to int truncates toward zero, as PyTorch's `.long()`; int to float rounds to the nearest.
    @Test func conversions() {
        let x = Tensor([2.7, -2.7, 0.5, -0.5, 3], dtype: .float64)
        #expect(x.converted(to: .int64).scalars(as: Int.self) == [2, -2, 0, 0, 3])
        #expect(x.scalars(as: Int.self) == [2, -2, 0, 0, 3])
        #expect(Tensor(indices: [1, -3]).converted(to: .float64).scalars(as: Double.self) == [1, -3])
        #expect(Tensor(indices: [16_777_217]).converted(to: .float32).scalars(as: Double.self) == [16_777_216])
        #expect(Tensor([1.9, 2.5], dtype: .int64).scalars(as: Int.self) == [1, 2])
    }

    @Test func conversionToIntegersNeedsNoGradient() {
        let x = Tensor([1.5, 2.5]).requiringGrad()
        #expect(!x.converted(to: .int64).requiresGrad)
    }

    @Test func printedWithoutDecimalPoints() {
        #expect(Tensor(indices: [1, -20, 300]).description == "Tensor([  1, -20, 300], shape: [3], dtype: int64)")
        #expect(Tensor(indices: [7], shape: []).description == "Tensor(7, shape: [], dtype: int64)")
        #expect(Tensor(indices: [1, 2, 3, 4], shape: [2, 2]).description == """
            Tensor([[1, 2],
                    [3, 4]], shape: [2, 2], dtype: int64)
            """)
    }

    @Test func shapeOperationsMoveIntegersExactly() throws {
        let big = 1 << 40
        let x = Tensor(indices: [0, 1, 2, big + 3, big + 4, big + 5], shape: [2, 3])
        #expect(x.reshaped([3, 2]).scalars(as: Int.self) == [0, 1, 2, big + 3, big + 4, big + 5])
        #expect(x.transposed().scalars(as: Int.self) == [0, big + 3, 1, big + 4, 2, big + 5])
        #expect(x[1, 1...].scalars(as: Int.self) == [big + 4, big + 5])
        #expect(x.broadcast(to: [2, 2, 3]).scalars(as: Int.self).suffix(3) == [big + 3, big + 4, big + 5])
        #expect(Tensor.concatenate([x, x], alongAxis: 1).scalars(as: Int.self) == [0, 1, 2, 0, 1, 2, big + 3, big + 4, big + 5, big + 3, big + 4, big + 5])
        #expect(Tensor.stack([x[0], x[1]]).scalars(as: Int.self) == x.scalars(as: Int.self))
        #expect(x.split(sizes: [1, 2], alongAxis: 1).map { $0.scalars(as: Int.self) } == [[0, big + 3], [1, 2, big + 4, big + 5]])
        #expect(x.unstacked().map { $0.scalars(as: Int.self) } == [[0, 1, 2], [big + 3, big + 4, big + 5]])
        #expect(x.padded([(0, 0), (1, 0)], value: -1).scalars(as: Int.self) == [-1, 0, 1, 2, -1, big + 3, big + 4, big + 5])
        #expect(try x.indexSelect(alongAxis: 0, indices: [1, 1]).scalars(as: Int.self) == [big + 3, big + 4, big + 5, big + 3, big + 4, big + 5])
        #expect(try x.gathering(alongAxis: 1, indices: Tensor(indices: [2, 0], shape: [2, 1])).scalars(as: Int.self) == [2, big + 3])
        let counts = try Tensor.zeros([3], dtype: .int64).scatterAdding(alongAxis: 0, indices: Tensor(indices: [2, 0, 2]), source: Tensor(indices: [1, 1, 1]))
        #expect(counts.scalars(as: Int.self) == [1, 0, 2])
    }

    @Test func integerTensorsCannotRequireAGradient() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Tensor(indices: [1, 2]).requiringGrad()
        }
        let message = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(message.contains("requiresGrad: only floating-point tensors can require a gradient, got int64 of shape [2]"), "\(message)")
    }

    @Test func arithmeticOnIntegersStopsWithAMessage() async {
        let add = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Tensor(indices: [1, 2]) + Tensor(indices: [3, 4])
        }
        let addMessage = String(decoding: add?.standardErrorContent ?? [], as: UTF8.self)
        #expect(addMessage.contains("add needs a floating-point tensor, got int64; convert with converted(to: .float32)"), "\(addMessage)")
        let exp = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Tensor(indices: [1]).exp()
        }
        let expMessage = String(decoding: exp?.standardErrorContent ?? [], as: UTF8.self)
        #expect(expMessage.contains("exp needs a floating-point tensor, got int64"), "\(expMessage)")
        let sum = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Tensor(indices: [1, 2]).sum()
        }
        let sumMessage = String(decoding: sum?.standardErrorContent ?? [], as: UTF8.self)
        #expect(sumMessage.contains("sum needs a floating-point tensor, got int64"), "\(sumMessage)")
        let matmul = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Tensor(indices: [1, 2, 3, 4], shape: [2, 2]).matmul(Tensor(indices: [1, 2, 3, 4], shape: [2, 2]))
        }
        let matmulMessage = String(decoding: matmul?.standardErrorContent ?? [], as: UTF8.self)
        #expect(matmulMessage.contains("matmul needs a floating-point tensor, got int64"), "\(matmulMessage)")
    }

    @Test func mixingIntegerAndFloatTensorsNamesBothTypes() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Tensor([1, 2]) * Tensor(indices: [1, 2])
        }
        let message = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(message.contains("multiply: element types float32 and int64 differ; convert one with converted(to:)"), "\(message)")
    }

    @Test func convertingNaNToAnIntegerStops() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Tensor([1, .nan]).converted(to: .int64)
        }
        let message = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(message.contains("int64: nan has no integer value"), "\(message)")
    }

    @Test func randomIntegerTensorsAreRefused() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Tensor.randomNormal([2], dtype: .int64)
        }
        let message = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(message.contains("random sampling needs a floating-point tensor, got int64"), "\(message)")
    }
}
