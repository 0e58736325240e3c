/// A model file that does not hold a `TransformationNetwork`: which file, and what is wrong.
public struct TransformationNetworkFileError: Error, CustomStringConvertible, Equatable {
    /// The path of the file.
    public let file: String
    /// What is wrong.
    public let problem: String
    /// "<file>: not a style transformation network: <problem>".
    public var description: String { "\(file): not a style transformation network: \(problem)" }
}
