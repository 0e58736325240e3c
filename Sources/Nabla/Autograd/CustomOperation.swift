/// Operations defined outside Nabla: a fused kernel of your own, a layer written on raw buffers, a
/// function whose gradient you know in closed form. You compute the results yourself and give the rule
/// that maps the gradients of the results to those of the inputs; Nabla records them as one node of
/// the graph, so `backward()`, `checkGradients` and graph pictures treat them like built-in operations.
extension Tensor {
    /// Records an operation with one result.
    ///
    /// `output` is the result, computed by any means (tensor expressions, or raw buffers through
    /// `Tensor(shape:of:filling:)`); it is taken as a plain value. `backward` receives ∂L/∂output and
    /// returns ∂L/∂input for every input, in order, each of its input's shape (`nil` where an input needs
    /// no gradient). It runs with gradient recording off, and must capture only detached tensors. To skip
    /// work for an input that needs no gradient, capture `input.requiresGrad` and return `nil` for it.
    ///
    /// ```swift
    /// // softplus(x) = ln(1 + eˣ), with ∂/∂x = σ(x).
    /// func softplus(_ x: Tensor) -> Tensor {
    ///     let y = withoutGradients { (x.exp() + 1).log() }
    ///     return Tensor.customOperation("softplus", inputs: [x], output: y) { [x = x.detached()] g in
    ///         [g * x.sigmoid()]
    ///     }
    /// }
    /// ```
    ///
    /// A backward rule that returns the wrong number of gradients or a gradient of the wrong shape makes
    /// `backward()` throw `AutogradError.invalidGradient` naming the operation.
    public static func customOperation(
        _ name: String, inputs: [Tensor], output: Tensor, backward: @escaping (_ outputGradient: Tensor) -> [Tensor?]
    ) -> Tensor {
        // An integer result (positions, counts) takes no gradient.
        guard output.dtype.isFloatingPoint else { return output.detached() }
        return record(.custom(name), storage: output.storage, shape: output.shape, inputs: inputs, backward: backward)
    }

    /// Records an operation with several results (a recurrent cell's h and c, values and their
    /// positions) as one node.
    ///
    /// `backward` receives the gradient of every output, `nil` for an output that did not contribute to
    /// the loss, and returns ∂L/∂input for every input, in order, each of its input's shape. As for one
    /// result, it runs with gradient recording off, must capture only detached tensors, and a gradient
    /// that does not fit makes `backward()` throw `AutogradError.invalidGradient`.
    ///
    /// ```swift
    /// // (x + y, x - y) as one operation.
    /// let outputs = withoutGradients { [x + y, x - y] }
    /// let sumAndDifference = Tensor.customOperation("sumAndDifference", inputs: [x, y], outputs: outputs) {
    ///     [shape = x.shape] g in
    ///     let zero = Tensor.zeros(shape)
    ///     let gSum = g[0] ?? zero, gDifference = g[1] ?? zero
    ///     return [gSum + gDifference, gSum - gDifference]
    /// }
    /// ```
    public static func customOperation(
        _ name: String, inputs: [Tensor], outputs: [Tensor],
        backward: @escaping (_ outputGradients: [Tensor?]) -> [Tensor?]
    ) -> [Tensor] {
        record(.custom(name), outputs: outputs, inputs: inputs) { gradients in
            backward(gradients).map { $0.map(InputGradient.dense) }
        }
    }

    /// A new tensor of `shape` whose scalars of type `T` are written by `body` (they start as zeros):
    /// the way to fill a custom operation's result from a raw buffer.
    ///
    /// ```swift
    /// let y = Tensor(shape: [3], of: Float.self) { buffer in
    ///     for i in buffer.indices { buffer[i] = Float(i) * 0.5 }
    /// }
    /// ```
    public init<T: TensorScalar>(shape: [Int], of _: T.Type, filling body: (UnsafeMutableBufferPointer<T>) throws -> Void) rethrows {
        var tensor = Tensor.zeros(shape, dtype: T.dtype)
        try tensor.withUnsafeMutableBufferPointer(as: T.self, body)
        self = tensor
    }
}
