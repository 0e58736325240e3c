import Testing
@testable import Nabla

/// `Bidirectional`: two layers, one on the sequence and one on it reversed within each length, joined.
@Suite struct BidirectionalTests {
    /// `x` `[N, T, F]` with each sample's first `lengths[n]` steps reversed, written out element by element.
    func reversedByHand(_ x: Tensor, _ lengths: [Int]) -> Tensor {
        let (n, t, f) = (x.shape[0], x.shape[1], x.shape[2])
        let values = x.scalars(as: Double.self)
        var out = values
        for sample in 0..<n {
            for step in 0..<lengths[sample] {
                for k in 0..<f { out[(sample * t + step) * f + k] = values[(sample * t + lengths[sample] - 1 - step) * f + k] }
            }
        }
        return double(out, x.shape)
    }

    @Test func equalsTwoLayersForwardAndOnTheReversedSequence() {
        let layer = Bidirectional(LSTM(inputSize: 3, hiddenSize: 4, layers: 2, dtype: .float64))
        let x = uniform([3, 5, 3], seed: 61), lengths = [5, 3, 1]
        let y = layer(x, lengths: lengths)
        #expect(y.shape == [3, 5, 8])
        let ahead = layer.forwardLayer.run(x, initialState: nil, lengths: lengths).output
        let back = reversedByHand(layer.backwardLayer.run(reversedByHand(x, lengths), initialState: nil, lengths: lengths).output, lengths)
        let expected = Tensor.concatenate([ahead, back], alongAxis: 2)
        expectValues(y, expected.scalars(as: Double.self), shape: [3, 5, 8], tolerance: 1e-12)
        // Beyond each length both halves are 0.
        #expect(y.sliced([2..<3, 1..<5, 0..<8]).scalars(as: Double.self).allSatisfy { $0 == 0 })
    }

    @Test func sumAndLastStep() throws {
        let summing = Bidirectional(GRU(inputSize: 2, hiddenSize: 3, dtype: .float64), merge: .sum)
        let x = uniform([2, 4, 2], seed: 62)
        let ahead = summing.forwardLayer.run(x, initialState: nil, lengths: [4, 2]).output
        let back = reversedByHand(summing.backwardLayer.run(reversedByHand(x, [4, 2]), initialState: nil, lengths: [4, 2]).output, [4, 2])
        expectValues(summing(x, lengths: [4, 2]), (ahead + back).scalars(as: Double.self), shape: [2, 4, 3], tolerance: 1e-12)
        #expect(summing.outputSize == 3)

        let last = Bidirectional(RNN(inputSize: 2, hiddenSize: 3, returnSequences: false, dtype: .float64))
        let forwardFinal = last.forwardLayer.run(x, initialState: nil, lengths: [4, 2]).state.hidden[0]
        let backwardFinal = last.backwardLayer.run(reversedByHand(x, [4, 2]), initialState: nil, lengths: [4, 2]).state.hidden[0]
        expectValues(last(x, lengths: [4, 2]), Tensor.concatenate([forwardFinal, backwardFinal], alongAxis: 1).scalars(as: Double.self),
                     shape: [2, 6], tolerance: 1e-12)
    }

    @Test func reversingTwiceGivesTheInputBack() {
        let x = uniform([2, 4, 3], seed: 63)
        expectValues(Bidirectional.reversed(x, lengths: [2, 4]), reversedByHand(x, [2, 4]).scalars(as: Double.self), shape: [2, 4, 3])
        expectValues(Bidirectional.reversed(Bidirectional.reversed(x, lengths: [3, 1]), lengths: [3, 1]), x.scalars(as: Double.self), shape: [2, 4, 3])
        expectValues(Bidirectional.reversed(x, lengths: nil), reversedByHand(x, [4, 4]).scalars(as: Double.self), shape: [2, 4, 3])
    }

    @Test func gradients() throws {
        let layer = Bidirectional(LSTM(inputSize: 2, hiddenSize: 2, peepholes: true, dtype: .float64))
        randomizeParameters(layer, seed: 64)
        try expectRecurrentGradients(layer, uniform([2, 3, 2], seed: 65)) { layer($0, lengths: [3, 2]) }
        let normalized = Bidirectional(GRU(inputSize: 2, hiddenSize: 2, layerNormalized: true, dtype: .float64), merge: .sum)
        randomizeParameters(normalized, seed: 66)
        try expectRecurrentGradients(normalized, uniform([2, 3, 2], seed: 67)) { normalized($0) }
    }

    @Test func parametersOfBothDirections() throws {
        let layer = Bidirectional(LSTM(inputSize: 5, hiddenSize: 20))
        #expect(layer.parameterCount == 2 * 2080)
        #expect(layer.namedParameters().map(\.name).prefix(4) == ["forwardLayer.cells.0.inputWeight", "forwardLayer.cells.0.recurrentWeight",
                                                                   "forwardLayer.cells.0.bias", "backwardLayer.cells.0.inputWeight"])
        let forwardWeight = try #require(layer.forwardLayer as? LSTM).cells[0].inputWeight
        let backwardWeight = try #require(layer.backwardLayer as? LSTM).cells[0].inputWeight
        #expect(forwardWeight.scalars != backwardWeight.scalars)
        let summary = Sequential { Bidirectional(LSTM(inputSize: 5, hiddenSize: 20, returnSequences: false)); Linear(40, 1) }.summary(inputShape: [10, 5])
        #expect(summary.rows.map(\.outputShape) == [[nil, 10, 5], [nil, 40], [nil, 1]])
        #expect(summary.totalParameters == 2 * 2080 + 41)
        let alone = Bidirectional(GRU(inputSize: 5, hiddenSize: 3)).summary(inputShape: [10, 5])
        #expect(alone.rows.map(\.name) == ["input", "forwardLayer", "backwardLayer"])
        #expect(alone.rows[1].outputShapes == [[nil, 10, 3], [nil, 3]])
        #expect(alone.rows.map(\.parameterCount) == [0, 3 * (15 + 9 + 3), 3 * (15 + 9 + 3)])
    }

    /// One `Bidirectional` per layer: the second layer's two directions both read the concatenated
    /// outputs of the first, unlike a wrapped two-layer stack.
    @Test func deepNetworkOfOneBidirectionalPerLayer() {
        let first = Bidirectional(LSTM(inputSize: 3, hiddenSize: 4, dtype: .float64))
        let second = Bidirectional(LSTM(inputSize: 8, hiddenSize: 4, dtype: .float64))
        let deep = Sequential([first, second])
        let x = uniform([2, 5, 3], seed: 68)
        let below = Tensor.concatenate([first.forwardLayer.run(x, initialState: nil, lengths: nil).output,
                                        reversedByHand(first.backwardLayer.run(reversedByHand(x, [5, 5]), initialState: nil, lengths: nil).output, [5, 5])],
                                       alongAxis: 2)
        let expected = Tensor.concatenate([second.forwardLayer.run(below, initialState: nil, lengths: nil).output,
                                           reversedByHand(second.backwardLayer.run(reversedByHand(below, [5, 5]), initialState: nil, lengths: nil).output, [5, 5])],
                                          alongAxis: 2)
        expectValues(deep(x), expected.scalars(as: Double.self), shape: [2, 5, 8], tolerance: 1e-12)
        let summary = Sequential { Bidirectional(LSTM(inputSize: 3, hiddenSize: 4)); Bidirectional(LSTM(inputSize: 8, hiddenSize: 4)) }
            .summary(inputShape: [5, 3])
        #expect(summary.rows.map(\.outputShape) == [[nil, 5, 3], [nil, 5, 8], [nil, 5, 8]])
        // LSTM 4(nd + n² + n) per direction: d = 3 below, d = 8 (both directions) above.
        #expect(summary.rows.map(\.parameterCount) == [0, 2 * 4 * (12 + 16 + 4), 2 * 4 * (32 + 16 + 4)])
        #expect(summary.totalParameters == 256 + 416)
    }

    @Test func stateRoundTrip() throws {
        let source = Bidirectional(GRU(inputSize: 2, hiddenSize: 3)), target = Bidirectional(GRU(inputSize: 2, hiddenSize: 3))
        let x = Tensor.randomUniform([2, 3, 2])
        #expect(target(x).scalars != source(x).scalars)
        try copyAll(from: source, to: target)
        #expect(target(x).scalars == source(x).scalars)
    }

    @Test func badInputStops() async {
        await #expect(processExitsWith: .failure) { _ = Bidirectional(LSTM(inputSize: 2, hiddenSize: 3, stateful: true)) }
        await #expect(processExitsWith: .failure) { _ = Bidirectional(LSTM(inputSize: 2, hiddenSize: 3))(Tensor.zeros([2, 3])) }
        await #expect(processExitsWith: .failure) { _ = Bidirectional(LSTM(inputSize: 2, hiddenSize: 3))(Tensor.zeros([2, 3, 2]), lengths: [3]) }
    }
}
