/// A module that maps one tensor to one tensor: what `Sequential` chains, and what `fit`, `evaluate`,
/// `predict` and `summary(inputShape:)` run without further help.
///
/// Adopt it next to `Module` and implement `forward(_:)`; call the layer itself (`layer(x)`) to run it,
/// which also reports the call to a running `summary`.
///
/// ```swift
/// final class SkipConnection: Module, Layer {
///     let inner = Linear(64, 64)
///     func forward(_ input: Tensor) -> Tensor { input + inner(input).relu() }
/// }
/// ```
public protocol Layer: Module {
    /// The computation of this layer. Call the layer itself (`layer(x)`) rather than this method, so
    /// that `summary` sees the call.
    func forward(_ input: Tensor) -> Tensor
}

extension Layer {
    /// Runs `forward`, reporting the call to a running `summary`.
    public func callAsFunction(_ input: Tensor) -> Tensor {
        recordCall(forward(input))
    }
}
