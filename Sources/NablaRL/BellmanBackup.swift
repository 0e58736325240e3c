/// The Bellman backup and the quantities built from it: the value of an action, the backed-up
/// utilities B(U), and the greedy policy of a utility vector.
extension MarkovDecisionProcess {
    /// Q(s, a) under the utilities U: R(s) + Σ_s' P(s'|s, a) (R(s, a, s') + γ U(s')).
    public func actionValue(of action: Int, in state: Int, utilities: [Double]) -> Double {
        var expected = 0.0
        for outcome in outcomes(of: action, in: state) {
            expected += outcome.probability * (outcome.reward + discount * utilities[outcome.nextState])
        }
        return rewards[state] + expected
    }

    /// The best action in `state` under U and its value; ties go to the lowest action index.
    /// `nil` in a terminal state.
    public func bestAction(in state: Int, utilities: [Double]) -> (action: Int, value: Double)? {
        var best: (action: Int, value: Double)?
        for action in actions(in: state) {
            let value = actionValue(of: action, in: state, utilities: utilities)
            if best == nil || value > best!.value + 1e-12 { best = (action, value) }
        }
        return best
    }

    /// One Bellman backup B(U): U'(s) = R(s) + max_a Σ_s' P(s'|s, a) (R(s, a, s') + γ U(s')) for every
    /// non-terminal state, U'(s) = R(s) for a terminal one.
    public func bellmanBackup(_ utilities: [Double]) -> [Double] {
        (0..<stateCount).map { state in bestAction(in: state, utilities: utilities)?.value ?? rewards[state] }
    }

    /// The policy that is greedy with respect to U: π(s) = argmax_a Σ_s' P(s'|s, a) (R(s, a, s') + γ U(s')).
    public func greedyPolicy(for utilities: [Double]) -> Policy {
        Policy(actions: (0..<stateCount).map { bestAction(in: $0, utilities: utilities)?.action })
    }

    /// The utilities U that are exactly R(s) in terminal states and 0 elsewhere: where iterations start.
    public var initialUtilities: [Double] {
        (0..<stateCount).map { isTerminal($0) ? rewards[$0] : 0 }
    }
}
