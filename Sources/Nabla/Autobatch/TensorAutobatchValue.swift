/// `Tensor` as an `AutobatchValue`: the per-example operations run at once, one example at a time. These
/// are the eager counterparts that `LazyTensor`'s batched results equal.
extension Tensor: AutobatchValue {
    /// Row `index` of `table`, without the row axis.
    /// - Throws: `TensorValueError` when `index` is outside the table's rows.
    public static func embedding(_ table: Tensor, index: Int) throws -> Tensor {
        try table.indexSelect(alongAxis: 0, indices: [index]).reshaped(Array(table.shape.dropFirst()))
    }

    /// x·Wᵀ + b on the last axis, with `weight` `[out, in]` and `bias` `[out]` (as `Linear`).
    public func linear(weight: Tensor, bias: Tensor?) -> Tensor {
        LazyTensor.requireLinear(shape: shape, dtype: dtype, weight: weight, bias: bias)
        let product = matmul(weight, transposingOther: true)
        return bias.map { product + $0 } ?? product
    }

    /// The tensors joined along their first axis.
    public static func concatenated(_ values: [Tensor]) -> Tensor { concatenate(values, alongAxis: 0) }

    /// The elements `range` of the first axis.
    public func sliced(_ range: Range<Int>) -> Tensor { sliced(alongAxis: 0, range) }

    /// The sum of `values`, all of one shape.
    public static func total(_ values: [Tensor]) -> Tensor {
        require(!values.isEmpty, "Tensor.total: needs at least one value")
        return values.dropFirst().reduce(values[0], +)
    }

    /// −ln softmax(z)[label] for logits z `[k]` (a scalar).
    /// - Throws: `TensorValueError` when `label` is outside `0..<k`.
    public func crossEntropy(label: Int) throws -> Tensor {
        require(rank == 1, "Tensor.crossEntropy(label:): expects logits of shape [classes], got \(shape)")
        return try Tensor.crossEntropy(logits: reshaped([1, shape[0]]), labels: Tensor(indices: [label]), reduction: .none).reshaped([])
    }

    /// One LSTM step (`Tensor.lstm` over one step of one sequence) from the gates' input part `[4H]`,
    /// h and c `[H]` and `recurrentWeight` `[4H, H]`.
    /// - Throws: `TensorValueError` when the shapes do not fit.
    public static func lstmCell(projectedInput: Tensor, hidden: Tensor, cell: Tensor,
                                recurrentWeight: Tensor) throws -> (hidden: Tensor, cell: Tensor) {
        try LazyTensor.requireLSTMCell(projectedInput: projectedInput.shape, hidden: hidden.shape, cell: cell.shape, recurrentWeight: recurrentWeight.shape)
        let size = hidden.shape[0]
        let step = try lstm(projectedInput: projectedInput.reshaped([1, 1, 4 * size]), recurrentWeight: recurrentWeight,
                            initialHidden: hidden.reshaped([1, size]), initialCell: cell.reshaped([1, size]))
        return (step.hidden.reshaped([size]), step.cell.reshaped([size]))
    }

    /// `body(self)`, checked to return `resultShape` (this tensor's shape unless given) and this element type.
    /// - Throws: `AutobatchError.unexpectedResult` otherwise, and what `body` throws.
    public func applying(_ name: String, resultShape: [Int]? = nil, _ body: @escaping (Tensor) throws -> Tensor) throws -> Tensor {
        let result = try body(self)
        guard result.shape == resultShape ?? shape, result.dtype == dtype else {
            throw AutobatchError.unexpectedResult(operation: name, expectedShape: resultShape ?? shape, expectedType: dtype,
                                                  shape: result.shape, dtype: result.dtype)
        }
        return result
    }
}
