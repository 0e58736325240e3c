/// A deterministic policy π: S → A, the action to take in each state (`nil` in terminal states).
public struct Policy: Sendable, Equatable {
    /// `actions[s]`: the action index chosen in state s, `nil` where there is nothing to choose.
    public var actions: [Int?]

    /// A policy choosing `actions[s]` in state s.
    public init(actions: [Int?]) { self.actions = actions }

    /// The action chosen in `state`.
    public subscript(state: Int) -> Int? { actions[state] }

    /// The states in which this policy and `other` choose different actions.
    public func differences(from other: Policy) -> [Int] {
        actions.indices.filter { actions[$0] != other.actions[$0] }
    }
}
