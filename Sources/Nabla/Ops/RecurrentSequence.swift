/// The sizes shared by all recurrent sequence ops, read from their inputs and checked against each other.
struct RecurrentGeometry {
    /// N: the sequences in the batch.
    let batchSize: Int
    /// T: the time steps.
    let steps: Int
    /// H: the hidden units.
    let hiddenSize: Int
}

extension Tensor {
    /// Checks the inputs of a recurrent sequence op whose cell has `gateCount` blocks of H gate values:
    /// projectedInput `[N, T, gateCount·H]`, recurrentWeight `[gateCount·H, H]`, the states `[N, H]`,
    /// mask `[N, T]` and recurrentMask `[N, H]`, all of one floating-point type.
    /// - Throws: `TensorValueError` naming `operation`, the arguments and their shapes.
    static func recurrentGeometry(
        _ operation: String, projectedInput: Tensor, recurrentWeight: Tensor, gateCount: Int,
        states: KeyValuePairs<String, Tensor>, mask: Tensor?, recurrentMask: Tensor?
    ) throws -> RecurrentGeometry {
        func fail(_ message: String) -> TensorValueError { TensorValueError(operation: operation, message: message) }
        guard recurrentWeight.rank == 2, recurrentWeight.shape[0] == gateCount * recurrentWeight.shape[1] else {
            throw fail("recurrentWeight of shape \(recurrentWeight.shape) is not [\(gateCount)·H, H] for any hidden size H")
        }
        let hiddenSize = recurrentWeight.shape[1]
        guard projectedInput.rank == 3, projectedInput.shape[2] == gateCount * hiddenSize else {
            throw fail("projectedInput of shape \(projectedInput.shape) does not fit recurrentWeight of shape \(recurrentWeight.shape): expected [N, T, \(gateCount * hiddenSize)]")
        }
        let geometry = RecurrentGeometry(batchSize: projectedInput.shape[0], steps: projectedInput.shape[1], hiddenSize: hiddenSize)
        let stateShape = [geometry.batchSize, hiddenSize]
        var named: [(String, Tensor)] = [("projectedInput", projectedInput), ("recurrentWeight", recurrentWeight)]
        for (name, state) in states {
            guard state.shape == stateShape else {
                throw fail("\(name) of shape \(state.shape) does not fit projectedInput of shape \(projectedInput.shape) and recurrentWeight of shape \(recurrentWeight.shape): expected \(stateShape)")
            }
            named.append((name, state))
        }
        if let mask {
            guard mask.shape == [geometry.batchSize, geometry.steps] else {
                throw fail("mask of shape \(mask.shape) does not fit projectedInput of shape \(projectedInput.shape): expected [\(geometry.batchSize), \(geometry.steps)]")
            }
            named.append(("mask", mask))
        }
        if let recurrentMask {
            guard recurrentMask.shape == stateShape else {
                throw fail("recurrentMask of shape \(recurrentMask.shape) does not fit projectedInput of shape \(projectedInput.shape) and recurrentWeight of shape \(recurrentWeight.shape): expected \(stateShape)")
            }
            named.append(("recurrentMask", recurrentMask))
        }
        guard projectedInput.dtype.isFloatingPoint else {
            throw fail("projectedInput holds \(projectedInput.dtype); recurrent ops need float32 or float64")
        }
        if let (name, other) = named.first(where: { $0.1.dtype != projectedInput.dtype }) {
            throw fail("\(name) holds \(other.dtype) but projectedInput holds \(projectedInput.dtype); convert one with converted(to:)")
        }
        return geometry
    }
}

extension Tensor {
    /// Runs `layout.cell` over the sequence as one graph node with the results `[outputs, hidden]` (and
    /// `cell` for an LSTM), whose backward pass runs backpropagation through time in the kernels.
    /// The inputs have been checked by `recurrentGeometry`.
    static func recurrentSequence(
        _ operation: GraphOperation, layout: RecurrentLayout, projectedInput: Tensor, recurrentWeight: Tensor, initialHidden: Tensor,
        initialCell: Tensor?, peepholes: Tensor?, mask: Tensor?, recurrentMask: Tensor?
    ) -> [Tensor] {
        let backend = TensorStorage.backend
        let inputs = RecurrentOperands(
            projectedInput: projectedInput.storage, recurrentWeight: recurrentWeight.storage, initialHidden: initialHidden.storage,
            initialCell: initialCell?.storage, peepholes: peepholes?.storage, mask: mask?.storage, recurrentMask: recurrentMask?.storage)
        let trace = backend.recurrentForward(layout, inputs)
        let stateShape = [layout.batchSize, layout.hiddenSize]
        var outputs = [Tensor(storage: trace.outputs, shape: [layout.batchSize, layout.steps, layout.hiddenSize]),
                       Tensor(storage: trace.finalHidden, shape: stateShape)]
        if let finalCell = trace.finalCell { outputs.append(Tensor(storage: finalCell, shape: stateShape)) }
        let optional: [Tensor?] = [initialCell, peepholes, mask, recurrentMask]
        let recorded = [projectedInput, recurrentWeight, initialHidden] + optional.compactMap { $0 }
        // Each recorded input's shape, in order; the gradients come back in the same order.
        let shapes = recorded.map(\.shape)
        return record(operation, outputs: outputs, inputs: recorded) { gradients in
            let result = backend.recurrentBackward(layout, inputs, trace, outputGradient: gradients[0]?.storage, finalHiddenGradient: gradients[1]?.storage,
                                                   finalCellGradient: gradients.count > 2 ? gradients[2]?.storage : nil)
            return zip(result.present, shapes).map { InputGradient.dense(Tensor(storage: $0, shape: $1)) }
        }
    }
}
