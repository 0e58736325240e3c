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
    /// A single layer written as a statement.
    public static func buildExpression(_ layer: Module) -> [Module] { [layer] }
    /// An array of layers written as a statement, spliced in order.
    public static func buildExpression(_ layers: [Module]) -> [Module] { layers }
    /// The layers of all statements of a block, in order.
    public static func buildBlock(_ parts: [Module]...) -> [Module] { parts.flatMap { $0 } }
    /// An `if` without `else`: its layers when the condition holds, otherwise none.
    public static func buildOptional(_ part: [Module]?) -> [Module] { part ?? [] }
    /// The layers of the `if` branch of an `if`–`else`.
    public static func buildEither(first part: [Module]) -> [Module] { part }
    /// The layers of the `else` branch of an `if`–`else`.
    public static func buildEither(second part: [Module]) -> [Module] { part }
    /// A `for` loop: the layers of all its iterations, in order.
    public static func buildArray(_ parts: [[Module]]) -> [Module] { parts.flatMap { $0 } }
}
