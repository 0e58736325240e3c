import Testing
@testable import Nabla

/// `LSTM`: the notes' equations with each option, its own steps, stacking, masks, dropout, state,
/// gradients, parameter counts and saving.
@Suite struct LSTMTests {
    /// (peepholes, coupledGates, layerNormalized)
    static let variants = [(false, false, false), (true, false, false), (false, true, false), (true, true, false),
                           (false, false, true), (true, true, true)]

    func layer(_ variant: (Bool, Bool, Bool), inputSize: Int = 3, hiddenSize: Int = 4, layers: Int = 1, seed: UInt64 = 1) -> LSTM {
        let lstm = LSTM(inputSize: inputSize, hiddenSize: hiddenSize, layers: layers, peepholes: variant.0, coupledGates: variant.1,
                        layerNormalized: variant.2, dtype: .float64)
        randomizeParameters(lstm, seed: seed)
        return lstm
    }

    @Test(arguments: variants)
    func equalsTheNotesEquations(variant: (Bool, Bool, Bool)) {
        let lstm = layer(variant)
        expectMatchesReference(lstm, uniform([2, 5, 3], seed: 3)) { referenceLSTMStep(lstm.cells[0], $0, $1, $2) }
    }

    @Test(arguments: variants)
    func stepsEqualRunWithAndWithoutLengths(variant: (Bool, Bool, Bool)) {
        let lstm = layer(variant, layers: 2)
        let x = uniform([3, 5, 3], seed: 4)
        expectStepsMatchRun(lstm, x, lengths: nil)
        expectStepsMatchRun(lstm, x, lengths: [5, 2, 0])
    }

    @Test func stackEqualsLayersChainedByHand() throws {
        let stacked = layer((true, false, false), layers: 3)
        let singles = [3, 4, 4].map { LSTM(inputSize: $0, hiddenSize: 4, peepholes: true, dtype: .float64) }
        try expectStackMatchesChain(stacked, singles, uniform([2, 4, 3], seed: 5), lengths: [4, 3])
    }

    @Test func lastStepOutputIsEachSamplesLastValidStep() throws {
        let sequences = layer((false, false, false), layers: 2)
        let last = LSTM(inputSize: 3, hiddenSize: 4, layers: 2, returnSequences: false, dtype: .float64)
        try copyAll(from: sequences, to: last)
        let x = uniform([3, 4, 3], seed: 6)
        let all = sequences(x, lengths: [4, 2, 1])
        let final = last(x, lengths: [4, 2, 1])
        #expect(final.shape == [3, 4])
        for (n, length) in [4, 2, 1].enumerated() {
            expectValues(final.sliced(alongAxis: 0, n..<(n + 1)),
                         all.sliced([n..<(n + 1), (length - 1)..<length, 0..<4]).scalars(as: Double.self), shape: [1, 4])
        }
        expectValues(last(x), sequences(x).sliced(alongAxis: 1, 3..<4).scalars(as: Double.self), shape: [3, 4])
    }

    @Test(arguments: variants)
    func gradients(variant: (Bool, Bool, Bool)) throws {
        let lstm = layer(variant, inputSize: 2, hiddenSize: 3, layers: 2)
        let x = uniform([2, 3, 2], seed: 7)
        try expectRecurrentGradients(lstm, x) { lstm($0, lengths: [3, 2]) }
    }

    @Test func gradientsThroughAnInitialState() throws {
        let lstm = layer((false, false, false), inputSize: 2, hiddenSize: 3)
        let x = uniform([2, 3, 2], seed: 8)
        try expectGradients(at: [uniform([2, 3], seed: 9), uniform([2, 3], seed: 10)]) { state in
            lstm.run(x, initialState: RecurrentState(hidden: [state[0]], cell: [state[1]]), lengths: [3, 1]).output
        }
    }

    /// The notes' example: input (10, 5), LSTM(20) returning sequences, LSTM(10), Dense(1):
    /// 4(20·5 + 20² + 20) = 2,080, 4(10·20 + 10² + 10) = 1,240, 11; 3,331 in all.
    @Test func summaryCountsFollowTheNotes() {
        let model = Sequential {
            LSTM(inputSize: 5, hiddenSize: 20)
            LSTM(inputSize: 20, hiddenSize: 10, returnSequences: false)
            Linear(10, 1)
        }
        let summary = model.summary(inputShape: [10, 5])
        #expect(summary.rows.map(\.parameterCount) == [0, 2080, 1240, 11])
        #expect(summary.rows.map(\.outputShape) == [[nil, 10, 5], [nil, 10, 20], [nil, 10], [nil, 1]])
        #expect(summary.totalParameters == 3331)
        #expect(summary.description.contains("Total params: 3,331"))
        // Peepholes add 3n; coupled gates have three blocks (and two peephole rows); layer norm 2 per gate unit.
        #expect(LSTM(inputSize: 5, hiddenSize: 20, peepholes: true).parameterCount == 2080 + 60)
        #expect(LSTM(inputSize: 5, hiddenSize: 20, coupledGates: true).parameterCount == 3 * (100 + 400 + 20))
        #expect(LSTM(inputSize: 5, hiddenSize: 20, peepholes: true, coupledGates: true).parameterCount == 3 * 520 + 40)
        #expect(LSTM(inputSize: 5, hiddenSize: 20, layerNormalized: true).parameterCount == 2080 + 2 * 80)
        #expect(LSTM(inputSize: 5, hiddenSize: 20, layers: 2).parameterCount == 2080 + 4 * (400 + 400 + 20))
        // A stack summarised on its own lists its cells, with their outputs and final h and c.
        let stack = LSTM(inputSize: 5, hiddenSize: 20, layers: 2).summary(inputShape: [10, 5])
        #expect(stack.rows.map(\.name) == ["input", "cells.0", "cells.1"])
        #expect(stack.rows.map(\.parameterCount) == [0, 2080, 3280])
        #expect(stack.rows[1].outputShapes == [[nil, 10, 20], [nil, 20], [nil, 20]])
    }

    @Test func initialisation() {
        let lstm = LSTM(inputSize: 6, hiddenSize: 5)
        let cell = lstm.cells[0]
        // The forget block of b is 1, the others 0 (Keras's unit_forget_bias).
        #expect(cell.bias.scalars(as: Double.self) == [Double](repeating: 0, count: 5) + [Double](repeating: 1, count: 5) + [Double](repeating: 0, count: 10))
        #expect(LSTM(inputSize: 6, hiddenSize: 5, coupledGates: true).cells[0].bias.scalars(as: Double.self).prefix(5).allSatisfy { $0 == 1 })
        // W [4H, H] has orthonormal columns; U is Glorot-uniform within √(6 / (D + 4H)).
        let w = cell.recurrentWeight.converted(to: .float64)
        expectValues(w.matmul(w, transposingSelf: true), Tensor.eye(5, dtype: .float64).scalars(as: Double.self), shape: [5, 5], tolerance: 1e-5)
        #expect(cell.inputWeight.abs().max().item <= (6.0 / 26).squareRoot())
    }

    @Test func parameterNamesAndStateRoundTrip() throws {
        let source = LSTM(inputSize: 3, hiddenSize: 2, layers: 2, peepholes: true, layerNormalized: true)
        #expect(source.namedParameters().map(\.name) == [
            "cells.0.inputWeight", "cells.0.recurrentWeight", "cells.0.bias", "cells.0.gateGain", "cells.0.gateShift", "cells.0.peepholes",
            "cells.1.inputWeight", "cells.1.recurrentWeight", "cells.1.bias", "cells.1.gateGain", "cells.1.gateShift", "cells.1.peepholes",
        ])
        randomizeParameters(source, seed: 12)
        let target = LSTM(inputSize: 3, hiddenSize: 2, layers: 2, peepholes: true, layerNormalized: true)
        let x = Tensor.randomUniform([2, 4, 3])
        #expect(target(x).scalars != source(x).scalars)
        let (missing, unexpected) = try target.loadParameters(source.stateTensors())
        #expect(missing.isEmpty && unexpected.isEmpty)
        #expect(target(x).scalars == source(x).scalars)
    }

    @Test func badShapesStop() async {
        await #expect(processExitsWith: .failure) { _ = LSTM(inputSize: 3, hiddenSize: 2)(Tensor.zeros([2, 4, 5])) }
        await #expect(processExitsWith: .failure) { _ = LSTM(inputSize: 3, hiddenSize: 2)(Tensor.zeros([2, 3])) }
        await #expect(processExitsWith: .failure) { _ = LSTM(inputSize: 3, hiddenSize: 2)(Tensor.zeros([2, 4, 3]), lengths: [4]) }
        await #expect(processExitsWith: .failure) { _ = LSTM(inputSize: 3, hiddenSize: 2)(Tensor.zeros([2, 4, 3]), lengths: [4, 5]) }
        await #expect(processExitsWith: .failure) {
            _ = LSTM(inputSize: 3, hiddenSize: 2).run(Tensor.zeros([2, 4, 3]), initialState: RecurrentState(hidden: [Tensor.zeros([2, 2])]), lengths: nil)
        }
        await #expect(processExitsWith: .failure) { _ = LSTM(inputSize: 3, hiddenSize: 2).step(Tensor.zeros([2, 4, 3]), state: nil) }
        await #expect(processExitsWith: .failure) { _ = LSTM(inputSize: 3, hiddenSize: 2, dropout: 1) }
    }
}

/// Gives `target` the parameters of `source`, name by name.
func copyAll(from source: Module, to target: Module) throws {
    _ = try target.loadParameters(source.stateTensors())
}
