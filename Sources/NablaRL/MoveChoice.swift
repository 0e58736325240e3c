/// Draws a move from search probabilities π: in proportion to π, or (`greedy`) the most probable move,
/// ties broken at random.
enum MoveChoice {
    static func draw<R: RandomNumberGenerator>(from policy: [Double], greedy: Bool, using generator: inout R) -> Int {
        if greedy {
            let best = policy.max()!
            return policy.indices.filter { policy[$0] == best }.randomElement(using: &generator)!
        }
        var remaining = Double.random(in: 0..<1, using: &generator) * policy.reduce(0, +)
        for (action, probability) in policy.enumerated() where probability > 0 {
            if remaining < probability { return action }
            remaining -= probability
        }
        return policy.lastIndex { $0 > 0 }!
    }
}
