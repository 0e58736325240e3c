/// Monte Carlo tree searches from many positions at once (parallel self-play games, or a match's
/// games): in each round every tree selects one leaf, the evaluator sees all the leaves as one batch,
/// and every tree expands its leaf. The network thus runs on batches, not on single positions.
///
/// ```swift
/// let trees = try BatchedSearch(simulations: 100).run(from: positions, evaluator: network, using: &generator)
/// let moves = trees.map { $0.policy(temperature: 0) }
/// ```
public struct BatchedSearch: Sendable {
    /// Simulations per tree (the root's expansion counts as the first).
    public var simulations: Int
    /// c_puct of the PUCT rule.
    public var explorationConstant: Double
    /// α of the Dirichlet noise at the roots.
    public var noiseAlpha: Double
    /// ε, the share of noise in the roots' priors (0: none, for play and evaluation).
    public var noiseFraction: Double

    /// A search with `simulations` simulations per position.
    public init(simulations: Int, explorationConstant: Double = 1.5, noiseAlpha: Double = 0.3, noiseFraction: Double = 0) {
        precondition(simulations > 0, "BatchedSearch: needs at least one simulation, not \(simulations)")
        self.simulations = simulations
        self.explorationConstant = explorationConstant
        self.noiseAlpha = noiseAlpha
        self.noiseFraction = noiseFraction
    }

    /// Searches from every position in `positions` (none may be over) and returns the trees, in order.
    public func run<G: Game, E: PositionEvaluator, R: RandomNumberGenerator>(
        from positions: [G], evaluator: E, using generator: inout R
    ) -> [SearchTree<G>] {
        let trees = positions.map { SearchTree(root: $0, explorationConstant: explorationConstant) }
        for round in 0..<simulations {
            var waiting: [SearchTree<G>] = [], leaves: [G] = []
            for tree in trees {
                if let leaf = tree.selectLeaf() {
                    waiting.append(tree)
                    leaves.append(leaf)
                }
            }
            if !leaves.isEmpty {
                for (tree, evaluation) in zip(waiting, evaluator.evaluate(leaves)) { tree.expandLeaf(with: evaluation) }
            }
            if round == 0, noiseFraction > 0 {
                for tree in trees { tree.addNoise(alpha: noiseAlpha, fraction: noiseFraction, using: &generator) }
            }
        }
        return trees
    }
}
