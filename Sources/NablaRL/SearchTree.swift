import Foundation

/// The tree of a Monte Carlo tree search guided by a policy/value network, as in AlphaGo Zero (the
/// notes' §5.4). Every edge (s, a) keeps the visit count N(s, a), the total value W(s, a), the mean
/// Q(s, a) = W/N and the prior P(s, a). A simulation
///
/// 1. descends from the root, choosing a = argmax_a Q(s, a) + U(s, a) with the PUCT bonus
///    U(s, a) = c_puct · P(s, a) · √(Σ_b N(s, b)) / (1 + N(s, a)),
/// 2. stops at a position not yet in the tree and asks the network for (p, v) there (a position whose
///    game is over is valued by its result instead),
/// 3. adds it with priors p and backs v up the path, the sign flipping at every move because the
///    players alternate: N(s, a) += 1, W(s, a) += value for the player to move in s.
///
/// The search is split into `selectLeaf()` and `expandLeaf(with:)` so that many trees can send their
/// leaves to the network as one batch (`BatchedSearch`).
public final class SearchTree<G: Game> {
    struct Node {
        let position: G
        var priors: [Double]
        var children: [Int?]
        var visits: [Int]
        var valueSums: [Double]
        var isExpanded = false
        var totalVisits = 0

        init(position: G) {
            self.position = position
            priors = Array(repeating: 0, count: G.actionCount)
            children = Array(repeating: nil, count: G.actionCount)
            visits = Array(repeating: 0, count: G.actionCount)
            valueSums = Array(repeating: 0, count: G.actionCount)
        }
    }

    /// c_puct, the weight of the prior against the values found.
    public let explorationConstant: Double
    private(set) var nodes: [Node]
    /// The edges from the root to the leaf waiting for its evaluation, and the leaf.
    private var pending: (path: [(node: Int, action: Int)], leaf: Int)?

    /// A tree holding only `root`.
    public init(root: G, explorationConstant: Double = 1.5) {
        precondition(!root.isOver, "SearchTree: the game is over; there is nothing to search")
        self.explorationConstant = explorationConstant
        nodes = [Node(position: root)]
    }

    /// The position searched from.
    public var root: G { nodes[0].position }

    /// N(root, a) for every action.
    public var rootVisits: [Int] { nodes[0].visits }

    /// Q(root, a) for every action (0 where unvisited), for the player to move at the root.
    public var rootValues: [Double] {
        zip(nodes[0].valueSums, nodes[0].visits).map { $1 == 0 ? 0 : $0 / Double($1) }
    }

    /// P(root, a) for every action, after any noise.
    public var rootPriors: [Double] { nodes[0].priors }

    /// Runs step 1 and 2 of a simulation: returns the position the network must evaluate, or `nil` when
    /// the simulation ended in a finished game (already backed up). The position's evaluation must be
    /// given to `expandLeaf(with:)` before the next call.
    public func selectLeaf() -> G? {
        precondition(pending == nil, "SearchTree: the last leaf has not been evaluated yet")
        var path: [(node: Int, action: Int)] = []
        var current = 0
        while true {
            if let result = nodes[current].position.outcomeForPlayerToMove {
                backUp(result, along: path)
                return nil
            }
            if !nodes[current].isExpanded {
                pending = (path, current)
                return nodes[current].position
            }
            let action = bestAction(at: current)
            path.append((current, action))
            if let child = nodes[current].children[action] {
                current = child
            } else {
                nodes.append(Node(position: nodes[current].position.playing(action)))
                nodes[current].children[action] = nodes.count - 1
                current = nodes.count - 1
            }
        }
    }

    /// Step 3: expands the leaf `selectLeaf()` returned with the network's priors (renormalised over the
    /// legal moves) and backs its value up.
    public func expandLeaf(with evaluation: PositionEvaluation) {
        guard let (path, leaf) = pending else { preconditionFailure("SearchTree: no leaf is waiting for an evaluation") }
        pending = nil
        let legal = nodes[leaf].position.legalActions
        let total = legal.reduce(0) { $0 + max(evaluation.priors[$1], 0) }
        for action in legal {
            nodes[leaf].priors[action] = total > 0 ? max(evaluation.priors[action], 0) / total : 1 / Double(legal.count)
        }
        nodes[leaf].isExpanded = true
        backUp(evaluation.value, along: path)
    }

    /// Mixes Dirichlet noise into the root's priors, P ← (1 - ε) P + ε η with η ~ Dir(α) over the legal
    /// moves, so that self-play tries moves the network does not yet favour. The root must be expanded.
    public func addNoise<R: RandomNumberGenerator>(alpha: Double, fraction: Double, using generator: inout R) {
        precondition(nodes[0].isExpanded, "SearchTree: expand the root before adding noise")
        let legal = root.legalActions
        let noise = Dirichlet.sample(alpha: alpha, count: legal.count, using: &generator)
        for (action, eta) in zip(legal, noise) {
            nodes[0].priors[action] = (1 - fraction) * nodes[0].priors[action] + fraction * eta
        }
    }

    /// The search's move probabilities π(a) ∝ N(root, a)^(1/τ); for τ = 0 all weight goes to the most
    /// visited moves (shared equally among ties). Before any move was visited (a search of one
    /// simulation only expands the root), the root's priors take the visits' place.
    public func policy(temperature: Double) -> [Double] {
        let visits = nodes[0].totalVisits > 0 ? rootVisits.map(Double.init) : rootPriors
        if temperature == 0 {
            let most = visits.max() ?? 0
            let ties = visits.filter { $0 == most }.count
            return visits.map { $0 == most && most > 0 ? 1 / Double(ties) : 0 }
        }
        let weighted = visits.map { $0 == 0 ? 0 : pow($0 / (visits.max() ?? 1), 1 / temperature) }
        let total = weighted.reduce(0, +)
        return total > 0 ? weighted.map { $0 / total } : visits
    }

    /// argmax_a Q(s, a) + U(s, a) over the legal moves (the first of ties).
    private func bestAction(at index: Int) -> Int {
        let node = nodes[index]
        let scale = explorationConstant * Double(max(node.totalVisits, 1)).squareRoot()
        var best = -Double.infinity, choice = -1
        for action in node.position.legalActions {
            let n = node.visits[action]
            let q = n == 0 ? 0 : node.valueSums[action] / Double(n)
            let score = q + scale * node.priors[action] / Double(1 + n)
            if score > best { (best, choice) = (score, action) }
        }
        return choice
    }

    /// Adds `value` (for the player to move at the end of `path`) to every edge of the path, negated once
    /// per move.
    private func backUp(_ value: Double, along path: [(node: Int, action: Int)]) {
        var value = value
        for (node, action) in path.reversed() {
            value = -value   // the value for the player who chose `action`
            nodes[node].visits[action] += 1
            nodes[node].valueSums[action] += value
            nodes[node].totalVisits += 1
        }
    }
}
