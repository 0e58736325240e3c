@testable import Nabla

/// A small per-example model for the Autobatch suites, written once over `AutobatchValue` so that the
/// same code runs eagerly on `Tensor` and batched on `LazyTensor`: an embedding, an LSTM over a sentence
/// of its own length, a tree of concatenations over its outputs, then a classifier with broadcasting,
/// shared tensors, slices, sums and activations.
struct AutobatchTestModel {
    static let vocabulary = 7, embeddingSize = 3, hiddenSize = 4, classes = 3

    var table: Tensor, inputWeight: Tensor, inputBias: Tensor, recurrentWeight: Tensor
    var mergeWeight: Tensor, scale: Tensor, outputWeight: Tensor, outputBias: Tensor

    /// Float64 parameters from `seed`, all requiring a gradient.
    init(seed: UInt64) {
        let (h, e) = (Self.hiddenSize, Self.embeddingSize)
        table = uniform([Self.vocabulary, e], seed: seed).requiringGrad()
        inputWeight = uniform([4 * h, e], seed: seed + 1).requiringGrad()
        inputBias = uniform([4 * h], seed: seed + 2).requiringGrad()
        recurrentWeight = uniform([4 * h, h], seed: seed + 3).requiringGrad()
        mergeWeight = uniform([h, 2 * h], seed: seed + 4).requiringGrad()
        scale = uniform([1], seed: seed + 5).requiringGrad()
        outputWeight = uniform([Self.classes, h], seed: seed + 6).requiringGrad()
        outputBias = uniform([Self.classes], seed: seed + 7).requiringGrad()
    }

    var parameters: [Tensor] { [table, inputWeight, inputBias, recurrentWeight, mergeWeight, scale, outputWeight, outputBias] }

    /// Random examples: sentences of 1...6 words with a class label, and a tree shape over their words.
    static func examples(count: Int, seed: UInt64) -> [(words: [Int], label: Int)] {
        var generator = RandomGenerator(seed: seed)
        return (0..<count).map { _ in
            let length = Int.random(in: 1...6, using: &generator)
            return ((0..<length).map { _ in Int.random(in: 0..<vocabulary, using: &generator) }, Int.random(in: 0..<classes, using: &generator))
        }
    }

    /// The loss of one example.
    func loss<Value: AutobatchValue>(words: [Int], label: Int, as _: Value.Type) throws -> Value {
        var hidden = Value.zeros([Self.hiddenSize], dtype: .float64), cell = Value.zeros([Self.hiddenSize], dtype: .float64)
        var outputs: [Value] = []
        for word in words {
            let projected = try Value.embedding(table, index: word).linear(weight: inputWeight, bias: inputBias)
            (hidden, cell) = try Value.lstmCell(projectedInput: projected, hidden: hidden, cell: cell, recurrentWeight: recurrentWeight)
            outputs.append(hidden)
        }
        // Outputs merged pairwise, as a binary tree whose shape follows the sentence's length.
        while outputs.count > 1 {
            let pairs = stride(from: 0, to: outputs.count - 1, by: 2).map { i in
                Value.concatenated([outputs[i], outputs[i + 1]]).linear(weight: mergeWeight, bias: nil).tanh()
            }
            outputs = pairs + (outputs.count % 2 == 1 ? [outputs[outputs.count - 1]] : [])
        }
        let summary = Value.concatenated([outputs[0], cell])
        let gated = (summary.sliced(0..<Self.hiddenSize) * summary.sliced(Self.hiddenSize..<2 * Self.hiddenSize).sigmoid()).relu()
        // A per-example scalar broadcast over the vector, and a shared one.
        let mixed = gated * gated.sum() * scale + hidden - cell
        let logits = mixed.linear(weight: outputWeight, bias: outputBias)
        return try logits.crossEntropy(label: label) + logits.tanh().sum()
    }
}
