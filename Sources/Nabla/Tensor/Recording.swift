/// How an operation enters the computation graph: its result, and how to send the gradient of the
/// result back to its inputs.
extension Tensor {
    /// Wraps freshly computed `storage` as the result of `operation`, recording a graph node when
    /// gradients are on and any input requires one. `backward` maps ∂L/∂result to ∂L/∂input for each
    /// input (in order); it must capture only detached tensors, never the result itself.
    static func record(
        _ operation: String, storage: TensorStorage, shape: [Int], inputs: [Tensor],
        backward: @escaping (Tensor) -> [Tensor?]
    ) -> Tensor {
        guard GradientMode.isEnabled, inputs.contains(where: { $0.node != nil }) else {
            return Tensor(storage: storage, shape: shape)
        }
        let node = GradNode(operation: operation, inputs: inputs.map(\.node), shape: shape,
                            dtype: storage.dtype, backward: backward)
        return Tensor(storage: storage, shape: shape, node: node)
    }

    /// `record` for a single input.
    static func record(
        _ operation: String, storage: TensorStorage, shape: [Int], input: Tensor,
        backward: @escaping (Tensor) -> Tensor
    ) -> Tensor {
        guard GradientMode.isEnabled, let inputNode = input.node else {
            return Tensor(storage: storage, shape: shape)
        }
        let node = GradNode(operation: operation, inputs: [inputNode], shape: shape,
                            dtype: storage.dtype, backward: { [backward($0)] })
        return Tensor(storage: storage, shape: shape, node: node)
    }
}
