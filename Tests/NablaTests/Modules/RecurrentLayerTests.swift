import Testing
@testable import Nabla

/// What the recurrent layers share: input and recurrent dropout (training mode only, one recurrent
/// mask per sequence) and the state kept by stateful layers.
@Suite struct RecurrentLayerTests {
    @Test func dropoutIsOffInEvaluationMode() throws {
        let dropping = LSTM(inputSize: 3, hiddenSize: 4, layers: 2, dropout: 0.5, recurrentDropout: 0.5, dtype: .float64)
        let plain = LSTM(inputSize: 3, hiddenSize: 4, layers: 2, dtype: .float64)
        try copyAll(from: dropping, to: plain)
        let x = uniform([2, 5, 3], seed: 41)
        let training = dropping(x).scalars(as: Double.self)
        #expect(training != plain(x).scalars(as: Double.self))
        dropping.eval()
        #expect(dropping(x).scalars(as: Double.self) == plain(x).scalars(as: Double.self))
    }

    /// h_t = tanh(U x_t + W (m ⊙ h_{t-1}) + b) with one mask m drawn for the whole sequence.
    @Test func recurrentMaskIsConstantAcrossSteps() {
        let rnn = RNN(inputSize: 2, hiddenSize: 6, recurrentDropout: 0.5, dtype: .float64)
        randomizeParameters(rnn, seed: 42)
        let x = uniform([3, 6, 2], seed: 43)
        let output = RandomGenerator.seeded(7) { rnn(x) }
        let mask = RandomGenerator.seeded(7) { Tensor.randomBernoulli([3, 6], probability: 0.5, dtype: .float64) / 0.5 }
        let cell = rnn.cells[0]
        var h = Tensor.zeros([3, 6], dtype: .float64)
        var expected: [Tensor] = []
        for step in x.unstacked(alongAxis: 1) {
            h = referenceElmanStep(cell, step, h * mask)
            expected.append(h)
        }
        let stacked = Tensor.stack(expected, alongAxis: 1)
        expectValues(output, stacked.scalars(as: Double.self), shape: [3, 6, 6], tolerance: 1e-12)
    }

    /// Each layer's input gets its own element-wise mask, scaled by 1/(1-p).
    @Test func inputDropoutMasksEachLayersInput() throws {
        let stacked = GRU(inputSize: 3, hiddenSize: 4, layers: 2, dropout: 0.25, dtype: .float64)
        let singles = [3, 4].map { GRU(inputSize: $0, hiddenSize: 4, dtype: .float64) }
        for (index, single) in singles.enumerated() { try copyLayer(index, of: stacked, to: single) }
        let x = uniform([2, 3, 3], seed: 44)
        let output = RandomGenerator.seeded(8) { stacked(x) }
        let expected = RandomGenerator.seeded(8) { () -> Tensor in
            singles.reduce(x) { input, single in
                single(input * Tensor.randomBernoulli(input.shape, probability: 0.75, dtype: .float64) / 0.75)
            }
        }
        expectValues(output, expected.scalars(as: Double.self), shape: [2, 3, 4], tolerance: 1e-12)
    }

    @Test func statefulLayerStartsFromItsLastState() throws {
        let stateful = LSTM(inputSize: 2, hiddenSize: 3, layers: 2, stateful: true, dtype: .float64)
        let plain = LSTM(inputSize: 2, hiddenSize: 3, layers: 2, dtype: .float64)
        try copyAll(from: stateful, to: plain)
        let first = uniform([2, 4, 2], seed: 45), second = uniform([2, 4, 2], seed: 46)
        _ = stateful(first)
        let carried = plain.run(second, initialState: plain.run(first, initialState: nil, lengths: nil).state, lengths: nil).output
        expectValues(stateful(second), carried.scalars(as: Double.self), shape: [2, 4, 3], tolerance: 1e-12)
        stateful.resetState()
        expectValues(stateful(second), plain(second).scalars(as: Double.self), shape: [2, 4, 3], tolerance: 1e-12)
        // A plain layer starts from zeros every time; reset and detach do nothing.
        plain.resetState()
        plain.detachState()
        #expect(plain(second).scalars(as: Double.self) == plain(second).scalars(as: Double.self))
        #expect(plain.keptState == nil)
    }

    @Test func detachedStateStopsBackpropagation() throws {
        let rnn = RNN(inputSize: 2, hiddenSize: 3, stateful: true, dtype: .float64)
        let first = uniform([1, 3, 2], seed: 47).requiringGrad()
        _ = rnn(first)
        rnn.detachState()
        try rnn(uniform([1, 3, 2], seed: 48)).sum().backward()
        #expect(first.grad == nil)
        #expect(rnn.cells[0].recurrentWeight.grad != nil)
        // Without detaching, the next call's backward runs on into the call before it.
        rnn.resetState()
        let attached = uniform([1, 3, 2], seed: 49).requiringGrad()
        _ = rnn(attached)
        try rnn(uniform([1, 3, 2], seed: 50)).sum().backward()
        #expect(attached.grad != nil)
    }

    @Test func statefulStepsContinueTheSequence() {
        let gru = GRU(inputSize: 2, hiddenSize: 3, stateful: true, dtype: .float64)
        let x = uniform([2, 3, 2], seed: 51)
        let whole = gru.run(x, initialState: nil, lengths: nil).output
        gru.resetState()
        let stepped = x.unstacked(alongAxis: 1).map { gru.step($0, state: nil).output }
        expectValues(Tensor.stack(stepped, alongAxis: 1), whole.scalars(as: Double.self), shape: [2, 3, 3], tolerance: 1e-12)
    }

    @Test func aKeptStateOfAnotherBatchSizeStops() async {
        await #expect(processExitsWith: .failure) {
            let rnn = RNN(inputSize: 2, hiddenSize: 3, stateful: true)
            _ = rnn(Tensor.zeros([2, 3, 2]))
            _ = rnn(Tensor.zeros([4, 3, 2]))
        }
    }
}
