import Testing
@testable import Nabla

/// `Linear`: y = x·Wᵀ + b on the last dimension.
@Suite struct LinearTests {
    @Test func shapes() {
        let layer = Linear(5, 3)
        #expect(layer.weight.shape == [3, 5] && layer.bias?.shape == [3])
        #expect(layer(Tensor.zeros([4, 5])).shape == [4, 3])
        #expect(layer(Tensor.zeros([2, 7, 5])).shape == [2, 7, 3])
        #expect(layer(Tensor.zeros([5])).shape == [3])
        #expect(layer.namedParameters().map(\.name) == ["weight", "bias"])
    }

    @Test func withoutBias() {
        let layer = Linear(2, 2, bias: false)
        #expect(layer.bias == nil && layer.biasParameter == nil)
        #expect(layer.namedParameters().map(\.name) == ["weight"])
        #expect(layer.parameterCount == 4)
        layer.weight = Tensor([[1, 2], [3, 4]])
        expectValues(layer(Tensor([[1, 1]])), [3, 7], shape: [1, 2])
        #expect("\(layer)" == "Linear(2 → 2, no bias)")
    }

    @Test func computesXWTransposedPlusB() throws {
        let layer = Linear(3, 2, dtype: .float64)
        layer.weight = double([1, 2, 3, -1, 0, 2], [2, 3])
        layer.bias = double([0.5, -1], [2])
        let x = double([1, 0, -1, 2, 1, 0.5], [2, 3])
        // Row 1: (1·1 + 0·2 - 1·3 + 0.5, -1 + 0 - 2 - 1) = (-1.5, -4)
        // Row 2: (2 + 2 + 1.5 + 0.5, -2 + 0 + 1 - 1) = (6, -2)
        expectValues(layer(x), [-1.5, -4, 6, -2], shape: [2, 2], tolerance: 1e-15)
        // A batch of sequences [N, T, in] applies the same map to every position.
        let sequence = x.reshaped([1, 2, 3])
        expectValues(layer(sequence), [-1.5, -4, 6, -2], shape: [1, 2, 2], tolerance: 1e-15)
    }

    @Test func defaultInitialisers() {
        let layer = Linear(400, 50)
        expectValues(layer.bias!, Array(repeating: 0, count: 50), shape: [50])
        // N(0, 1/n_in): the sample standard deviation over 20,000 weights is within a few percent of 1/20.
        let w = layer.weight.scalars(as: Double.self)
        let mean = w.reduce(0, +) / Double(w.count)
        let std = (w.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(w.count)).squareRoot()
        #expect(Swift.abs(std - 0.05) < 0.05 * 0.03, "std \(std)")
        #expect(layer.weight.dtype == .float32)
    }

    @Test func gradientCheck() throws {
        let layer = Linear(4, 3, dtype: .float64)
        layer.weight = uniform([3, 4], seed: 21)
        try #require(layer.biasParameter).update { $0.assign(uniform([3], seed: 22)) }
        let x = uniform([5, 4], seed: 23)
        // With respect to the input, through the layer.
        try expectGradients(at: [x]) { layer($0[0]).tanh() }
        // With respect to the weight and bias the layer owns.
        try expectParameterGradients(of: layer.parameters()) { layer(x).tanh().sum() }
        // A layer without bias, on a batch of sequences [N, T, in].
        let noBias = Linear(3, 2, bias: false, dtype: .float64)
        noBias.weight = uniform([2, 3], seed: 24)
        let sequences = uniform([2, 3, 3], seed: 25)
        try expectParameterGradients(of: noBias.parameters()) { noBias(sequences).sigmoid().sum() }
        try expectGradients(at: [sequences]) { noBias($0[0]) }
    }

    /// The bias is set like the weight: the values change, the parameter optimisers hold stays, the
    /// gradient is cleared.
    @Test func biasIsSetLikeTheWeight() throws {
        let layer = Linear(2, 2)
        let parameter = try #require(layer.biasParameter)
        let optimizer = SGD(layer.trainableParameters(), learningRate: 0.5)
        try layer(Tensor([[1, 1]])).sum().backward()
        layer.bias = Tensor([3, -3])
        #expect(layer.biasParameter === parameter && parameter.grad == nil)
        #expect(layer.bias?.scalars == [3, -3])
        layer.weight = Tensor([[1, 0], [0, 1]])
        try layer(Tensor([[1, 1]])).sum().backward()
        optimizer.step()
        #expect(layer.bias?.scalars == [2.5, -3.5], "the optimiser updates the bias that was set")
    }

    @Test func settingTheBiasOfALayerWithoutOneStops() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            Linear(2, 2, bias: false).bias = Tensor([1, 1])
        }
        let message = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(message.contains("bias: false"), "\(message)")
    }

    @Test func wrongInputStopsNamingTheLayerAndShapes() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Linear(784, 256)(Tensor.zeros([32, 100]))
        }
        let message = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(message.contains("Linear(784 → 256)") && message.contains("[..., 784]") && message.contains("[32, 100]"), "\(message)")
    }

    @Test func description() {
        #expect("\(Linear(784, 256))" == "Linear(784 → 256)")
    }
}
