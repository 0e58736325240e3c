/// The Swift types a tensor's elements can be read and written as: `Float`, `Double` (the
/// `TensorScalar`s) and `Int64`, each matching one `DType`.
public protocol TensorElement: Sendable {
    /// The `DType` that stores this type.
    static var dtype: DType { get }
}

extension Int64: TensorElement {
    /// `.int64`.
    public static var dtype: DType { .int64 }
}
