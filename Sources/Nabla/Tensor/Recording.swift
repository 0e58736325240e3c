/// How an operation enters the computation graph: its results, and how to send the gradients of the
/// results back to its inputs.
extension Tensor {
    /// Wraps freshly computed `storage` as the result of `operation`, recording a graph node when
    /// gradients are on and any input requires one. `backward` maps ∂L/∂result to ∂L/∂input for each
    /// input (in order); it must capture only detached tensors, never the result itself.
    ///
    /// `savesNoTensors` tells that `backward` captures only shapes and positions: then the node outlives
    /// a `backward()` (see `GradNode.savesNoTensors`).
    static func record(
        _ operation: GraphOperation, storage: TensorStorage, shape: [Int], inputs: [Tensor], savesNoTensors: Bool = false,
        backward: @escaping (Tensor) -> [Tensor?]
    ) -> Tensor {
        guard GradientMode.isEnabled, inputs.contains(where: { $0.node != nil }) else {
            return Tensor(storage: storage, shape: shape)
        }
        let node = GradNode(operation: operation, inputs: inputs.map(\.edge), shape: shape,
                            dtype: storage.dtype, savesNoTensors: savesNoTensors, backward: .single(backward))
        return Tensor(storage: storage, shape: shape, node: node)
    }

    /// `record` for a rule whose contributions may be sparse (`InputGradient`): a slice's block, an
    /// embedding lookup's rows, a matrix product's factors.
    static func record(
        _ operation: GraphOperation, storage: TensorStorage, shape: [Int], inputs: [Tensor], savesNoTensors: Bool = false,
        sparseBackward backward: @escaping (Tensor) -> [InputGradient?]
    ) -> Tensor {
        guard GradientMode.isEnabled, inputs.contains(where: { $0.node != nil }) else {
            return Tensor(storage: storage, shape: shape)
        }
        let node = GradNode(operation: operation, inputs: inputs.map(\.edge), shape: shape,
                            dtype: storage.dtype, savesNoTensors: savesNoTensors, backward: .singleSparse(backward))
        return Tensor(storage: storage, shape: shape, node: node)
    }

    /// `record` for a single input.
    static func record(
        _ operation: GraphOperation, storage: TensorStorage, shape: [Int], input: Tensor, savesNoTensors: Bool = false,
        backward: @escaping (Tensor) -> Tensor
    ) -> Tensor {
        guard GradientMode.isEnabled, let edge = input.edge else {
            return Tensor(storage: storage, shape: shape)
        }
        let node = GradNode(operation: operation, inputs: [edge], shape: shape,
                            dtype: storage.dtype, savesNoTensors: savesNoTensors, backward: .unary(backward))
        return Tensor(storage: storage, shape: shape, node: node)
    }

    /// Records one node for an operation with any number of `outputs` (plain tensors just computed),
    /// whose `backward` receives the gradients of all outputs (`nil` for an output that did not reach
    /// the loss) and returns a contribution for each input. Returns the outputs, now part of the graph.
    static func record(
        _ operation: GraphOperation, outputs: [Tensor], inputs: [Tensor], savesNoTensors: Bool = false,
        backward: @escaping ([Tensor?]) -> [InputGradient?]
    ) -> [Tensor] {
        guard GradientMode.isEnabled, !outputs.isEmpty, inputs.contains(where: { $0.node != nil }) else {
            return outputs.map { $0.detached() }
        }
        let node = GradNode(operation: operation, inputs: inputs.map(\.edge), shape: outputs[0].shape,
                            dtype: outputs[0].dtype, otherOutputs: outputs.dropFirst().map { ($0.shape, $0.dtype) },
                            savesNoTensors: savesNoTensors, backward: .general(backward))
        // Integer results (positions, counts) take no gradient: they are returned as plain values.
        return outputs.enumerated().map { index, output in
            output.dtype.isFloatingPoint ? Tensor(storage: output.storage, shape: output.shape, node: node, output: index) : output.detached()
        }
    }

    /// The graph edge this tensor stands for, or `nil` when it needs no gradient.
    var edge: GradEdge? { node.map { GradEdge(node: $0, output: outputIndex) } }
}
