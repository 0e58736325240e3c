/// The operation that upsampling and reflection and replication padding share: every output pixel of
/// the last two axes mixes at most two rows and two columns of the input, chosen per axis
/// (`ResamplingAxis`), in every plane of the leading axes alike.
extension Tensor {
    /// The resampled tensor: the last two axes (the last one only, for a vector) become
    /// `rows.outputSize × columns.outputSize`, recorded as `operation`.
    /// ∂L/∂x[a, b] = Σ r · c · ∂L/∂y[oh, ow] over the outputs that read (a, b), with their tap weights r, c.
    func resampled(rows: ResamplingAxis, columns: ResamplingAxis, operation: GraphOperation) -> Tensor {
        let height = rank >= 2 ? shape[rank - 2] : 1
        precondition(rows.inputSize == height && columns.inputSize == shape[rank - 1], "internal: resampling taps do not fit the shape \(shape)")
        let planes = shape.dropLast(Swift.min(rank, 2)).reduce(1, *)
        let outputShape = rank >= 2 ? shape.dropLast(2) + [rows.outputSize, columns.outputSize] : [columns.outputSize]
        let backend = TensorStorage.backend
        let output = backend.resample(storage, planes: planes, rows: rows, columns: columns)
        return Tensor.record(operation, storage: output, shape: outputShape, input: self, savesNoTensors: true) { [shape] g in
            Tensor(storage: backend.resampleGradient(g.storage, planes: planes, rows: rows, columns: columns), shape: shape)
        }
    }
}
