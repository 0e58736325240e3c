import Foundation
import Nabla

/// The notes' smallest recurrent example: a network reads the letters of "hallo" one at a time as
/// one-hot vectors and learns to predict the next letter, h → a → l → l → o. The two l's need
/// different answers (l, then o), which only the hidden state, carrying what came before, can give.
///
///     h_t = tanh(W h_{t-1} + U x_t + b),   a_t = V h_t,   p_t = softmax(a_t)
///
/// Trained with full backpropagation through time over the four steps and Adam.
///
/// ```swift
/// let result = try HalloExample.run(cell: .rnn, seed: 1)
/// result.predicted   // "allo"
/// print(result)      // the probabilities of every step
/// ```
public enum HalloExample {
    /// The recurrent layer used: the notes' Elman RNN or an LSTM.
    public enum Cell: String, CaseIterable, Sendable { case rnn, lstm }

    /// The letters in the order the notes number them: h = (1, 0, 0, 0), a = (0, 1, 0, 0), l, o.
    public static let vocabulary = try! CharacterVocabulary(characters: ["h", "a", "l", "o"])
    /// The word to learn.
    public static let word = "hallo"

    /// The network: a recurrent layer of `hiddenSize` units over one-hot letters, and V to four scores.
    public final class Network: Module {
        /// The recurrent layer (RNN or LSTM).
        public let recurrent: any RecurrentLayer
        /// V: hidden state → one score per letter.
        public let output: Linear

        init(cell: Cell, hiddenSize: Int) {
            let letters = HalloExample.vocabulary.count
            recurrent = switch cell {
            case .rnn: RNN(inputSize: letters, hiddenSize: hiddenSize)
            case .lstm: LSTM(inputSize: letters, hiddenSize: hiddenSize)
            }
            output = Linear(hiddenSize, letters, weightInitializer: .glorotUniform)
            super.init()
        }

        /// One-hot letters `[1, T, 4]` → scores `[T, 4]`.
        public func callAsFunction(_ letters: Tensor) -> Tensor {
            recordCall(output(recurrent.run(letters, initialState: nil, lengths: nil).output[0]))
        }
    }

    /// What the trained network predicts at each step.
    public struct Result: CustomStringConvertible, Sendable {
        /// The cell used.
        public let cell: Cell
        /// The cross-entropy (nats per letter) before and after training.
        public let initialLoss: Double, finalLoss: Double
        /// Training steps taken.
        public let steps: Int
        /// softmax(a_t) over h, a, l, o for each input letter h, a, l, l.
        public let probabilities: [[Double]]
        /// The likeliest letter of each step, e.g. "allo".
        public var predicted: String { String(probabilities.map { HalloExample.vocabulary.characters[$0.firstIndex(of: $0.max()!)!] }) }

        public var description: String {
            let letters = HalloExample.vocabulary.characters
            var lines = ["\"hallo\" from one-hot letters with a \(cell == .rnn ? "tanh RNN" : "LSTM"): \(steps) Adam steps, cross-entropy \(String(format: "%.3f", initialLoss)) → \(String(format: "%.4f", finalLoss)) nats per letter", "",
                         "step  input  " + letters.map { "p(\($0))".padding(toLength: 8, withPad: " ", startingAt: 0) }.joined() + "predicted  target"]
            let inputs = Array(HalloExample.word.dropLast()), targets = Array(HalloExample.word.dropFirst())
            for (step, row) in probabilities.enumerated() {
                let best = Array(predicted)[step]
                lines.append(String(format: "%4d  ", step + 1) + "\"\(inputs[step])\"    " + row.map { String(format: "%-8.3f", $0) }.joined()
                             + "\"\(best)\"        \"\(targets[step])\"\(best == targets[step] ? "" : "  ✗")")
            }
            lines.append("\npredicted \"\(predicted)\" for the input \"hall\"")
            return lines.joined(separator: "\n")
        }
    }

    /// Trains a fresh network (weights from `seed`) for `steps` Adam steps at `learningRate` and reports
    /// its predictions.
    public static func run(cell: Cell = .rnn, hiddenSize: Int = 8, steps: Int = 200, learningRate: Double = 0.05, seed: UInt64 = 1) throws -> Result {
        let encoded = try vocabulary.encode(word)
        let inputs = try Tensor.oneHot(Array(encoded.dropLast()), classCount: vocabulary.count).unsqueezed(axis: 0)   // [1, 4, 4]
        let targets = Tensor(indices: Array(encoded.dropFirst()))                                                    // a, l, l, o
        let network = RandomGenerator.seeded(seed) { Network(cell: cell, hiddenSize: hiddenSize) }
        let optimizer = Adam(network.trainableParameters(), learningRate: learningRate)
        let initialLoss = try withoutGradients { try Tensor.crossEntropy(logits: network(inputs), labels: targets).item }
        for _ in 0..<steps {
            optimizer.zeroGrad()
            try Tensor.crossEntropy(logits: network(inputs), labels: targets).backward()   // BPTT through the four steps
            optimizer.step()
        }
        let finalLoss = try withoutGradients { try Tensor.crossEntropy(logits: network(inputs), labels: targets).item }
        let probabilities = withoutGradients { network(inputs).softmax(alongAxis: 1) }
        return Result(cell: cell, initialLoss: initialLoss, finalLoss: finalLoss, steps: steps,
                      probabilities: (0..<4).map { probabilities[$0].scalars(as: Double.self) })
    }
}
