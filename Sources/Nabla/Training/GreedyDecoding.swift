/// Greedy decoding of a batch of sequences: every sequence's decoder reads the start token, then its
/// own likeliest previous token, until it writes the end token or `maximumLength` tokens. (Beam
/// search, `BeamSearch`, keeps several hypotheses instead of one; with width 1 it gives these tokens.)
///
/// The model is a closure, `step(tokens)`, that reads one token per sequence and returns the scores of
/// the next ones `[N, V]`; the caller keeps the model's state between calls. Every call gets all N
/// sequences, also those already ended (their tokens are then ignored).
///
/// ```swift
/// var state = encoder.finalState(batch)
/// let outputs = GreedyDecoding.decode(count: batchSize, startToken: 10, endToken: 11, maximumLength: 9) { tokens in
///     let (hidden, next) = decoder.step(embedding(Tensor(indices: tokens)), state: state)
///     state = next
///     return output(hidden)
/// }
/// ```
public enum GreedyDecoding {
    /// The tokens written by each of `count` sequences, without the start and the end token.
    public static func decode(count: Int, startToken: Int, endToken: Int, maximumLength: Int, step: ([Int]) throws -> Tensor) rethrows -> [[Int]] {
        require(count > 0 && maximumLength > 0, "GreedyDecoding: count (\(count)) and maximum length (\(maximumLength)) must be positive")
        var tokens = Array(repeating: startToken, count: count)
        var outputs = Array(repeating: [Int](), count: count), finished = Array(repeating: false, count: count)
        for _ in 0..<maximumLength where finished.contains(false) {
            let scores = try step(tokens)
            require(scores.shape.count == 2 && scores.shape[0] == count, "GreedyDecoding: step must return scores [\(count), V], got \(scores.shape)")
            tokens = scores.argmax(alongAxis: 1).scalars(as: Int.self)
            for (row, token) in tokens.enumerated() where !finished[row] {
                if token == endToken { finished[row] = true } else { outputs[row].append(token) }
            }
        }
        return outputs
    }
}
