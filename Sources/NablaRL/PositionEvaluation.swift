/// What the network f_ϑ says about a position (the notes' §5.4): prior probabilities p of the moves and
/// the value v, the expected result for the player to move in [-1, 1].
public struct PositionEvaluation: Sendable, Equatable {
    /// p(a) for every action, 0 for illegal ones; the legal ones add up to 1.
    public var priors: [Double]
    /// v, from the point of view of the player to move.
    public var value: Double

    /// An evaluation.
    public init(priors: [Double], value: Double) {
        self.priors = priors
        self.value = value
    }
}

/// Evaluates many positions at once, so that a network runs on batches.
public protocol PositionEvaluator {
    /// One evaluation per position, in order. None of the positions is over.
    func evaluate<G: Game>(_ positions: [G]) -> [PositionEvaluation]
}

/// Equal priors for the legal moves and the value 0: MCTS without a network, guided only by the exact
/// results of the games it plays to the end.
public struct UniformEvaluator: PositionEvaluator {
    /// The evaluator.
    public init() {}

    public func evaluate<G: Game>(_ positions: [G]) -> [PositionEvaluation] {
        positions.map { position in
            let legal = position.legalActions
            var priors = [Double](repeating: 0, count: G.actionCount)
            for action in legal { priors[action] = 1 / Double(legal.count) }
            return PositionEvaluation(priors: priors, value: 0)
        }
    }
}
