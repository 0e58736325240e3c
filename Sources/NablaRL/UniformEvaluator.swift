/// Equal priors for the legal moves and the value 0: MCTS without a network, guided only by the exact
/// results of the games it plays to the end.
public struct UniformEvaluator: PositionEvaluator {
    /// The evaluator.
    public init() {}

    /// For each position, equal priors over its legal moves and the value 0.
    public func evaluate<G: Game>(_ positions: [G]) -> [PositionEvaluation] {
        positions.map { position in
            let legal = position.legalActions
            var priors = [Double](repeating: 0, count: G.actionCount)
            for action in legal { priors[action] = 1 / Double(legal.count) }
            return PositionEvaluation(priors: priors, value: 0)
        }
    }
}
