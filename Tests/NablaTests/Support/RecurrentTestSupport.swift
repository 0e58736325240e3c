import Testing
@testable import Nabla

// Shared checks of the recurrent layers: the layer against its own steps, stacks against chained
// layers, and the equations of each cell written out with plain tensor ops.

/// Runs `layer` over `input` with `lengths`, then steps it by hand through each sample alone, for
/// that sample's valid steps only, and expects the same outputs (0 beyond the length) and, per stacked
/// layer, the final state of the sample's last valid step. For cells without layer norm `step` is
/// `run` over one step, so this checks the masking, the lengths and the state handling, not the
/// equations: the oracle tests (`expectMatchesReference`, the PyTorch fixtures) carry that weight.
func expectStepsMatchRun(
    _ layer: any RecurrentLayer, _ input: Tensor, lengths: [Int]?, sourceLocation: SourceLocation = #_sourceLocation
) {
    let (output, state) = layer.run(input, initialState: nil, lengths: lengths)
    let (batchSize, steps, size) = (input.shape[0], input.shape[1], layer.hiddenSize)
    for n in 0..<batchSize {
        let sample = input.sliced(alongAxis: 0, n..<(n + 1))
        var stepState: RecurrentState?
        var outputs: [Double] = []
        for t in 0..<(lengths?[n] ?? steps) {
            let (stepOutput, next) = layer.step(sample.sliced(alongAxis: 1, t..<(t + 1)).squeezed(axis: 1), state: stepState)
            outputs += stepOutput.scalars(as: Double.self)
            stepState = next
        }
        outputs += Array(repeating: 0, count: (steps - (lengths?[n] ?? steps)) * size)
        expectValues(output.sliced(alongAxis: 0, n..<(n + 1)), outputs, shape: [1, steps, size], tolerance: 1e-10, sourceLocation: sourceLocation)
        let zero = [Double](repeating: 0, count: size)
        for l in 0..<layer.layerCount {
            expectValues(state.hidden[l].sliced(alongAxis: 0, n..<(n + 1)), stepState?.hidden[l].scalars(as: Double.self) ?? zero,
                         shape: [1, size], tolerance: 1e-10, sourceLocation: sourceLocation)
            if !state.cell.isEmpty {
                expectValues(state.cell[l].sliced(alongAxis: 0, n..<(n + 1)), stepState?.cell[l].scalars(as: Double.self) ?? zero,
                             shape: [1, size], tolerance: 1e-10, sourceLocation: sourceLocation)
            }
        }
    }
}

/// Gives `single` (a one-layer stack) the parameters of layer `index` of `stacked`.
func copyLayer(_ index: Int, of stacked: Module, to single: Module) throws {
    let prefix = "cells.\(index)."
    let tensors = stacked.stateTensors().filter { $0.key.hasPrefix(prefix) }
    try single.loadParameters(Dictionary(uniqueKeysWithValues: tensors.map { ("cells.0." + $0.key.dropFirst(prefix.count), $0.value) }))
}

/// Expects `stacked` to equal its layers run one after the other (`singles`, one-layer stacks given
/// the stack's parameters), outputs and final states.
func expectStackMatchesChain(
    _ stacked: any RecurrentLayer, _ singles: [any RecurrentLayer], _ input: Tensor, lengths: [Int]?,
    sourceLocation: SourceLocation = #_sourceLocation
) throws {
    for (index, single) in singles.enumerated() { try copyLayer(index, of: stacked, to: single) }
    let (output, state) = stacked.run(input, initialState: nil, lengths: lengths)
    var chained = input
    for (index, single) in singles.enumerated() {
        let (layerOutput, layerState) = single.run(chained, initialState: nil, lengths: lengths)
        expectValues(state.hidden[index], layerState.hidden[0].scalars(as: Double.self), shape: layerState.hidden[0].shape,
                     tolerance: 1e-12, sourceLocation: sourceLocation)
        chained = layerOutput
    }
    expectValues(output, chained.scalars(as: Double.self), shape: chained.shape, tolerance: 1e-12, sourceLocation: sourceLocation)
}

/// LN_g(s) written out: each of the `blocks` blocks of H units of `s` `[N, blocks·H]` standardised
/// with its own mean and biased variance, times γ_g plus β_g (rows `first..<first+blocks` of `[G, H]`).
func referenceLayerNorm(_ s: Tensor, _ cell: RecurrentCellModule, first: Int, blocks: Int) -> Tensor {
    guard let gain = cell.gateGain, let shift = cell.gateShift else { return s }
    let size = cell.hiddenSize
    let parts = (0..<blocks).map { b -> Tensor in
        let block = s.sliced(alongAxis: 1, (b * size)..<((b + 1) * size))
        let centred = block - block.mean(alongAxis: 1, keepingDims: true)
        let variance = centred.squared().mean(alongAxis: 1, keepingDims: true)
        return centred / (variance + 1e-5).sqrt() * gain.sliced(alongAxis: 0, (first + b)..<(first + b + 1))
            + shift.sliced(alongAxis: 0, (first + b)..<(first + b + 1))
    }
    return Tensor.concatenate(parts, alongAxis: 1)
}

/// U_g x + W_g h + b_g for block `g` of a cell, from its parameters.
func referencePreActivation(_ cell: RecurrentCellModule, block g: Int, _ x: Tensor, _ h: Tensor) -> Tensor {
    let rows = (g * cell.hiddenSize)..<((g + 1) * cell.hiddenSize)
    return x.matmul(cell.inputWeight.sliced(alongAxis: 0, rows), transposingOther: true)
        + h.matmul(cell.recurrentWeight.sliced(alongAxis: 0, rows), transposingOther: true) + cell.bias.sliced(alongAxis: 0, rows)
}

/// One LSTM step from the notes' equations, gate by gate, with the cell's options.
func referenceLSTMStep(_ cell: LSTMCell, _ x: Tensor, _ h: Tensor, _ c: Tensor) -> (hidden: Tensor, cell: Tensor) {
    let blockCount = cell.gateCount
    let s = Tensor.concatenate((0..<blockCount).map { referencePreActivation(cell, block: $0, x, h) }, alongAxis: 1)
    let normalized = referenceLayerNorm(s, cell, first: 0, blocks: blockCount)
    let blocks = (0..<blockCount).map { normalized.sliced(alongAxis: 1, ($0 * cell.hiddenSize)..<(($0 + 1) * cell.hiddenSize)) }
    func peep(_ row: Int, _ state: Tensor) -> Tensor { cell.peepholes.map { $0.sliced(alongAxis: 0, row..<(row + 1)) * state } ?? Tensor.zeros(like: state) }
    if cell.coupledGates {
        let f = (blocks[0] + peep(0, c)).sigmoid()
        let newCell = f * c + (1 - f) * blocks[1].tanh()
        let o = (blocks[2] + peep(1, newCell)).sigmoid()
        return (o * newCell.tanh(), newCell)
    }
    let i = (blocks[0] + peep(0, c)).sigmoid(), f = (blocks[1] + peep(1, c)).sigmoid()
    let newCell = f * c + i * blocks[2].tanh()
    let o = (blocks[3] + peep(2, newCell)).sigmoid()
    return (o * newCell.tanh(), newCell)
}

/// One GRU step from the notes' equations (reset before the recurrent matrix).
func referenceGRUStep(_ cell: GRUCell, _ x: Tensor, _ h: Tensor) -> Tensor {
    let gates = referenceLayerNorm(Tensor.concatenate([0, 1].map { referencePreActivation(cell, block: $0, x, h) }, alongAxis: 1),
                                   cell, first: 0, blocks: 2).sigmoid()
    let size = cell.hiddenSize
    let z = gates.sliced(alongAxis: 1, 0..<size), r = gates.sliced(alongAxis: 1, size..<(2 * size))
    let rows = (2 * size)..<(3 * size)
    let s = x.matmul(cell.inputWeight.sliced(alongAxis: 0, rows), transposingOther: true)
        + (r * h).matmul(cell.recurrentWeight.sliced(alongAxis: 0, rows), transposingOther: true) + cell.bias.sliced(alongAxis: 0, rows)
    let candidate = referenceLayerNorm(s, cell, first: 2, blocks: 1).tanh()
    return z * h + (1 - z) * candidate
}

/// One Elman step, h_t = φ(U x_t + W h_{t-1} + b).
func referenceElmanStep(_ cell: ElmanCell, _ x: Tensor, _ h: Tensor) -> Tensor {
    let s = referenceLayerNorm(referencePreActivation(cell, block: 0, x, h), cell, first: 0, blocks: 1)
    return cell.activation == .tanh ? s.tanh() : s.relu()
}

/// A one-layer recurrent layer's outputs against `reference` stepped over the sequence from zeros.
func expectMatchesReference(
    _ layer: any RecurrentLayer, _ input: Tensor, sourceLocation: SourceLocation = #_sourceLocation,
    _ reference: (_ x: Tensor, _ hidden: Tensor, _ cell: Tensor) -> (hidden: Tensor, cell: Tensor)
) {
    let (output, state) = layer.run(input, initialState: nil, lengths: nil)
    var h = Tensor.zeros([input.shape[0], layer.hiddenSize], dtype: input.dtype), c = h
    var outputs: [Tensor] = []
    for x in input.unstacked(alongAxis: 1) {
        (h, c) = reference(x, h, c)
        outputs.append(h)
    }
    let expected = Tensor.stack(outputs, alongAxis: 1)
    expectValues(output, expected.scalars(as: Double.self), shape: expected.shape, tolerance: 1e-10, sourceLocation: sourceLocation)
    expectValues(state.hidden[0], h.scalars(as: Double.self), shape: h.shape, tolerance: 1e-10, sourceLocation: sourceLocation)
    if !state.cell.isEmpty {
        expectValues(state.cell[0], c.scalars(as: Double.self), shape: c.shape, tolerance: 1e-10, sourceLocation: sourceLocation)
    }
}

/// Float64 gradient checks through a recurrent layer: the input (finite differences of the whole
/// layer) and every parameter, with a random readout so every output counts.
func expectRecurrentGradients(
    _ layer: any Layer, _ input: Tensor, sourceLocation: SourceLocation = #_sourceLocation, _ run: @escaping (Tensor) -> Tensor
) throws {
    let probe = withoutGradients { run(input) }
    let weights = uniform(probe.shape, seed: 99)
    try expectGradients(at: [input], sourceLocation: sourceLocation) { run($0[0]) }
    try expectParameterGradients(of: layer.parameters(), sourceLocation: sourceLocation) { (run(input) * weights).sum() }
}

/// Gives every parameter of `module` reproducible values from [-0.8, 0.8) (peepholes and layer-norm
/// gains start at constants that would hide mistakes).
func randomizeParameters(_ module: Module, seed: UInt64) {
    for (index, parameter) in module.parameters().enumerated() {
        let values = uniform(parameter.shape, -0.8, 0.8, seed: seed + UInt64(index))
        parameter.update { $0.assign(values) }
    }
}
