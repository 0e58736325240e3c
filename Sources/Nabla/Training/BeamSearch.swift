/// Beam search: decoding a sequence model by keeping the `width` likeliest partial sequences at each
/// step instead of only the likeliest token (greedy decoding).
///
/// The model is a closure, `step(parents, tokens)`, that returns for each row the log-probabilities of
/// the next token. Row i of a call continues row `parents[i]` of the previous call by reading
/// `tokens[i]`; the caller keeps the model's state per row (for a recurrent decoder: select the state
/// rows `parents`, then run one step on `tokens`). The first call has one row: parent 0 and the start token.
///
/// Each step expands every live hypothesis by every token and keeps the best expansions by their
/// summed log-probability. An expansion that writes the end token is finished and takes its place in
/// the beam for good: the number of live hypotheses is `width` minus the finished ones, so the beam
/// shrinks as hypotheses end and the search stops when none is left, or after `maximumLength` tokens
/// (the live ones are then returned unfinished). Ties go to the earlier row, then to the lower token.
/// With width 1 this is greedy decoding.
///
/// The finished hypotheses are ranked by their log-probability, or, `lengthNormalized`, by their
/// log-probability divided by their length (the end token counted), which keeps the ranking from
/// favouring short sequences just because they multiply fewer probabilities below 1. Expansions
/// within a step all have the same length, so normalisation changes only this final ranking.
///
/// ```swift
/// let search = BeamSearch(width: 3, maximumLength: 20)
/// let best = try search.decode(startToken: 0, endToken: 1) { parents, tokens in
///     state = state.selectingRows(parents)          // the caller's own bookkeeping
///     return model.logProbabilities(after: tokens, state: &state)
/// }[0]
/// print(best.tokens, best.logProbability)
/// ```
public struct BeamSearch: Sendable {
    /// A decoded sequence.
    public struct Hypothesis: Equatable, Sendable {
        /// The tokens written, without the start token and without the end token.
        public let tokens: [Int]
        /// The sum of the tokens' log-probabilities (the end token's included).
        public let logProbability: Double
        /// Whether the sequence ended with the end token (else it was cut at `maximumLength`).
        public let isFinished: Bool

        /// The number of tokens the model wrote: `tokens` and, if finished, the end token.
        public var length: Int { tokens.count + (isFinished ? 1 : 0) }
    }

    /// How many hypotheses the beam holds.
    public let width: Int
    /// The most tokens written (the end token included).
    public let maximumLength: Int
    /// Whether finished hypotheses are ranked by log-probability per token.
    public let lengthNormalized: Bool

    /// A search keeping `width` hypotheses (1 for greedy decoding), writing at most `maximumLength`
    /// tokens. Stops with a message unless both are positive.
    public init(width: Int, maximumLength: Int, lengthNormalized: Bool = false) {
        require(width > 0 && maximumLength > 0, "BeamSearch: width (\(width)) and maximum length (\(maximumLength)) must be positive")
        self.width = width
        self.maximumLength = maximumLength
        self.lengthNormalized = lengthNormalized
    }

    /// The score hypotheses are ranked by: the log-probability, per token if `lengthNormalized`.
    public func score(_ hypothesis: Hypothesis) -> Double {
        lengthNormalized ? hypothesis.logProbability / Double(Swift.max(hypothesis.length, 1)) : hypothesis.logProbability
    }

    /// The hypotheses found (finished ones and, if cut at `maximumLength`, live ones), best first by
    /// `score`. `step` must return one row of log-probabilities per row it is given, all of one length;
    /// errors it throws are passed on.
    public func decode(startToken: Int, endToken: Int, step: (_ parents: [Int], _ tokens: [Int]) throws -> [[Double]]) rethrows -> [Hypothesis] {
        var live = [Hypothesis(tokens: [], logProbability: 0, isFinished: false)]
        var parents = [0], inputs = [startToken]
        var done: [Hypothesis] = []
        for _ in 0..<maximumLength where !live.isEmpty {
            let rows = try step(parents, inputs)
            require(rows.count == live.count && rows.allSatisfy { $0.count == rows[0].count && !$0.isEmpty },
                    "BeamSearch: step returned \(rows.count) rows of log-probabilities for \(live.count) hypotheses, or rows of unequal length")
            var expansions: [(row: Int, token: Int, logProbability: Double)] = []
            for (row, logProbabilities) in rows.enumerated() {
                for (token, logProbability) in logProbabilities.enumerated() {
                    expansions.append((row, token, live[row].logProbability + logProbability))
                }
            }
            expansions.sort { ($0.logProbability, -$0.row, -$0.token) > ($1.logProbability, -$1.row, -$1.token) }
            var nextLive: [Hypothesis] = []
            parents = []
            inputs = []
            for expansion in expansions.prefix(width - done.count) {
                let tokens = live[expansion.row].tokens
                if expansion.token == endToken {
                    done.append(Hypothesis(tokens: tokens, logProbability: expansion.logProbability, isFinished: true))
                } else {
                    nextLive.append(Hypothesis(tokens: tokens + [expansion.token], logProbability: expansion.logProbability, isFinished: false))
                    parents.append(expansion.row)
                    inputs.append(expansion.token)
                }
            }
            live = nextLive
        }
        // Stable: among equal scores, the hypothesis that finished first stays first.
        return (done + live).enumerated().sorted { (score($0.element), -$0.offset) > (score($1.element), -$1.offset) }.map(\.element)
    }
}
