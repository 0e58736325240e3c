import Nabla

/// A bidirectional LSTM tagger (the model of DyNet's autobatching paper): word vectors, an LSTM read
/// left to right and one read right to left, and at each word a linear layer on both states that scores
/// the tags; the loss of a sentence is the sum of its words' cross-entropies.
///
/// The loss is written once, for one sentence at a time (`loss(of:as:)`), and runs eagerly on `Tensor`
/// or batched across sentences on `LazyTensor` inside `Autobatch.run`; `paddedLoss(of:)` is the same
/// model batched by hand, with sentences padded to the longest and the padding masked out.
///
/// ```swift
/// let tagger = BiLSTMTagger(embeddingSize: 64, hiddenSize: 128)
/// let loss = try Autobatch.run { _ in
///     LazyTensor.total(try sentences.map { try tagger.loss(of: $0, as: LazyTensor.self) })
/// }
/// try loss.backward()
/// ```
public final class BiLSTMTagger: Module {
    /// Word vectors.
    public let embedding: Embedding
    /// The left-to-right LSTM's weights.
    public let forwardCell: LSTMCell
    /// The right-to-left LSTM's weights.
    public let backwardCell: LSTMCell
    /// Both states of a word → tag scores.
    public let output: Linear

    /// A tagger over `TaggingTask`'s words and tags.
    public init(embeddingSize: Int = 64, hiddenSize: Int = 128, dtype: DType = .float32) {
        embedding = Embedding(TaggingTask.vocabularySize, embeddingSize, dtype: dtype)
        forwardCell = LSTMCell(inputSize: embeddingSize, hiddenSize: hiddenSize, dtype: dtype)
        backwardCell = LSTMCell(inputSize: embeddingSize, hiddenSize: hiddenSize, dtype: dtype)
        output = Linear(2 * hiddenSize, TaggingTask.tagCount, dtype: dtype)
        super.init()
    }

    /// The summed cross-entropy of the tags of one sentence, computed word by word.
    public func loss<Value: AutobatchValue>(of sentence: TaggingTask.Sentence, as _: Value.Type) throws -> Value {
        let vectors = try sentence.words.map { try Value.embedding(embedding.weight, index: $0) }
        let forwardStates = try BiLSTMTagger.run(forwardCell, over: vectors)
        let backwardStates = try BiLSTMTagger.run(backwardCell, over: vectors.reversed()).reversed() as [Value]
        let losses = try sentence.tags.indices.map { i in
            try Value.concatenated([forwardStates[i], backwardStates[i]]).linear(weight: output.weight, bias: output.bias)
                .crossEntropy(label: sentence.tags[i])
        }
        return Value.total(losses)
    }

    /// The hidden states of `cell` over `vectors`, step by step from zero states.
    static func run<Value: AutobatchValue>(_ cell: LSTMCell, over vectors: [Value]) throws -> [Value] {
        var hidden = Value.zeros([cell.hiddenSize], dtype: cell.inputWeight.dtype), state = hidden
        return try vectors.map { vector in
            (hidden, state) = try Value.lstmCell(projectedInput: vector.linear(weight: cell.inputWeight, bias: cell.bias),
                                                 hidden: hidden, cell: state, recurrentWeight: cell.recurrentWeight)
            return hidden
        }
    }

    /// The summed loss of `sentences` batched by hand: padded to the longest sentence, both LSTMs run
    /// over the whole batch as one `Tensor.lstm` each with a mask, padded positions left out of the loss.
    /// Equals the sum of `loss(of:as:)` over the sentences up to rounding.
    public func paddedLoss(of sentences: [TaggingTask.Sentence]) throws -> Tensor {
        precondition(!sentences.isEmpty, "BiLSTMTagger.paddedLoss: needs at least one sentence")
        let count = sentences.count, steps = sentences.map(\.words.count).max() ?? 0
        let lengths = sentences.map(\.words.count)
        let dtype = embedding.weight.dtype
        // Positions into the padded [N, T] grid: word t of sentence n, and the same sentence reversed
        // within its length (padding stays where it is).
        let padded = sentences.flatMap { $0.words + Array(repeating: 0, count: steps - $0.words.count) }
        let reversedPositions = (0..<count).flatMap { n in
            (0..<steps).map { t in n * steps + (t < lengths[n] ? lengths[n] - 1 - t : t) }
        }
        let mask = Tensor.sequenceMask(lengths: lengths, steps: steps, dtype: dtype)
        let vectors = try embedding.weight.indexSelect(alongAxis: 0, indices: Tensor(indices: padded, shape: [count, steps]))
        let forwardStates = try BiLSTMTagger.run(forwardCell, over: vectors, mask: mask)
        let reversedVectors = try vectors.reshaped([count * steps, -1]).indexSelect(alongAxis: 0, indices: reversedPositions)
        let backwardReversed = try BiLSTMTagger.run(backwardCell, over: reversedVectors.reshaped([count, steps, -1]), mask: mask)
        let backwardStates = try backwardReversed.reshaped([count * steps, -1]).indexSelect(alongAxis: 0, indices: reversedPositions)
        let states = Tensor.concatenate([forwardStates.reshaped([count * steps, -1]), backwardStates], alongAxis: 1)
        let logits = output(states)
        let tags = sentences.flatMap { $0.tags + Array(repeating: 0, count: steps - $0.tags.count) }
        let losses = try Tensor.crossEntropy(logits: logits, labels: Tensor(indices: tags), reduction: .none)
        return (losses * mask.reshaped([-1])).sum()
    }

    /// The outputs of `cell` over a padded batch `[N, T, E]` with `mask` `[N, T]`.
    static func run(_ cell: LSTMCell, over vectors: Tensor, mask: Tensor) throws -> Tensor {
        let zeros = Tensor.zeros([vectors.shape[0], cell.hiddenSize], dtype: vectors.dtype)
        let projected = vectors.matmul(cell.inputWeight, transposingOther: true) + cell.bias
        return try Tensor.lstm(projectedInput: projected, recurrentWeight: cell.recurrentWeight, initialHidden: zeros,
                               initialCell: zeros, mask: mask).outputs
    }

    /// The share of words in `sentences` whose likeliest tag is right (eager, sentence by sentence).
    public func accuracy(on sentences: [TaggingTask.Sentence]) throws -> Double {
        let (right, total) = try withoutGradients {
            try sentences.reduce((0, 0)) { counts, sentence in
                let vectors = try sentence.words.map { try Tensor.embedding(embedding.weight, index: $0) }
                let forwardStates = try BiLSTMTagger.run(forwardCell, over: vectors)
                let backwardStates = try BiLSTMTagger.run(backwardCell, over: vectors.reversed()).reversed() as [Tensor]
                let hits = sentence.tags.indices.filter { i in
                    Tensor.concatenated([forwardStates[i], backwardStates[i]]).linear(weight: output.weight, bias: output.bias).argmax() == sentence.tags[i]
                }
                return (counts.0 + hits.count, counts.1 + sentence.tags.count)
            }
        }
        return Double(right) / Double(Swift.max(total, 1))
    }
}
