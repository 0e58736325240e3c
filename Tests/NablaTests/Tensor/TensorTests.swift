import Testing
@testable import Nabla

/// Creating tensors, reading their scalars, value semantics and type conversion.
@Suite struct TensorTests {
    // MARK: Creation

    @Test(arguments: [DType.float32, .float64])
    func zerosOnesAndFull(dtype: DType) {
        expectValues(Tensor.zeros([2, 3], dtype: dtype), Array(repeating: 0, count: 6), shape: [2, 3])
        expectValues(Tensor.ones([3], dtype: dtype), [1, 1, 1], shape: [3])
        expectValues(Tensor.full([2, 2], value: -2.5, dtype: dtype), [-2.5, -2.5, -2.5, -2.5], shape: [2, 2])
        #expect(Tensor.zeros([2, 3], dtype: dtype).dtype == dtype)
        #expect(Tensor.full([], value: 7, dtype: dtype).item == 7)
        let model = Tensor.ones([4, 1], dtype: dtype)
        #expect(Tensor.zeros(like: model).shape == [4, 1] && Tensor.zeros(like: model).dtype == dtype)
        expectValues(Tensor.ones(like: model), [1, 1, 1, 1], shape: [4, 1])
    }

    @Test func emptyTensors() {
        let empty = Tensor.zeros([0, 3])
        #expect(empty.count == 0 && empty.shape == [0, 3] && empty.scalars.isEmpty)
        #expect(Tensor([Double]()).shape == [0])
    }

    @Test func fromFlatScalars() {
        let x = Tensor([1, 2, 3, 4, 5, 6], shape: [2, 3])
        #expect(x.shape == [2, 3] && x.rank == 2 && x.count == 6 && x.dtype == .float32)
        #expect(x.scalars == [1, 2, 3, 4, 5, 6])
        #expect(x.scalar(at: [1, 0]) == 4)
        #expect(x.scalar(at: [-1, -1]) == 6)
        let floats: [Float] = [0.5, 1.5]
        #expect(Tensor(floats).scalars == [0.5, 1.5])
        let precise = Tensor([0.1, 0.2], dtype: .float64)
        #expect(precise.scalars(as: Double.self) == [0.1, 0.2])
        #expect(Tensor([0.1]).scalars(as: Double.self) == [Double(Float(0.1))])
    }

    @Test func scalarTensor() {
        let x = Tensor(3.5)
        #expect(x.shape == [] && x.rank == 0 && x.count == 1 && x.item == 3.5)
        #expect(Tensor(0.1, dtype: .float64).item == 0.1)
        #expect(Tensor([[4]]).item == 4)
    }

    @Test func nestedArrays() {
        let matrix = Tensor([[1, 2, 3], [4, 5, 6]])
        expectValues(matrix, [1, 2, 3, 4, 5, 6], shape: [2, 3])
        let cube = Tensor([[[1, 2], [3, 4]], [[5, 6], [7, 8]], [[9, 10], [11, 12]]], dtype: .float64)
        expectValues(cube, (1...12).map(Double.init), shape: [3, 2, 2])
        #expect(cube.dtype == .float64)
        let block = Tensor([[[[1], [2]]], [[[3], [4]]]])
        expectValues(block, [1, 2, 3, 4], shape: [2, 1, 2, 1])
        // Ragged rows are a precondition failure; see the exit test below.
    }

    /// `scalars` is `[Float]`: a `float64` or `int64` tensor is not narrowed silently; the message names
    /// the explicit reading, which is exact.
    @Test func scalarsOfOtherElementTypesNameTheExplicitReading() async {
        let third = Tensor([1.0 / 3], dtype: .float64)
        #expect(third.scalars(as: Double.self) == [1.0 / 3] && third.scalars(as: Float.self) == [Float(1.0 / 3)])
        #expect(Tensor(indices: [16_777_217]).scalars(as: Int.self) == [16_777_217])
        let double = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Tensor([1.0 / 3], dtype: .float64).scalars
        }
        let doubleMessage = String(decoding: double?.standardErrorContent ?? [], as: UTF8.self)
        #expect(doubleMessage.contains("holds float64 values; use scalars(as: Double.self)"), "\(doubleMessage)")
        let integer = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Tensor(indices: [16_777_217]).scalars
        }
        let integerMessage = String(decoding: integer?.standardErrorContent ?? [], as: UTF8.self)
        #expect(integerMessage.contains("holds int64 values; use scalars(as: Int.self)"), "\(integerMessage)")
    }

    @Test func raggedRowsStop() async {
        await #expect(processExitsWith: .failure) {
            _ = Tensor([[1, 2], [3]])
        }
    }

    @Test func negativeSizesStop() async {
        await #expect(processExitsWith: .failure) {
            _ = Tensor([1, 2] as [Float], shape: [-1, -2])
        }
        await #expect(processExitsWith: .failure) {
            _ = Tensor([1, 2] as [Double], shape: [-1, -2])
        }
        await #expect(processExitsWith: .failure) {
            _ = Tensor.zeros([2, -1])
        }
    }

    /// Sizes whose product overflows Int, and an endless arange, stop with Nabla's messages rather than
    /// the standard library's arithmetic-overflow or Double-to-Int traps.
    @Test func unaddressableShapesAndEndlessRangesStop() async {
        let huge = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Tensor.zeros([1 << 40, 1 << 40])
        }
        let hugeMessage = String(decoding: huge?.standardErrorContent ?? [], as: UTF8.self)
        #expect(hugeMessage.contains("shape [1099511627776, 1099511627776] has too many elements to address"), "\(hugeMessage)")
        let endless = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Tensor.arange(0, .infinity)
        }
        let endlessMessage = String(decoding: endless?.standardErrorContent ?? [], as: UTF8.self)
        #expect(endlessMessage.contains("arange: start 0.0, end inf and step 1.0 must be finite"), "\(endlessMessage)")
    }

    @Test func arange() {
        expectValues(Tensor.arange(0, 5), [0, 1, 2, 3, 4], shape: [5])
        expectValues(Tensor.arange(1, 2, step: 0.25), [1, 1.25, 1.5, 1.75], shape: [4])
        expectValues(Tensor.arange(5, 0, step: -2), [5, 3, 1], shape: [3])
        expectValues(Tensor.arange(0, 1, step: 0.3), [0, 0.3, 0.6, 0.9], shape: [4])
        #expect(Tensor.arange(3, 1).shape == [0])
        #expect(Tensor.arange(0, 3, dtype: .float64).dtype == .float64)
    }

    @Test func linspace() {
        expectValues(Tensor.linspace(0, 1, count: 5), [0, 0.25, 0.5, 0.75, 1], shape: [5])
        expectValues(Tensor.linspace(2, -2, count: 3, dtype: .float64), [2, 0, -2], shape: [3])
        // The end point is exact, not the accumulated start + (count - 1)·step.
        #expect(Tensor.linspace(0, 0.3, count: 4, dtype: .float64).scalars(as: Double.self).last == 0.3)
        expectValues(Tensor.linspace(4, 9, count: 1), [4], shape: [1])
        #expect(Tensor.linspace(0, 1, count: 0).shape == [0])
    }

    @Test func eye() {
        expectValues(Tensor.eye(3), [1, 0, 0, 0, 1, 0, 0, 0, 1], shape: [3, 3])
        #expect(Tensor.eye(2, dtype: .float64).dtype == .float64)
        #expect(Tensor.eye(0).shape == [0, 0])
    }

    @Test func randomTensorsFollowTheGenerator() {
        var a = RandomGenerator(seed: 3), b = RandomGenerator(seed: 3)
        let x = Tensor.randomUniform([4, 5], low: 2, high: 4, generator: &a)
        #expect(x.shape == [4, 5])
        #expect(x.scalars.allSatisfy { $0 >= 2 && $0 < 4 })
        #expect(x.scalars == Tensor.randomUniform([4, 5], low: 2, high: 4, generator: &b).scalars)
        // The generator advanced: the next tensor differs.
        #expect(Tensor.randomUniform([4, 5], low: 2, high: 4, generator: &a).scalars != x.scalars)
        // float64 samples are the generator's doubles unrounded.
        var c = RandomGenerator(seed: 3), d = RandomGenerator(seed: 3)
        let n = Tensor.randomNormal([3], dtype: .float64, generator: &c)
        #expect(n.scalars(as: Double.self) == [d.nextNormal(), d.nextNormal(), d.nextNormal()])
    }

    // MARK: Value semantics

    @Test func mutatingACopyLeavesTheOriginalAlone() {
        let original = Tensor([[1, 2], [3, 4]])
        var copy = original
        copy.setScalar(9, at: [0, 1])
        #expect(original.scalars == [1, 2, 3, 4])
        #expect(copy.scalars == [1, 9, 3, 4])

        var viaPointer = original
        viaPointer.withUnsafeMutableBufferPointer(as: Float.self) { $0[3] = -1 }
        #expect(original.scalars == [1, 2, 3, 4])
        #expect(viaPointer.scalars == [1, 2, 3, -1])
    }

    @Test func reshapedCopiesAreIndependentToo() {
        let original = Tensor([1, 2, 3, 4], dtype: .float64)
        var flat = original.reshaped([2, 2])
        flat.setScalar(0, at: [1, 1])
        #expect(original.scalars(as: Double.self) == [1, 2, 3, 4])
        #expect(flat.scalars(as: Double.self) == [1, 2, 3, 0])
    }

    @Test func aRecordedOperationKeepsTheValuesItSaw() throws {
        var x = Tensor([1, 2, 3], dtype: .float64).requiringGrad()
        let y = (x * x).sum()
        x.setScalar(100, at: [0])  // after the forward pass: the graph still holds the old values
        try y.backward()
        try expectValues(#require(x.grad), [2, 4, 6], shape: [3])
    }

    @Test func assignReplacesValuesButKeepsTheGraphIdentity() {
        var w = Tensor([1, 2]).requiringGrad()
        let source = Tensor([5, 6], dtype: .float64)
        w.assign(source)
        #expect(w.requiresGrad && w.isLeaf && w.dtype == .float32)
        #expect(w.scalars == [5, 6])
        w.setScalar(0, at: [0])
        #expect(source.scalars(as: Double.self) == [5, 6])
    }

    @Test func copiesShareTheAutogradRecord() throws {
        let w = Tensor([1, 2], dtype: .float64).requiringGrad()
        let alias = w
        try (alias * 3).sum().backward()
        try expectValues(#require(w.grad), [3, 3], shape: [2])
        w.zeroGrad()
        #expect(alias.grad == nil)
    }

    // MARK: Conversion and autograd flags

    @Test func convertedChangesTheElementType() {
        let x = Tensor([0.5, -2, 3])
        let wide = x.converted(to: .float64)
        #expect(wide.dtype == .float64)
        #expect(wide.scalars(as: Double.self) == [0.5, -2, 3])
        let narrow = Tensor([0.1, 1e40], dtype: .float64).converted(to: .float32)
        #expect(narrow.dtype == .float32)
        #expect(narrow.scalars == [Float(0.1), .infinity])
        // Converting to the same type is the tensor itself; to another type, a recorded operation.
        let leaf = Tensor([1], dtype: .float64).requiringGrad()
        #expect(leaf.converted(to: .float64).requiresGrad)
        #expect(leaf.converted(to: .float32).requiresGrad)
    }

    /// The gradient flows back through a change of element type, converted to the source's type.
    @Test func convertedPassesGradientsBack() throws {
        let x = Tensor([0.5, -2], dtype: .float64).requiringGrad()
        try (x.converted(to: .float32) * Tensor([3, 4])).sum().backward()
        #expect(x.grad?.dtype == .float64)
        #expect(x.grad?.scalars(as: Double.self) == [3, 4])
    }

    @Test func requiresGradLeavesAndDetaching() {
        let x = Tensor([1, 2])
        #expect(!x.requiresGrad && x.isLeaf && x.grad == nil)
        let leaf = x.requiringGrad()
        #expect(leaf.requiresGrad && leaf.isLeaf)
        #expect(!x.requiresGrad)  // requiringGrad returns a new leaf
        let y = leaf * 2
        #expect(y.requiresGrad && !y.isLeaf)
        #expect(!y.detached().requiresGrad)
        #expect(y.detached().scalars == [2, 4])
        var z = y
        z.requiresGrad = false
        #expect(!z.requiresGrad && y.requiresGrad)
        #expect(!leaf.requiringGrad(false).requiresGrad)
        #expect(!(Tensor([1]) * 2).requiresGrad)
    }

    @Test func labels() {
        let w = Tensor([1]).requiringGrad().labeled("w")
        #expect(w.label == "w")
        #expect(Tensor([1]).labeled("c").label == nil)  // a constant has no graph node to carry a label
    }
}
