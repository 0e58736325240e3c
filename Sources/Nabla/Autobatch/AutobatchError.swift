/// What went wrong while an `Autobatch` scope ran its nodes.
public enum AutobatchError: Error, CustomStringConvertible, Equatable {
    /// An unbatched computation (`LazyTensor.applying`) returned a tensor of another shape or element type
    /// than it declared when recorded.
    case unexpectedResult(operation: String, expectedShape: [Int], expectedType: DType, shape: [Int], dtype: DType)

    /// The error as a sentence naming the computation and both shapes.
    public var description: String {
        switch self {
        case .unexpectedResult(let operation, let expectedShape, let expectedType, let shape, let dtype):
            return "Autobatch: \(operation) returned a \(dtype) tensor of shape \(shape), but was recorded as \(expectedType) of shape \(expectedShape)"
        }
    }
}
