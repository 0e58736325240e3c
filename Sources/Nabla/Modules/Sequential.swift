/// Layers applied one after another: the output of each is the input of the next.
///
/// ```swift
/// let model = Sequential {
///     Flatten()
///     Linear(784, 256)
///     ReLU()
///     Linear(256, 10)
/// }
/// ```
///
/// Its parameters are named by position: `layers.1.weight`, `layers.3.bias`.
public final class Sequential: Module {
    /// The layers, in order.
    public let layers: [Module]

    /// Layers from a builder block (plain statements, `if`, `for`).
    public init(@LayerBuilder _ build: () -> [Module]) {
        layers = build()
        super.init()
    }

    /// Layers from an array.
    public init(_ layers: [Module]) {
        self.layers = layers
        super.init()
    }

    override public func forward(_ input: Tensor) -> Tensor {
        layers.reduce(input) { activation, layer in layer(activation) }
    }
}

/// Builds the layer list of a `Sequential`.
@resultBuilder
public enum LayerBuilder {
    public static func buildExpression(_ layer: Module) -> [Module] { [layer] }
    public static func buildExpression(_ layers: [Module]) -> [Module] { layers }
    public static func buildBlock(_ parts: [Module]...) -> [Module] { parts.flatMap { $0 } }
    public static func buildOptional(_ part: [Module]?) -> [Module] { part ?? [] }
    public static func buildEither(first part: [Module]) -> [Module] { part }
    public static func buildEither(second part: [Module]) -> [Module] { part }
    public static func buildArray(_ parts: [[Module]]) -> [Module] { parts.flatMap { $0 } }
}
