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
/// Its parameters are named by position: `layers.1.weight`, `layers.3.bias`. It holds `Layer`s
/// (tensor in, tensor out), and is one itself, so sequences nest.
public final class Sequential: Module, Layer {
    /// The layers, in order.
    public let layers: [any Layer]

    /// Layers from a builder block (plain statements, `if`, `for`).
    public init(@LayerBuilder _ build: () -> [any Layer]) {
        layers = build()
        super.init()
    }

    /// Layers from an array.
    public init(_ layers: [any Layer]) {
        self.layers = layers
        super.init()
    }

    /// Each layer's output is the next one's input.
    public func forward(_ input: Tensor) -> Tensor {
        layers.reduce(input) { activation, layer in layer(activation) }
    }
}

/// Builds the layer list of a `Sequential`.
@resultBuilder
public enum LayerBuilder {
    /// A single layer written as a statement.
    public static func buildExpression(_ layer: any Layer) -> [any Layer] { [layer] }
    /// An array of layers written as a statement, spliced in order.
    public static func buildExpression(_ layers: [any Layer]) -> [any Layer] { layers }
    /// The layers of all statements of a block, in order.
    public static func buildBlock(_ parts: [any Layer]...) -> [any Layer] { parts.flatMap { $0 } }
    /// An `if` without `else`: its layers when the condition holds, otherwise none.
    public static func buildOptional(_ part: [any Layer]?) -> [any Layer] { part ?? [] }
    /// The layers of the `if` branch of an `if`–`else`.
    public static func buildEither(first part: [any Layer]) -> [any Layer] { part }
    /// The layers of the `else` branch of an `if`–`else`.
    public static func buildEither(second part: [any Layer]) -> [any Layer] { part }
    /// A `for` loop: the layers of all its iterations, in order.
    public static func buildArray(_ parts: [[any Layer]]) -> [any Layer] { parts.flatMap { $0 } }
}
