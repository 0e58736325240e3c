// TBPTT(k1, k2): a sequence of T steps is trained in blocks of k1 steps,
// each block's gradient reaching back k2 steps.
import Foundation
import Nabla

let truncation = TruncatedBPTT(forwardSteps: 5, backwardSteps: 10)
let blocks = truncation.blocks(steps: 20)
let ranges = blocks.map { "\($0.lowerBound)..<\($0.upperBound)" }
print("blocks of T = 20:", ranges)

// A stateful Elman RNN learns to predict the next value of 8 sine
// waves of 20 steps by TBPTT(5, 10): four optimiser steps per batch,
// the hidden state carried from block to block.
let phases = (0..<8).map { Double($0) * 0.7 }
let waves = phases.map { phase in
    (0...20).map { sin(phase + 0.4 * Double($0)) }
}
let shape = [8, 20, 1]
let inputs = Tensor(waves.flatMap { $0.dropLast() }, shape: shape)
let targets = Tensor(waves.flatMap { $0.dropFirst() }, shape: shape)

let model = Sequential {
    RNN(inputSize: 1, hiddenSize: 16, stateful: true)
    Linear(16, 1)
}
let optimizer = Adam(model.trainableParameters(), learningRate: 0.01)
let history = try model.fit(
    inputs, targets, epochs: 100, batchSize: 8, optimizer: optimizer,
    loss: .meanSquaredError, shuffle: false, seed: 1, verbose: false,
    truncatedBPTT: (k1: 5, k2: 10))
let losses = history["loss"]
print("mean squared error, epochs 1, 10, 100:")
print(losses[0], losses[9], losses[99])
