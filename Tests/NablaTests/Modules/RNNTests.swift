import Testing
@testable import Nabla

/// `RNN`: the Elman equation with tanh and ReLU (plain and layer-normalised), its own steps,
/// stacking, masks, gradients, parameter counts and saving.
@Suite struct RNNTests {
    static let variants: [(RecurrentActivation, Bool)] = [(.tanh, false), (.relu, false), (.tanh, true), (.relu, true)]

    func layer(_ variant: (RecurrentActivation, Bool), inputSize: Int = 3, hiddenSize: Int = 4, layers: Int = 1) -> RNN {
        let rnn = RNN(inputSize: inputSize, hiddenSize: hiddenSize, layers: layers, activation: variant.0, layerNormalized: variant.1, dtype: .float64)
        randomizeParameters(rnn, seed: 31)
        return rnn
    }

    @Test(arguments: variants)
    func equalsTheElmanEquation(variant: (RecurrentActivation, Bool)) {
        let rnn = layer(variant)
        expectMatchesReference(rnn, uniform([2, 5, 3], seed: 32)) { (referenceElmanStep(rnn.cells[0], $0, $1), $2) }
    }

    @Test(arguments: variants)
    func stepsEqualRunWithAndWithoutLengths(variant: (RecurrentActivation, Bool)) {
        let rnn = layer(variant, layers: 2)
        let x = uniform([3, 4, 3], seed: 33)
        expectStepsMatchRun(rnn, x, lengths: nil)
        expectStepsMatchRun(rnn, x, lengths: [4, 0, 2])
    }

    @Test func stackEqualsLayersChainedByHand() throws {
        let singles = [3, 4, 4].map { RNN(inputSize: $0, hiddenSize: 4, activation: .relu, dtype: .float64) }
        try expectStackMatchesChain(layer((.relu, false), layers: 3), singles, uniform([2, 3, 3], seed: 34), lengths: nil)
    }

    @Test(arguments: [(RecurrentActivation.tanh, false), (.tanh, true)])
    func gradients(variant: (RecurrentActivation, Bool)) throws {
        let rnn = layer(variant, inputSize: 2, hiddenSize: 3, layers: 2)
        try expectRecurrentGradients(rnn, uniform([2, 4, 2], seed: 35)) { rnn($0, lengths: [4, 2]) }
    }

    @Test func parameterCountsAndNames() {
        #expect(RNN(inputSize: 5, hiddenSize: 20).parameterCount == 100 + 400 + 20)
        #expect(RNN(inputSize: 5, hiddenSize: 20, layerNormalized: true).parameterCount == 520 + 40)
        #expect(RNN(inputSize: 2, hiddenSize: 3).namedParameters().map(\.name) == ["cells.0.inputWeight", "cells.0.recurrentWeight", "cells.0.bias"])
        #expect("\(RNN(inputSize: 2, hiddenSize: 3, layers: 2, activation: .relu))" == "RNN(2 → 3, relu, 2 layers)")
    }

    @Test func stateRoundTrip() throws {
        let source = layer((.relu, true)), target = RNN(inputSize: 3, hiddenSize: 4, activation: .relu, layerNormalized: true, dtype: .float64)
        let x = uniform([2, 3, 3], seed: 36)
        #expect(target(x).scalars(as: Double.self) != source(x).scalars(as: Double.self))
        try copyAll(from: source, to: target)
        #expect(target(x).scalars(as: Double.self) == source(x).scalars(as: Double.self))
    }
}
