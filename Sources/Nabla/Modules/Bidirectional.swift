/// A bidirectional recurrent layer (the notes' bidirectional RNN): the given layer reads each sequence
/// forwards, a second layer of the same configuration (with parameters of its own) reads it backwards,
/// and their outputs are joined step by step, so the output at t sees the whole sequence.
///
/// With lengths, each sample is reversed within its length (the padding stays at the end), so the
/// backward layer starts at each sample's last valid step; its outputs are put back in forward order.
/// Without `returnSequences` the output joins the forward layer's final h (the last valid step) and
/// the backward layer's (which has read back to step 0).
///
/// ```swift
/// let layer = Bidirectional(LSTM(inputSize: 28, hiddenSize: 64))   // [N, 28, 28] → [N, 28, 128]
/// let y = layer(x, lengths: [28, 20])
/// ```
///
/// A wrapped stack (`LSTM(..., layers: 2)`) stacks within each direction: the backward direction's
/// second layer reads only the backward first layer's outputs, never the forward ones. For the usual
/// deep bidirectional network, in which every layer reads both directions' outputs of the layer below
/// (as PyTorch's `bidirectional=True` with `num_layers > 1` does), stack one `Bidirectional` per layer:
///
/// ```swift
/// let deep = Sequential {
///     Bidirectional(LSTM(inputSize: 28, hiddenSize: 64))    // [N, 28, 28] → [N, 28, 128]
///     Bidirectional(LSTM(inputSize: 128, hiddenSize: 64))   // both directions of layer 1 → [N, 28, 128]
/// }
/// ```
public final class Bidirectional: Module, Layer {
    /// The layer that reads the sequences forwards.
    public let forwardLayer: any RecurrentLayer
    /// The layer that reads them backwards.
    public let backwardLayer: any RecurrentLayer
    /// How the two outputs are joined.
    public let merge: BidirectionalMerge

    /// Wraps `forward` (not stateful: a backward pass over a piece of a longer sequence would start
    /// from the wrong end) and adds a freshly initialised copy for the backward direction.
    public init(_ forward: any RecurrentLayer, merge: BidirectionalMerge = .concatenate) {
        require(!forward.isStateful, "Bidirectional: the wrapped layer \(forward) must not be stateful")
        forwardLayer = forward
        backwardLayer = forward.reinitializedCopy()
        self.merge = merge
        super.init()
    }

    /// The features of each output step: 2H when concatenating, H when summing.
    public var outputSize: Int { merge == .concatenate ? 2 * forwardLayer.hiddenSize : forwardLayer.hiddenSize }

    /// `[N, T, D]` → `[N, T, outputSize]`, or `[N, outputSize]` when the wrapped layer does not return sequences.
    public func forward(_ input: Tensor) -> Tensor { forward(input, lengths: nil) }

    /// `forward` for sequences with `lengths` valid steps (each in 0...T); outputs beyond a length are 0.
    public func forward(_ input: Tensor, lengths: [Int]?) -> Tensor {
        require(input.rank == 3, "\(self) expects input of shape [N, T, \(forwardLayer.inputSize)], got \(input.shape)")
        if let lengths {
            require(lengths.count == input.shape[0], "\(self): \(lengths.count) lengths for input of shape \(input.shape); expected one per sample")
        }
        // Both runs are reported to a running summary, which lists them for a Bidirectional summarised alone.
        let ahead = forwardLayer.recordCall(forwardLayer.run(input, initialState: nil, lengths: lengths))
        let reversed = Bidirectional.reversed(input, lengths: lengths)
        let back = backwardLayer.recordCall(backwardLayer.run(reversed, initialState: nil, lengths: lengths))
        let parts = forwardLayer.returnSequences
            ? [ahead.output, Bidirectional.reversed(back.output, lengths: lengths)]
            : [ahead.state.hidden[forwardLayer.layerCount - 1], back.state.hidden[backwardLayer.layerCount - 1]]
        switch merge {
        case .concatenate: return Tensor.concatenate(parts, alongAxis: -1)
        case .sum: return parts[0] + parts[1]
        }
    }

    /// Runs `forward(_:lengths:)`, reporting the call to a running `summary`.
    public func callAsFunction(_ input: Tensor, lengths: [Int]?) -> Tensor {
        recordCall(forward(input, lengths: lengths))
    }

    /// `sequences` `[N, T, F]` with the first `lengths[n]` steps of sample n in reverse order (all T
    /// steps without lengths) and the steps after them in place. Reversing twice gives the input back;
    /// ∂L/∂x is ∂L/∂y reversed the same way.
    public static func reversed(_ sequences: Tensor, lengths: [Int]?) -> Tensor {
        require(sequences.rank == 3, "Bidirectional.reversed: expected sequences [N, T, F], got \(sequences.shape)")
        let (batchSize, steps, features) = (sequences.shape[0], sequences.shape[1], sequences.shape[2])
        let validSteps = lengths ?? Array(repeating: steps, count: batchSize)
        require(validSteps.count == batchSize && validSteps.allSatisfy { (0...steps).contains($0) },
                "Bidirectional.reversed: lengths \(validSteps) do not fit \(batchSize) sequences of \(steps) steps")
        let rows = (0..<batchSize).flatMap { n in
            (0..<steps).map { t in n * steps + (t < validSteps[n] ? validSteps[n] - 1 - t : t) }
        }
        return sequences.reshaped([batchSize * steps, features]).indexSelect(alongAxis: 0, checkedIndices: rows)
            .reshaped([batchSize, steps, features])
    }
}

extension Bidirectional: CustomStringConvertible {
    /// The layer as text, with its sizes, as summaries and error messages show it.
    public var description: String { "Bidirectional(\(forwardLayer), \(merge))" }
}
