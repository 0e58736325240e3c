/// A finite Markov decision process (the notes' §5.1): states, the actions available in each state,
/// transition probabilities P(s'|s, a), rewards, a discount γ and terminal states.
///
/// States and actions are indices (`0..<stateCount`, `0..<actionNames.count`) with names for printing.
/// The utility of a state follows the notes' Bellman equation, extended by an optional transition reward:
///
///     U(s) = R(s) + max_a Σ_s' P(s'|s, a) (R(s, a, s') + γ U(s'))     for a non-terminal s
///     U(s) = R(s)                                                     for a terminal s
///
/// Terminal states have no actions; every other state has at least one.
public struct MarkovDecisionProcess: Sendable {
    /// A name for every state, used when printing (`"(1,1)"` in the grid world).
    public let stateNames: [String]
    /// A name for every action (`"↑"`, `"→"`, …); an action index means the same move in every state.
    public let actionNames: [String]
    /// R(s), the reward collected in each state.
    public let rewards: [Double]
    /// The discount γ, in (0, 1].
    public let discount: Double
    /// The states where an episode ends.
    public let terminalStates: Set<Int>
    /// The state episodes start from (used by Q-learning).
    public let startState: Int
    /// `outcomes[s][a]`: what action a does in state s, or `nil` when a is not available there.
    private let outcomes: [[[Outcome]?]]

    /// The number of states.
    public var stateCount: Int { stateNames.count }

    /// Builds and checks a process.
    ///
    /// - Parameters:
    ///   - stateNames: one name per state.
    ///   - actionNames: one name per action.
    ///   - rewards: R(s) for every state.
    ///   - discount: γ in (0, 1].
    ///   - terminalStates: states without actions where episodes end.
    ///   - startState: where episodes start.
    ///   - transitions: for each non-terminal state, the available actions and their outcomes.
    /// - Throws: `MarkovDecisionProcessError` naming the state and action whose probabilities are not a
    ///   distribution, a state index out of range, a non-terminal state without actions, or a bad γ.
    public init(stateNames: [String], actionNames: [String], rewards: [Double], discount: Double,
                terminalStates: Set<Int>, startState: Int, transitions: [Int: [Int: [Outcome]]]) throws {
        let count = stateNames.count
        guard count > 0 else { throw MarkovDecisionProcessError("a Markov decision process needs at least one state") }
        guard rewards.count == count else {
            throw MarkovDecisionProcessError("there are \(count) states but \(rewards.count) rewards")
        }
        guard discount > 0, discount <= 1 else {
            throw MarkovDecisionProcessError("the discount γ must be in (0, 1], not \(discount)")
        }
        guard (0..<count).contains(startState) else {
            throw MarkovDecisionProcessError("the start state \(startState) is not one of the \(count) states")
        }
        if let outside = terminalStates.first(where: { !(0..<count).contains($0) }) {
            throw MarkovDecisionProcessError("the terminal state \(outside) is not one of the \(count) states")
        }
        var table = [[[Outcome]?]](repeating: Array(repeating: nil, count: actionNames.count), count: count)
        for (state, actions) in transitions {
            guard (0..<count).contains(state) else {
                throw MarkovDecisionProcessError("transitions are given for state \(state), which is not one of the \(count) states")
            }
            let name = stateNames[state]
            guard !terminalStates.contains(state) || actions.isEmpty else {
                throw MarkovDecisionProcessError("state \(name) is terminal but has actions")
            }
            for (action, actionOutcomes) in actions {
                guard actionNames.indices.contains(action) else {
                    throw MarkovDecisionProcessError("state \(name) uses action \(action), but there are only \(actionNames.count) actions")
                }
                let label = "action \(actionNames[action]) in state \(name)"
                for outcome in actionOutcomes {
                    guard (0..<count).contains(outcome.nextState) else {
                        throw MarkovDecisionProcessError("\(label) leads to state \(outcome.nextState), which is not one of the \(count) states")
                    }
                    guard outcome.probability >= 0, outcome.probability <= 1 else {
                        throw MarkovDecisionProcessError("\(label) has the probability \(outcome.probability), outside [0, 1]")
                    }
                }
                let total = actionOutcomes.reduce(0) { $0 + $1.probability }
                guard abs(total - 1) <= 1e-9 else {
                    throw MarkovDecisionProcessError("the probabilities of \(label) add up to \(total), not 1")
                }
                table[state][action] = actionOutcomes
            }
        }
        for state in 0..<count where !terminalStates.contains(state) && table[state].allSatisfy({ $0 == nil }) {
            throw MarkovDecisionProcessError("state \(stateNames[state]) is not terminal but has no actions")
        }
        self.stateNames = stateNames
        self.actionNames = actionNames
        self.rewards = rewards
        self.discount = discount
        self.terminalStates = terminalStates
        self.startState = startState
        self.outcomes = table
    }

    /// Whether episodes end in `state`.
    public func isTerminal(_ state: Int) -> Bool { terminalStates.contains(state) }

    /// The actions available in `state`, in index order (none in a terminal state).
    public func actions(in state: Int) -> [Int] {
        outcomes[state].indices.filter { outcomes[state][$0] != nil }
    }

    /// The outcomes of taking `action` in `state`, or none when the action is not available there.
    public func outcomes(of action: Int, in state: Int) -> [Outcome] {
        outcomes[state][action] ?? []
    }

    /// Draws the outcome of taking `action` in `state` according to P(s'|s, a).
    public func sampleOutcome<Generator: RandomNumberGenerator>(of action: Int, in state: Int,
                                                                using generator: inout Generator) -> Outcome {
        let possible = outcomes(of: action, in: state)
        precondition(!possible.isEmpty, "action \(actionNames[action]) is not available in state \(stateNames[state])")
        var draw = Double.random(in: 0..<1, using: &generator)
        for outcome in possible {
            if draw < outcome.probability { return outcome }
            draw -= outcome.probability
        }
        return possible.last { $0.probability > 0 } ?? possible[possible.count - 1]
    }
}
