/// Why AlphaZero training cannot run: a setting out of range.
public struct AlphaZeroError: Error, CustomStringConvertible, Equatable {
    /// What is wrong, naming the setting and its value.
    public let description: String

    /// An error with its message.
    public init(_ description: String) { self.description = description }
}
