/// A finite Markov decision process that cannot be built or solved, with the reason in words.
public struct MarkovDecisionProcessError: Error, CustomStringConvertible, Equatable {
    /// What is wrong, naming the state, action or setting at fault.
    public let description: String

    /// An error with the given explanation.
    public init(_ description: String) { self.description = description }
}
