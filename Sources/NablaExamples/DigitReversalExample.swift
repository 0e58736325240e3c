import Foundation
import Nabla

/// The notes' encoder-decoder structure on a task small enough to train in a minute: reverse a string
/// of up to 8 digits. The encoder LSTM reads the digits; its final state (h and c) is the decoder
/// LSTM's initial state, so everything the decoder knows of the input passes through that one vector.
/// The decoder is trained with teacher forcing (it reads the start token, then the true previous output
/// digit) and at test time decodes greedily (it reads its own likeliest previous output) until it
/// emits the end token.
///
/// ```swift
/// let result = try DigitReversalExample.run(steps: 3000, seed: 1)
/// print(result.exactMatch)   // the share of held-out strings reversed without a single wrong digit
/// ```
public enum DigitReversalExample {
    /// The encoder and decoder.
    public final class Network: Module {
        /// Digit vectors of the encoder's input.
        public let sourceEmbedding: Embedding
        /// Reads the digits.
        public let encoder: LSTM
        /// Token vectors of the decoder's input (digits and the start token).
        public let targetEmbedding: Embedding
        /// Writes the reversed digits, starting from the encoder's final state.
        public let decoder: LSTM
        /// Decoder state → scores of the 12 tokens.
        public let output: Linear

        /// A network with `embeddingSize`-long token vectors and LSTMs of `hiddenSize` units.
        public init(embeddingSize: Int = 32, hiddenSize: Int = 128) {
            let tokens = DigitReversalTask.vocabularySize
            sourceEmbedding = Embedding(tokens, embeddingSize)
            encoder = LSTM(inputSize: embeddingSize, hiddenSize: hiddenSize)
            targetEmbedding = Embedding(tokens, embeddingSize)
            decoder = LSTM(inputSize: embeddingSize, hiddenSize: hiddenSize)
            output = Linear(hiddenSize, tokens, weightInitializer: .glorotUniform)
            super.init()
        }

        /// The encoder's final state for each string (that of its last digit).
        public func encode(_ batch: DigitReversalBatch) -> RecurrentState {
            encoder.run(sourceEmbedding(batch.encoderInputs), initialState: nil, lengths: batch.lengths).state
        }

        /// Teacher forcing: the decoder's scores `[N, L + 1, 12]` when it reads the true previous tokens.
        public func teacherForcedLogits(_ batch: DigitReversalBatch) -> Tensor {
            let (hidden, _) = decoder.run(targetEmbedding(batch.decoderInputs), initialState: encode(batch), lengths: nil)
            return recordCall(output(hidden))
        }

        /// The mean cross-entropy over the real target tokens (the padding masked out).
        public func loss(_ batch: DigitReversalBatch) throws -> Tensor {
            let perToken = try Tensor.crossEntropy(logits: teacherForcedLogits(batch).reshaped([-1, DigitReversalTask.vocabularySize]),
                                                   labels: batch.decoderTargets.reshaped([-1]), reduction: .none)
            let mask = batch.targetMask.reshaped([-1])
            return (perToken * mask).sum() / mask.sum().item
        }

        /// Greedy decoding: from the encoder's state, the decoder reads the start token and then its own
        /// likeliest output, for at most `maximumSteps` steps; each string's output ends before its first
        /// end token (or after `maximumSteps` tokens).
        public func decode(_ batch: DigitReversalBatch, maximumSteps: Int) -> [[Int]] {
            withoutGradients {
                var state = encode(batch)
                return GreedyDecoding.decode(count: batch.lengths.count, startToken: DigitReversalTask.startToken,
                                             endToken: DigitReversalTask.endToken, maximumLength: maximumSteps) { tokens in
                    let (hidden, next) = decoder.step(targetEmbedding(Tensor(indices: tokens)), state: state)
                    state = next
                    return output(hidden)
                }
            }
        }
    }

    /// A trained network and its held-out accuracy.
    public struct Result: CustomStringConvertible {
        /// The trained network.
        public let network: Network
        /// Training steps (minibatches) taken.
        public let steps: Int
        /// The share of held-out strings decoded exactly (every digit and the end), in [0, 1].
        public let exactMatch: Double
        /// The share of held-out digits right at their position.
        public let digitAccuracy: Double
        /// Held-out strings, their decoded outputs.
        public let examples: [(input: [Int], output: [Int])]
        /// Exact match on held-out strings measured during training: (step, share).
        public let progress: [(step: Int, exactMatch: Double)]

        public var description: String {
            var lines = [String(format: "after %d steps: exact match %.2f%% of %d held-out strings, %.2f%% of their digits in place",
                                steps, exactMatch * 100, examples.count, digitAccuracy * 100)]
            lines.append("\ninput      → output")
            for (input, output) in examples.prefix(8) {
                let mark = output == DigitReversalTask.target(of: input) ? "" : "  ✗ (expected \(DigitReversalTask.target(of: input).map(String.init).joined()))"
                lines.append(input.map(String.init).joined().padding(toLength: 10, withPad: " ", startingAt: 0) + " → " + output.map(String.init).joined() + mark)
            }
            return lines.joined(separator: "\n")
        }
    }

    /// Trains a network for `steps` minibatches of `batchSize` fresh random strings (none of them among
    /// the `heldOutCount` held-out strings), with Adam, its learning rate falling along a cosine from
    /// `learningRate` to a tenth of it, and gradient clipping by norm, reporting the held-out exact match
    /// every `reportEvery` steps.
    public static func run(maximumLength: Int = 8, steps: Int = 3000, batchSize: Int = 64, learningRate: Double = 3e-3,
                           hiddenSize: Int = 128, heldOutCount: Int = 1000, reportEvery: Int = 500, seed: UInt64 = 1,
                           report: ((Int, Double) -> Void)? = nil) throws -> Result {
        guard steps > 0 && batchSize > 0 && heldOutCount > 0 && reportEvery > 0 else { fatalError("DigitReversalExample: counts must be positive") }
        let task = DigitReversalTask(maximumLength: maximumLength)
        let heldOut = task.randomStrings(count: heldOutCount, seed: seed &+ 1_000_003)
        let heldOutSet = Set(heldOut)
        let heldOutBatch = task.batch(heldOut)
        let network = RandomGenerator.seeded(seed) { Network(hiddenSize: hiddenSize) }
        let optimizer = Adam(network.trainableParameters(), learningRate: learningRate)
        var progress: [(step: Int, exactMatch: Double)] = []
        func evaluate() -> (exact: Double, digits: Double, outputs: [[Int]]) {
            network.eval()
            defer { network.train() }
            let outputs = network.decode(heldOutBatch, maximumSteps: maximumLength + 1)
            let exact = zip(heldOut, outputs).filter { DigitReversalTask.target(of: $0) == $1 }.count
            let digits = zip(heldOut, outputs).reduce(0) { total, pair in
                total + zip(DigitReversalTask.target(of: pair.0), pair.1).filter { $0 == $1 }.count
            }
            return (Double(exact) / Double(heldOut.count), Double(digits) / Double(heldOut.reduce(0) { $0 + $1.count }), outputs)
        }
        for step in 1...steps {
            let strings = task.randomStrings(count: batchSize * 2, seed: seed &* 7_919 &+ UInt64(step))
                .filter { !heldOutSet.contains($0) }.prefix(batchSize)
            optimizer.learningRate = learningRate * (0.55 + 0.45 * cos(Double.pi * Double(step - 1) / Double(steps)))
            optimizer.zeroGrad()
            try network.loss(task.batch(Array(strings))).backward()
            GradientClipping.clipNorm(optimizer.parameters, maxNorm: 1)
            optimizer.step()
            if step % reportEvery == 0 || step == steps {
                let exact = evaluate().exact
                progress.append((step, exact))
                report?(step, exact)
            }
        }
        let final = evaluate()
        return Result(network: network, steps: steps, exactMatch: final.exact, digitAccuracy: final.digits,
                      examples: Array(zip(heldOut, final.outputs)), progress: progress)
    }
}
