import Testing
@testable import Nabla

/// `GRU`: the notes' equations (plain and layer-normalised), its own steps, stacking, masks,
/// gradients, parameter counts and saving.
@Suite struct GRUTests {
    func layer(layerNormalized: Bool, inputSize: Int = 3, hiddenSize: Int = 4, layers: Int = 1, seed: UInt64 = 21) -> GRU {
        let gru = GRU(inputSize: inputSize, hiddenSize: hiddenSize, layers: layers, layerNormalized: layerNormalized, dtype: .float64)
        randomizeParameters(gru, seed: seed)
        return gru
    }

    @Test(arguments: [false, true])
    func equalsTheNotesEquations(layerNormalized: Bool) {
        let gru = layer(layerNormalized: layerNormalized)
        expectMatchesReference(gru, uniform([2, 5, 3], seed: 22)) { (referenceGRUStep(gru.cells[0], $0, $1), $2) }
    }

    @Test(arguments: [false, true])
    func stepsEqualRunWithAndWithoutLengths(layerNormalized: Bool) {
        let gru = layer(layerNormalized: layerNormalized, layers: 2)
        let x = uniform([3, 5, 3], seed: 23)
        expectStepsMatchRun(gru, x, lengths: nil)
        expectStepsMatchRun(gru, x, lengths: [1, 5, 3])
    }

    @Test func stackEqualsLayersChainedByHand() throws {
        let singles = [3, 4].map { GRU(inputSize: $0, hiddenSize: 4, layerNormalized: true, dtype: .float64) }
        try expectStackMatchesChain(layer(layerNormalized: true, layers: 2), singles, uniform([2, 4, 3], seed: 24), lengths: [2, 4])
    }

    @Test(arguments: [false, true])
    func gradients(layerNormalized: Bool) throws {
        let gru = layer(layerNormalized: layerNormalized, inputSize: 2, hiddenSize: 3, layers: 2)
        try expectRecurrentGradients(gru, uniform([2, 3, 2], seed: 25)) { gru($0, lengths: [2, 3]) }
    }

    /// 3(nd + n² + n) per layer, as in the notes; layer normalisation adds γ and β per gate unit.
    @Test func parameterCounts() {
        #expect(GRU(inputSize: 5, hiddenSize: 20).parameterCount == 3 * (100 + 400 + 20))
        #expect(GRU(inputSize: 5, hiddenSize: 20, layers: 2).parameterCount == 3 * (100 + 400 + 20) + 3 * (400 + 400 + 20))
        #expect(GRU(inputSize: 5, hiddenSize: 20, layerNormalized: true).parameterCount == 3 * 520 + 2 * 60)
        let summary = Sequential { GRU(inputSize: 5, hiddenSize: 8, returnSequences: false); Linear(8, 1) }.summary(inputShape: [7, 5])
        #expect(summary.rows.map(\.outputShape) == [[nil, 7, 5], [nil, 8], [nil, 1]])
        #expect(summary.rows.map(\.parameterCount) == [0, 3 * (40 + 64 + 8), 9])
    }

    @Test func stateRoundTrip() throws {
        let source = layer(layerNormalized: true, layers: 2), target = GRU(inputSize: 3, hiddenSize: 4, layers: 2, layerNormalized: true, dtype: .float64)
        let x = uniform([2, 3, 3], seed: 26)
        #expect(target(x).scalars(as: Double.self) != source(x).scalars(as: Double.self))
        try copyAll(from: source, to: target)
        #expect(target(x).scalars(as: Double.self) == source(x).scalars(as: Double.self))
    }

    @Test func badShapesStop() async {
        await #expect(processExitsWith: .failure) { _ = GRU(inputSize: 3, hiddenSize: 2)(Tensor.zeros([2, 4, 2])) }
        await #expect(processExitsWith: .failure) { _ = GRU(inputSize: 3, hiddenSize: 2)(Tensor.zeros([2, 4, 3], dtype: .float64)) }
        await #expect(processExitsWith: .failure) { _ = GRU(inputSize: 3, hiddenSize: 2, layers: 0) }
    }
}
