/// Why deep Q-learning cannot run: a setting out of range or an environment that does not fit.
public struct DeepQLearningError: Error, CustomStringConvertible, Equatable {
    /// What is wrong, naming the setting and its value.
    public let description: String

    /// An error with its message.
    public init(_ description: String) { self.description = description }
}
