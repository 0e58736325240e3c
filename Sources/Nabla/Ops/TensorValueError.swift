/// A tensor's values do not fit what an operation needs: an index or a class label out of range, an
/// index that is not a whole number, a probability outside [0, 1] or NaN.
///
/// Such errors depend on the data rather than on the program, so operations that read indices, labels
/// or probabilities throw them instead of stopping the process: `fit` ends cleanly with the last
/// checkpoint intact, and the message names the operation and the offending value.
public struct TensorValueError: Error, CustomStringConvertible, Equatable {
    /// The operation that found the value ("crossEntropy labels", "indexSelect").
    public let operation: String
    /// What is wrong, with the value and the range it should be in.
    public let message: String

    /// The message, naming what is wrong.
    public var description: String { "\(operation): \(message)" }
}
