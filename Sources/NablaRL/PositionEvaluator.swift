/// Evaluates many positions at once, so that a network runs on batches.
public protocol PositionEvaluator {
    /// One evaluation per position, in order. None of the positions is over.
    func evaluate<G: Game>(_ positions: [G]) -> [PositionEvaluation]
}
