/// A named tensor of a model's saved state: a parameter or a buffer.
enum StateTensor {
    case parameter(Parameter)
    case buffer(Buffer)

    /// The current value.
    var value: Tensor {
        switch self {
        case .parameter(let parameter): return parameter.value
        case .buffer(let buffer): return buffer.value
        }
    }

    /// "parameter" or "buffer", for messages.
    var kind: String {
        switch self {
        case .parameter: return "parameter"
        case .buffer: return "buffer"
        }
    }

    /// Takes the values of `tensor` (same shape, converted to this tensor's type), keeping the
    /// parameter's identity in the graph and clearing its gradient.
    func assign(_ tensor: Tensor) {
        switch self {
        case .parameter(let parameter):
            parameter.update { $0.assign(tensor) }
            parameter.zeroGrad()
        case .buffer(let buffer):
            buffer.update { $0.assign(tensor) }
        }
    }
}

extension Module {
    /// What a model file holds: every parameter, then every buffer, by dotted name.
    func namedState() -> [(name: String, tensor: StateTensor)] {
        namedParameters().map { ($0.name, StateTensor.parameter($0.parameter)) }
            + namedBuffers().map { ($0.name, StateTensor.buffer($0.buffer)) }
    }

    /// The current values of all parameters and buffers by dotted name (detached copies, as in
    /// PyTorch's `state_dict()`): what `save(to:)` writes and checkpoints keep.
    public func stateTensors() -> [String: Tensor] {
        Dictionary(uniqueKeysWithValues: namedState().map { ($0.name, $0.tensor.value.detached()) })
    }
}
