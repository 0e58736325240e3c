/// Policy evaluation: the utilities U^π of following a fixed policy π, exactly (by solving the notes'
/// linear system) or approximately (by k sweeps of the simplified Bellman update).
extension MarkovDecisionProcess {
    /// U^π exactly, from the |S|×|S| linear system U(s) = R(s) + Σ_s' P(s'|s, π(s)) (R(s, π(s), s') + γ U(s')),
    /// that is (I - γ P_π) U = R + r_π, solved by Gaussian elimination with partial pivoting.
    /// - Throws: `MarkovDecisionProcessError` when π chooses an action a state does not have, or when the
    ///   system is singular: with γ = 1, π never reaches a terminal state from the states it names.
    public func evaluate(_ policy: Policy) throws -> [Double] {
        try checkChoices(of: policy)
        var matrix = [[Double]](repeating: [Double](repeating: 0, count: stateCount), count: stateCount)
        var constants = rewards
        for state in 0..<stateCount {
            matrix[state][state] = 1
            guard let action = policy[state] else { continue }
            for outcome in outcomes(of: action, in: state) {
                matrix[state][outcome.nextState] -= discount * outcome.probability
                constants[state] += outcome.probability * outcome.reward
            }
        }
        do {
            return try LinearSystem.solve(matrix, constants)
        } catch LinearSystemError.singular {
            let trapped = statesNeverEnding(under: policy).map { stateNames[$0] }.joined(separator: ", ")
            throw MarkovDecisionProcessError(
                "the policy's utilities are undefined: with γ = \(discount) it never reaches a terminal state from \(trapped)")
        }
    }

    /// U^π approximately: `sweeps` rounds of U_{j+1}(s) = R(s) + Σ_s' P(s'|s, π(s)) (R(s, π(s), s') + γ U_j(s'))
    /// from `utilities` (modified policy iteration's evaluation step). Also returns the last sweep's largest change.
    public func evaluate(_ policy: Policy, sweeps: Int, from utilities: [Double]) throws -> (utilities: [Double], lastChange: Double) {
        try checkChoices(of: policy)
        var current = utilities, change = 0.0
        for _ in 0..<sweeps {
            let next = (0..<stateCount).map { state in
                policy[state].map { actionValue(of: $0, in: state, utilities: current) } ?? rewards[state]
            }
            change = zip(next, current).reduce(0) { max($0, abs($1.0 - $1.1)) }
            current = next
        }
        return (current, change)
    }

    /// A policy that ends episodes whenever that is possible: each state takes an action that may lead
    /// one step closer to a terminal state (closeness counted along transitions of positive probability).
    /// Under it every state reaches a terminal state with probability 1, so its utilities are finite
    /// even for γ = 1: a safe start for policy iteration.
    public func policyTowardTerminalStates() -> Policy {
        var distance = [Int?](repeating: nil, count: stateCount)
        var choice = [Int?](repeating: nil, count: stateCount)
        for state in terminalStates { distance[state] = 0 }
        var frontier = 0
        var changed = true
        while changed {
            changed = false
            for state in 0..<stateCount where distance[state] == nil {
                for action in actions(in: state)
                where outcomes(of: action, in: state).contains(where: { $0.probability > 0 && distance[$0.nextState] == frontier }) {
                    distance[state] = frontier + 1
                    choice[state] = action
                    break
                }
            }
            frontier += 1
            changed = distance.contains(frontier)
        }
        return Policy(actions: (0..<stateCount).map { choice[$0] ?? actions(in: $0).first })
    }

    /// The states from which `policy` never reaches a terminal state.
    func statesNeverEnding(under policy: Policy) -> [Int] {
        var ending = terminalStates
        var grew = true
        while grew {
            grew = false
            for state in 0..<stateCount where !ending.contains(state) {
                guard let action = policy[state] else { continue }
                if outcomes(of: action, in: state).contains(where: { $0.probability > 0 && ending.contains($0.nextState) }) {
                    ending.insert(state)
                    grew = true
                }
            }
        }
        return (0..<stateCount).filter { !ending.contains($0) }
    }

    /// Checks that `policy` has one entry per state and chooses an available action in every non-terminal state.
    private func checkChoices(of policy: Policy) throws {
        guard policy.actions.count == stateCount else {
            throw MarkovDecisionProcessError("the policy has \(policy.actions.count) entries but the process \(stateCount) states")
        }
        for state in 0..<stateCount where !isTerminal(state) {
            guard let action = policy[state], actions(in: state).contains(action) else {
                throw MarkovDecisionProcessError("the policy chooses no available action in state \(stateNames[state])")
            }
        }
    }
}
