/// Matches between a network searching with MCTS and a fixed opponent. All games run side by side, so
/// the network's searches are batched across the games (`BatchedSearch`).
public enum Match {
    /// Plays `games` games of `G` (the network moves first in the even-numbered games and second in the
    /// others), the network taking the most visited move of a `search` from each position, and returns
    /// the network's record.
    public static func play<G: Game, E: PositionEvaluator, P: GamePlayer>(
        _: G.Type, network: E, search: BatchedSearch, against opponent: inout P, games: Int, seed: UInt64
    ) -> MatchResult where P.G == G {
        var generator = SplitMix64(seed: seed)
        var positions = [G](repeating: G(), count: games)
        let networkSide = (0..<games).map { $0 % 2 }
        var result = MatchResult()
        while true {
            let running = positions.indices.filter { !positions[$0].isOver }
            if running.isEmpty { break }
            let networkTurns = running.filter { positions[$0].player == networkSide[$0] }
            let trees = search.run(from: networkTurns.map { positions[$0] }, evaluator: network, using: &generator)
            for (game, tree) in zip(networkTurns, trees) {
                positions[game] = positions[game].playing(MoveChoice.draw(from: tree.policy(temperature: 0), greedy: true, using: &generator))
            }
            for game in running where positions[game].player != networkSide[game] && !positions[game].isOver
                && !networkTurns.contains(game) {
                positions[game] = positions[game].playing(opponent.chooseMove(in: positions[game]))
            }
        }
        for (game, position) in positions.enumerated() {
            switch position.winner {
            case nil: result.draws += 1
            case networkSide[game]: result.wins += 1
            default:
                result.losses += 1
                if networkSide[game] == 0 { result.lossesMovingFirst += 1 }
            }
        }
        return result
    }
}
